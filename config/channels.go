package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/chat"
)

// ChannelConfig is one [[notify.channel]]: a team chat's incoming-webhook
// robot. The webhook URL holds the robot's token, so it comes from the
// environment or a command like a password, never from the file.
type ChannelConfig struct {
	Name string `toml:"name"` // what notify lists call it: "wecom", "sales-dingtalk"
	Kind string `toml:"kind"` // wecom | dingtalk | feishu | slack | teams | webhook
	// URLEnv names the variable holding the webhook URL; URLCmd prints it.
	URLEnv string `toml:"url_env"`
	URLCmd string `toml:"url_cmd"`
	// SecretEnv / SecretCmd give the signing secret: DingTalk's "加签" and
	// Feishu's "签名校验" robots sign each request; a generic webhook gets an
	// X-Keepwarm-Signature.
	SecretEnv string `toml:"secret_env"`
	SecretCmd string `toml:"secret_cmd"`
	// Proxy is socks5://host:port or http://host:port; "" = [notify] proxy.
	Proxy string `toml:"proxy"`
	// ProxyPasswordEnv or ProxyPasswordCmd give the password of the user
	// written in Proxy (socks5://user@host:port), kept out of the file as
	// a [[mailbox]]'s proxy password is.
	ProxyPasswordEnv string `toml:"proxy_password_env"`
	ProxyPasswordCmd string `toml:"proxy_password_cmd"`
	// Timeout bounds one post [15s].
	Timeout Duration `toml:"timeout"`
	// PerMinute lowers the rate keepwarm posts at, up to one under the
	// platform's limit (WeCom and DingTalk 20, Feishu 100, Slack 60, Teams
	// 60, webhook 60).
	PerMinute int `toml:"per_minute"`
	// Keyword is the keyword of a DingTalk or Feishu robot set to keywords
	// (自定义关键词): every message carries it.
	Keyword string `toml:"keyword"`
}

// ProxyConnection is the channel's own proxy as a Connection's, for its
// ProxyURL and ProxyPasswordInline; its Proxy is "" when the channel has
// none (it posts through [notify]'s).
func (ch ChannelConfig) ProxyConnection() Connection {
	return Connection{Proxy: ch.Proxy, ProxyPasswordEnv: ch.ProxyPasswordEnv, ProxyPasswordCmd: ch.ProxyPasswordCmd}
}

var channelName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// Channel returns the [[notify.channel]] named name.
func (c *Config) Channel(name string) (ChannelConfig, bool) {
	for _, ch := range c.Notify.Channels {
		if ch.Name == name {
			return ch, true
		}
	}
	return ChannelConfig{}, false
}

// NotifyTarget is one entry of a salesperson's notify list.
type NotifyTarget struct {
	Channel string // "email" or a channel name
	Mention string // the id to @-mention; "" = none
}

// NotifyTargets parses a salesperson's notify list (validated); an unset
// list is ["email"].
func (s SalespersonConfig) NotifyTargets() []NotifyTarget { return notifyTargets(s.Notify) }

func notifyTargets(list []string) []NotifyTarget {
	if list == nil {
		return []NotifyTarget{{Channel: "email"}}
	}
	out := make([]NotifyTarget, 0, len(list))
	for _, e := range list {
		ch, id, _ := strings.Cut(strings.TrimSpace(e), ":")
		out = append(out, NotifyTarget{Channel: strings.TrimSpace(ch), Mention: strings.TrimSpace(id)})
	}
	return out
}

// ManagerSalesperson returns the [[salesperson]] block of team.manager, if
// the manager has one.
func (c *Config) ManagerSalesperson() (SalespersonConfig, bool) {
	for _, s := range c.Salespeople {
		if c.Team.Manager != "" && strings.EqualFold(s.Email, c.Team.Manager) {
			return s, true
		}
	}
	return SalespersonConfig{}, false
}

// ManagerNotifyTargets is where the manager's nudges go: their
// [[salesperson]] notify when they are one, else [team] notify, else mail.
func (c *Config) ManagerNotifyTargets() []NotifyTarget {
	if s, ok := c.ManagerSalesperson(); ok {
		return s.NotifyTargets()
	}
	return notifyTargets(c.Team.Notify)
}

// ChannelWarnings names the chat channels whose per_minute is the
// platform's own limit: keepwarm posts one under it (the platform counts
// its minute on its own clock, and a robot posting at its limit is refused
// now and then; DingTalk then blocks it for 10 minutes), and WeCom and
// DingTalk mentions of digits alone read as a user id that earlier builds
// took for a mobile (mentionWarnings). The daemon and `keepwarm check`
// say each.
func (c *Config) ChannelWarnings() []string {
	var out []string
	for i, ch := range c.Notify.Channels {
		if lim := chat.DefaultLimit(ch.Kind).PerMinute; lim > 1 && ch.PerMinute == lim {
			out = append(out, fmt.Sprintf("%s: %d is the platform's own limit, at which it refuses posts now and then as too fast: keepwarm posts at most %d a minute; write %d (or leave it out)",
				keyPath(nil).item("notify.channel", i, ch.Name, true).at("per_minute"), ch.PerMinute, lim-1, lim-1))
		}
	}
	for i, s := range c.Salespeople {
		out = append(out, c.mentionWarnings(salespersonKey(i, s).at("notify"), s.Notify)...)
	}
	if _, isSales := c.ManagerSalesperson(); !isSales {
		out = append(out, c.mentionWarnings("team.notify", c.Team.Notify)...)
	}
	return out
}

