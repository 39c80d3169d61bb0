package config

import (
	"reflect"
	"slices"
	"strings"
	"time"

	"keepwarm/sequences"
)

// NotifyMailbox is the outbox mailbox name of the [notify] system sender.
const NotifyMailbox = "notify"

// RepliesConfig is [replies]: the reply clock and its nudges (docs/rules.md rule 1).
type RepliesConfig struct {
	// ReplyTarget defaults to [team].reply_target.
	ReplyTarget  Duration            `toml:"reply_target"`
	GradeTargets map[string]Duration `toml:"grade_targets"`
	NudgeAfter   Duration            `toml:"nudge_after"`
	Escalate     bool                `toml:"escalate"`
	// NudgeBacklogLimit: unanswered mail older than this gets no nudge (it
	// goes to the digest), so a start-up after a break sends no storm.
	NudgeBacklogLimit Duration `toml:"nudge_backlog_limit"`
	// Hours and Workdays are the team's working hours for the business-hours
	// figure; a [[salesperson]] may set their own.
	Hours    string   `toml:"hours"`
	Workdays []string `toml:"workdays"`
}

// Grades is grade_targets as durations by grade ("A").
func (r RepliesConfig) Grades() map[string]time.Duration {
	out := make(map[string]time.Duration, len(r.GradeTargets))
	for g, d := range r.GradeTargets {
		out[g] = d.Duration
	}
	return out
}

// NotifyConfig is [notify]: the system account nudges are sent from.
type NotifyConfig struct {
	SMTPURL            string `toml:"smtp_url"`
	Username           string `toml:"username"`
	PasswordEnv        string `toml:"password_env"`
	PasswordCmd        string `toml:"password_cmd"`
	From               string `toml:"from"`
	FromName           string `toml:"from_name"`
	InsecureSkipVerify bool   `toml:"insecure_skip_verify"`
	// AllowPlaintext allows smtp:// with starttls=none or opportunistic to a
	// host other than this machine.
	AllowPlaintext bool `toml:"allow_plaintext"`
	Connection
	// Channels are the team chats' robots nudges can go to
	// ([[notify.channel]]); each salesperson's notify list picks theirs.
	Channels []ChannelConfig `toml:"channel"`
}

// Enabled reports whether nudges can be sent by mail.
func (n NotifyConfig) Enabled() bool { return n.SMTPURL != "" }

// mailUnset reports whether none of [notify]'s mail keys is set. The
// proxy keys and tls_ca_file are not mail keys: the chat channels post
// through [notify]'s proxy and trust its tls_ca_file, so a team that
// nudges only through its chats may write [notify] with just those.
func (n NotifyConfig) mailUnset() bool {
	n.Channels = nil
	n.Proxy, n.ProxyPasswordEnv, n.ProxyPasswordCmd, n.TLSCAFile = "", "", "", ""
	return reflect.ValueOf(n).IsZero()
}

// senderLessKeys names the mail keys set in a [notify] that names no mail
// sender (no smtp_url, provider, username, password, from or from_name),
// in the file's spelling; nil when it names one.
func (n NotifyConfig) senderLessKeys() []string {
	if n.SMTPURL != "" || n.Provider != "" || n.Username != "" || n.PasswordEnv != "" || n.PasswordCmd != "" || n.From != "" || n.FromName != "" {
		return nil
	}
	n.Channels = nil
	n.Proxy, n.ProxyPasswordEnv, n.ProxyPasswordCmd, n.TLSCAFile = "", "", "", ""
	var keys []string
	for _, v := range []reflect.Value{reflect.ValueOf(n), reflect.ValueOf(n.Connection)} {
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if tag, _, _ := strings.Cut(f.Tag.Get("toml"), ","); tag != "" && !v.Field(i).IsZero() {
				keys = append(keys, tag)
			}
		}
	}
	return keys
}

// validateChatOnly checks a [notify] without a mail sender: its proxy, for
// the chat channels that post through it, and no key that only the mail
// sender would read.
func (n NotifyConfig) validateChatOnly(bad func(key, format string, args ...any)) {
	shared := n.Proxy != "" || n.ProxyPasswordEnv != "" || n.ProxyPasswordCmd != "" || n.TLSCAFile != ""
	if !shared {
		return
	}
	if len(n.Channels) == 0 {
		for _, k := range []struct{ key, v string }{{"proxy", n.Proxy}, {"proxy_password_env", n.ProxyPasswordEnv}, {"proxy_password_cmd", n.ProxyPasswordCmd}, {"tls_ca_file", n.TLSCAFile}} {
			if k.v != "" {
				bad("notify."+k.key, "is set, but [notify] has no smtp_url and there is no [[notify.channel]]: nothing uses it; set up the [notify] mail sender (smtp_url, from) or a chat channel, or remove it")
				break
			}
		}
		return
	}
	n.Connection.validateProxy(pathOf("notify"), bad)
}

