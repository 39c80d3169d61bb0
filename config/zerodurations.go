package config

import "strings"

// zeroDurations says, for every duration key, what a duration written as 0
// ("0s", "0d") gets: "" where 0 means what it says (no gap, no skipping),
// else the advice given when refusing it. An unset duration is 0 to the
// decoder, so a written 0 would silently become the default: a max_age of
// "0s" would follow up 14-day-old mail. Keys are looked up as examples are
// (the [[mailbox]] and [notify] timeouts as "timeouts.dial").
var zeroDurations = map[string]string{
	"mailbox.min_send_gap":             "", // no gap between two sends
	"greetings.skip_if_written_within": "", // no letter is skipped
	"team.reply_target":                `use at least "1m", or leave it out for "10m"`,
	"sync.poll_interval":               `use at least "1s", or leave it out for "30s"`,
	"sync.connect_spread":              `write the time between two mailboxes' first logins, e.g. "1s", or leave it out for "2s"`,
	"sync.recent_window":               `leave it out for "30d" (a day past sequences.max_age when that is longer)`,
	"sequences.max_age":                `use at least "1h", or leave it out for "336h" (14 days); to follow nothing up, set disabled = true`,
	"replies.reply_target":             `use at least "1m", or leave it out for [team] reply_target`,
	"replies.grade_targets.*":          `use at least "1m", or leave the grade out for [replies] reply_target`,
	"replies.nudge_after":              `use at least "30s", or leave it out for "5m"`,
	"replies.nudge_backlog_limit":      `write a time longer than the longest reply target, or leave it out for "1h"`,
	"web.session_lifetime":             `use at least "1h", or leave it out for "720h" (30 days)`,
	"notify.channel.timeout":           `use between "1s" and "5m", or leave it out for "15s"`,
	"timeouts.dial":                    `use at least "1s", or leave it out for "30s"`,
	"timeouts.tls":                     `use at least "1s", or leave it out for "30s"`,
	"timeouts.login":                   `use at least "1s", or leave it out for "1m"`,
	"timeouts.command":                 `use at least "1s", or leave it out for "2m"`,
	"timeouts.idle_renew":              `use at least "1m", or leave it out for "25m"`,
	"timeouts.smtp_send":               `use at least "10s", or leave it out for "5m"`,
}

// zeroDuration is the advice for a 0 written for the duration key at plain
// (as example looks keys up); ok is false for a key where 0 is allowed or
// that the table does not know.
func zeroDuration(plain []string) (advice string, ok bool) {
	for i := range plain {
		if a, found := zeroDurations[strings.Join(plain[i:], ".")]; found {
			return a, a != ""
		}
	}
	return "", false
}