// mentionWarnings names a WeCom or DingTalk mention of 7 to 15 digits
// alone that is read as a user id (keepwarm.IsMobile): earlier builds took
// any run of 6 or more digits for a mobile, so a config written for them
// ("dingtalk:8613800000000", "wecom:91234567") now pings nobody, and the
// platform says nothing.
func (c *Config) mentionWarnings(key string, list []string) []string {
	var out []string
	for _, t := range notifyTargets(list) {
		ch, ok := c.Channel(t.Channel)
		if !ok || ch.Kind != chat.WeCom && ch.Kind != chat.DingTalk {
			continue
		}
		if m := t.Mention; len(m) >= 7 && len(m) <= 15 && allDigits(m) && !keepwarm.IsMobile(m) {
			out = append(out, fmt.Sprintf("%s: %q is read as a user id, not a mobile (earlier builds read any 6 or more digits as a mobile): if it is a mobile, write it +<country code><number>, e.g. \"%s:+8613800000000\"",
				key, t.Channel+":"+m, t.Channel))
		}
	}
	return out
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// NudgeWarnings names the people who would be nudged (each salesperson;
// the manager when they own a mailbox or escalate = true) but whose nudges
// go by mail only while [notify] has no smtp_url and chat channels are
// configured (the team nudges through its chats): their nudges reach
// nobody. The daemon and `keepwarm check` say each.
func (c *Config) NudgeWarnings() []string {
	if c.Notify.Enabled() || len(c.Notify.Channels) == 0 {
		return nil
	}
	mailOnly := func(ts []NotifyTarget) bool {
		for _, t := range ts {
			if t.Channel != "email" {
				return false
			}
		}
		return true
	}
	var out []string
	for i, s := range c.Salespeople {
		if mailOnly(s.NotifyTargets()) {
			out = append(out, fmt.Sprintf("%s: %s gets nudges by mail, but [notify] has no smtp_url: their nudges reach nobody; list a chat channel, e.g. notify = [\"%s\"], or set up [notify]",
				salespersonKey(i, s).at("notify"), s.Email, c.Notify.Channels[0].Name))
		}
	}
	if _, isSales := c.ManagerSalesperson(); c.Team.Manager == "" || isSales || !mailOnly(c.ManagerNotifyTargets()) {
		return out
	}
	why := ""
	for _, m := range c.Mailboxes {
		if m.Owner == c.Team.Manager {
			why = fmt.Sprintf("owns mailbox %q (its mail from unknown senders and the pool's is nudged to them)", m.Name)
			break
		}
	}
	if why == "" && c.Replies.Escalate {
		why = "gets the target nudge (escalate = true)"
	}
	if why != "" {
		out = append(out, fmt.Sprintf("team.notify: the manager %s %s by mail, but [notify] has no smtp_url: those nudges reach nobody; set [team] notify = [\"%s\"], or set up [notify]",
			c.Team.Manager, why, c.Notify.Channels[0].Name))
	}
	return out
}

// validateChannels checks [[notify.channel]] and the salespeople's notify lists.
func (c *Config) validateChannels(bad func(key, format string, args ...any)) {
	seen := map[string]bool{}
	for i, ch := range c.Notify.Channels {
		key := keyPath(nil).item("notify.channel", i, ch.Name, true).at
		if !channelName.MatchString(ch.Name) || ch.Name == "email" {
			bad(key("name"), "%q: name the channel with lower-case letters, digits, - or _ (not \"email\"), e.g. name = \"wecom\"", ch.Name)
		} else if seen[ch.Name] {
			bad(key("name"), "%q is taken by another channel: give each [[notify.channel]] its own name", ch.Name)
		}
		seen[ch.Name] = true
		if !slices.Contains(chat.Kinds, ch.Kind) {
			bad(key("kind"), "%q: use one of %s", ch.Kind, strings.Join(chat.Kinds, ", "))
		}
		if (ch.URLEnv == "") == (ch.URLCmd == "") {
			bad(key("url_env"), "set exactly one of url_env and url_cmd: the robot's webhook URL holds its token, so it is kept out of the file")
		}
		unspaced(bad, key("url_env"), ch.URLEnv, true)
		unspaced(bad, key("secret_env"), ch.SecretEnv, true)
		unspaced(bad, key("proxy_password_env"), ch.ProxyPasswordEnv, true)
		if ch.SecretEnv != "" && ch.SecretCmd != "" {
			bad(key("secret_env"), "set at most one of secret_env and secret_cmd")
		}
		if (ch.SecretEnv != "" || ch.SecretCmd != "") && (ch.Kind == chat.WeCom || ch.Kind == chat.Slack || ch.Kind == chat.Teams) {
			bad(key("secret_env"), "%s robots do not sign requests: remove secret_env/secret_cmd", ch.Kind)
		}
		validateProxyKeys(key, ch.Proxy, ch.ProxyPasswordEnv, ch.ProxyPasswordCmd,
			"set the channel's proxy = \"socks5://user@host:port\", or remove it (a channel without proxy uses [notify]'s, with [notify]'s proxy_password_env)", bad)
		if t := ch.Timeout.Duration; t != 0 && (t < time.Second || t > 5*time.Minute) {
			bad(key("timeout"), "%s: use between \"1s\" and \"5m\", or leave it out for 15s", t)
		}
		if ch.Keyword != "" && ch.Kind != chat.DingTalk && ch.Kind != chat.Feishu {
			bad(key("keyword"), "%s robots have no keyword setting: remove keyword (it is for DingTalk and Feishu robots set to keywords)", ch.Kind)
		} else if strings.TrimSpace(ch.Keyword) != ch.Keyword || strings.ContainsAny(ch.Keyword, "\r\n") {
			bad(key("keyword"), "%q: write the keyword as the robot has it, without spaces around it or line breaks", ch.Keyword)
		}
		// Up to one under the platform's limit: the platform counts its
		// minute on its own clock, so a robot posting at the limit is
		// refused now and then (DingTalk then blocks it for 10 minutes).
		// Up to the platform's limit, which is warned of and lowered by one
		// (ChannelWarnings): a config written for a version that took it
		// keeps the daemon starting.
		if lim := chat.DefaultLimit(ch.Kind).PerMinute; ch.PerMinute < 0 || ch.PerMinute > lim && lim > 0 {
			bad(key("per_minute"), "%d: use 1 to %d, one under the platform's limit of %d a minute (the platform counts its minute on its own clock, so posting at its limit gets posts refused as too fast), or leave it out",
				ch.PerMinute, chat.PostingLimit(ch.Kind).PerMinute, lim)
		}
	}
	for i, s := range c.Salespeople {
		c.validateNotifyList(salespersonKey(i, s).at("notify"), s.Notify, bad)
	}
	if c.Team.Notify != nil {
		if _, ok := c.ManagerSalesperson(); ok {
			bad("team.notify", "the manager is a [[salesperson]]: set notify in their [[salesperson]] block instead")
		} else if c.Team.Manager == "" {
			bad("team.notify", "there is no team.manager to nudge: set team.manager, or remove team.notify")
		}
		c.validateNotifyList("team.notify", c.Team.Notify, bad)
	}
}

// validateNotifyList checks one person's notify list (key names it).
func (c *Config) validateNotifyList(key string, list []string, bad func(key, format string, args ...any)) {
	if list != nil && len(list) == 0 {
		bad(key, "is empty: this person would get no nudges; list \"email\" and/or a channel, or remove the key")
	}
	used := map[string]bool{}
	for _, t := range notifyTargets(list) {
		if used[t.Channel] {
			bad(key, "names %q twice: list each channel once", t.Channel)
		}
		used[t.Channel] = true
		if t.Channel == "email" {
			if t.Mention != "" {
				bad(key, "\"email:%s\": email takes no id; write \"email\"", t.Mention)
			}
			if list != nil && !c.Notify.Enabled() {
				bad(key, "lists \"email\" but [notify] has no smtp_url: set up [notify] or remove \"email\"")
			}
			continue
		}
		ch, ok := c.Channel(t.Channel)
		if !ok {
			var names []string
			for _, ch := range c.Notify.Channels {
				names = append(names, ch.Name)
			}
			known := "there is none yet"
			if len(names) > 0 {
				known = "known: " + strings.Join(names, ", ")
			}
			bad(key, "%q names no [[notify.channel]] (%s): add one with name = %q, or fix the name", t.Channel, known, t.Channel)
			continue
		}
		if ch.Kind == chat.Teams {
			// Teams mentions a person by UPN (lily@acme.com) or Microsoft
			// Entra object id: an @ belongs to it.
			if t.Mention != "" && (strings.ContainsAny(t.Mention, " <>\"") || strings.HasPrefix(t.Mention, "@")) {
				bad(key, "%q: write the person's UPN or Microsoft Entra object id alone, e.g. \"%s:lily@example.com\"", t.Mention, t.Channel)
			} else if keepwarm.IsMobile(t.Mention) {
				bad(key, "%q: a teams webhook cannot @-mention by mobile: use the person's UPN (lily@example.com) or Microsoft Entra object id", t.Channel+":"+t.Mention)
			}
		} else if strings.ContainsAny(t.Mention, " <>@\"") {
			bad(key, "%q: write the id to @-mention alone, e.g. \"%s:lily\" or \"%s:13800000000\"", t.Mention, t.Channel, t.Channel)
		} else if keepwarm.IsMobile(t.Mention) && (ch.Kind == chat.Feishu || ch.Kind == chat.Slack) {
			bad(key, "%q: a %s robot cannot @-mention by mobile: use the person's %s", t.Channel+":"+t.Mention, ch.Kind, map[string]string{chat.Feishu: "user id or open_id (ou_...)", chat.Slack: "member id (U...)"}[ch.Kind])
		}
	}
}