func (c *Config) repliesDefaults() {
	r := &c.Replies
	if r.ReplyTarget.Duration == 0 {
		r.ReplyTarget = c.Team.ReplyTarget
	}
	if r.NudgeAfter.Duration == 0 {
		r.NudgeAfter.Duration = sequences.DefaultNudgeAfter
	}
	if r.NudgeBacklogLimit.Duration == 0 {
		r.NudgeBacklogLimit.Duration = sequences.DefaultBacklogLimit
	}
	if r.Hours == "" {
		r.Hours = "09:00-18:00"
	}
	if len(r.Workdays) == 0 {
		r.Workdays = []string{"Mon-Fri"}
	}
	c.Notify.From = strings.ToLower(strings.TrimSpace(c.Notify.From))
}

// validateReplies checks [replies], [notify] and the salespeople's hours.
func (c *Config) validateReplies(bad func(key, format string, args ...any)) {
	r := c.Replies
	if r.ReplyTarget.Duration < time.Minute {
		bad("replies.reply_target", "%s is too short: use at least \"1m\" (the rule is \"10m\")", r.ReplyTarget)
	}
	longest := r.ReplyTarget.Duration
	for g, d := range r.GradeTargets {
		if !slices.Contains([]string{"A", "B", "C", "D", "E"}, g) {
			bad("replies.grade_targets."+g, "is not a grade: use A, B, C, D or E")
		}
		if d.Duration < time.Minute {
			bad("replies.grade_targets."+g, "%s is too short: use at least \"1m\"", d)
		}
		longest = max(longest, d.Duration)
	}
	if r.NudgeAfter.Duration < 30*time.Second {
		bad("replies.nudge_after", "%s is too short: use at least \"30s\" (default \"5m\")", r.NudgeAfter)
	}
	if r.NudgeBacklogLimit.Duration <= longest {
		bad("replies.nudge_backlog_limit", "%s must be longer than the longest reply target (%s), or the target nudge never goes out", r.NudgeBacklogLimit, longest)
	}
	if _, _, err := sequences.ParseHours(r.Hours); err != nil {
		bad("replies.hours", "%v", err)
	}
	if _, err := sequences.ParseWorkdays(r.Workdays); err != nil {
		bad("replies.workdays", "%v", err)
	}
	for i, s := range c.Salespeople {
		key := salespersonKey(i, s).at
		if s.Hours != "" {
			if _, _, err := sequences.ParseHours(s.Hours); err != nil {
				bad(key("hours"), "%v", err)
			}
		}
		if _, err := sequences.ParseWorkdays(s.Workdays); err != nil {
			bad(key("workdays"), "%v", err)
		}
	}
	c.validateChannels(bad)
	n := c.Notify
	if n.mailUnset() {
		n.validateChatOnly(bad)
		return
	}
	if keys := n.senderLessKeys(); len(keys) > 0 {
		// Keys that tune a mail sender, with none named: the smtp_url and
		// from errors below would not say why they are asked for.
		bad("notify."+keys[0], "is for the [notify] mail sender, but [notify] has no smtp_url, provider or from: set up the mail sender, or remove %s (a team nudging only through its chats needs none of it)", strings.Join(keys, ", "))
		return
	}
	if err := checkMailURL(n.SMTPURL, "smtp", "smtps"); err != nil {
		bad("notify.smtp_url", "%v", err)
	} else if plainSMTP(n.SMTPURL) && !n.AllowPlaintext {
		bad("notify.smtp_url", "%s would send the password and the nudges in clear to a host that is not this machine: use smtps:// or starttls=mandatory, or set allow_plaintext = true on a network you trust", n.SMTPURL)
	}
	if !validEmail(n.From) {
		bad("notify.from", "%q is not an email address: the address nudges come from, e.g. \"keepwarm@example-export.com\"", n.From)
	}
	n.Connection.validate(pathOf("notify"), n.PasswordEnv != "" || n.PasswordCmd != "", bad)
	unspaced(bad, "notify.username", n.Username, strings.Contains(n.Username, "@"))
	unspaced(bad, "notify.password_env", n.PasswordEnv, true)
	if n.TLSCAFile != "" && n.InsecureSkipVerify {
		bad("notify.tls_ca_file", "is set with insecure_skip_verify = true, which turns the certificate check off: remove insecure_skip_verify")
	}
	if n.Username != "" && !n.OAuth2() && (n.PasswordEnv == "") == (n.PasswordCmd == "") {
		bad("notify.password_env", "set exactly one of password_env and password_cmd for notify.username")
	}
	if _, taken := c.Mailbox(NotifyMailbox); taken {
		bad("mailbox \""+NotifyMailbox+"\".name", "is reserved for the [notify] sender: rename the mailbox")
	}
}
