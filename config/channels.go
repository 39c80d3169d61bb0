package config

import (
	"net/url"
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
	Kind string `toml:"kind"` // wecom | dingtalk | feishu | slack | webhook
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
	// Timeout bounds one post [15s].
	Timeout Duration `toml:"timeout"`
	// PerMinute lowers the platform's rate limit (WeCom and DingTalk 20,
	// Feishu 100, Slack 60, webhook 60).
	PerMinute int `toml:"per_minute"`
	// Keyword is the keyword of a DingTalk or Feishu robot set to keywords
	// (自定义关键词): every message carries it.
	Keyword string `toml:"keyword"`
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
func (s SalespersonConfig) NotifyTargets() []NotifyTarget {
	if s.Notify == nil {
		return []NotifyTarget{{Channel: "email"}}
	}
	out := make([]NotifyTarget, 0, len(s.Notify))
	for _, e := range s.Notify {
		ch, id, _ := strings.Cut(strings.TrimSpace(e), ":")
		out = append(out, NotifyTarget{Channel: strings.TrimSpace(ch), Mention: strings.TrimSpace(id)})
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
		if ch.SecretEnv != "" && ch.SecretCmd != "" {
			bad(key("secret_env"), "set at most one of secret_env and secret_cmd")
		}
		if (ch.SecretEnv != "" || ch.SecretCmd != "") && (ch.Kind == chat.WeCom || ch.Kind == chat.Slack) {
			bad(key("secret_env"), "%s robots do not sign requests: remove secret_env/secret_cmd", ch.Kind)
		}
		if ch.Proxy != "" {
			u, err := url.Parse(ch.Proxy)
			if err != nil || u.Host == "" || (u.Scheme != "socks5" && u.Scheme != "socks5h" && u.Scheme != "http") {
				bad(key("proxy"), "is not a proxy URL: write it like \"socks5://127.0.0.1:1080\" or \"http://proxy.example.com:3128\"")
			}
		}
		if t := ch.Timeout.Duration; t != 0 && (t < time.Second || t > 5*time.Minute) {
			bad(key("timeout"), "%s: use between \"1s\" and \"5m\", or leave it out for 15s", t)
		}
		if ch.Keyword != "" && ch.Kind != chat.DingTalk && ch.Kind != chat.Feishu {
			bad(key("keyword"), "%s robots have no keyword setting: remove keyword (it is for DingTalk and Feishu robots set to keywords)", ch.Kind)
		} else if strings.TrimSpace(ch.Keyword) != ch.Keyword || strings.ContainsAny(ch.Keyword, "\r\n") {
			bad(key("keyword"), "%q: write the keyword as the robot has it, without spaces around it or line breaks", ch.Keyword)
		}
		if lim := chat.DefaultLimit(ch.Kind).PerMinute; ch.PerMinute < 0 || ch.PerMinute > lim && lim > 0 {
			bad(key("per_minute"), "%d: use 1 to %d (the platform's own limit), or leave it out", ch.PerMinute, lim)
		}
	}
	for i, s := range c.Salespeople {
		key := salespersonKey(i, s).at("notify")
		if s.Notify != nil && len(s.Notify) == 0 {
			bad(key, "is empty: this person would get no nudges; list \"email\" and/or a channel, or remove the key")
		}
		used := map[string]bool{}
		for _, t := range s.NotifyTargets() {
			if used[t.Channel] {
				bad(key, "names %q twice: list each channel once", t.Channel)
			}
			used[t.Channel] = true
			if t.Channel == "email" {
				if t.Mention != "" {
					bad(key, "\"email:%s\": email takes no id; write \"email\"", t.Mention)
				}
				if s.Notify != nil && !c.Notify.Enabled() {
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
			if strings.ContainsAny(t.Mention, " <>@\"") {
				bad(key, "%q: write the id to @-mention alone, e.g. \"%s:lily\" or \"%s:13800000000\"", t.Mention, t.Channel, t.Channel)
			} else if keepwarm.IsMobile(t.Mention) && (ch.Kind == chat.Feishu || ch.Kind == chat.Slack) {
				bad(key, "%q: a %s robot cannot @-mention by mobile: use the person's %s", t.Channel+":"+t.Mention, ch.Kind, map[string]string{chat.Feishu: "user id or open_id (ou_...)", chat.Slack: "member id (U...)"}[ch.Kind])
			}
		}
	}
}
