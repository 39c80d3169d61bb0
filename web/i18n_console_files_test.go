package web_test

import (
	"regexp"
	"testing"

	"keepwarm/web"
)

// The console's words about the team's files as a whole read in Chinese
// in the Chinese interface.
func TestConsoleFilesTextsInChinese(t *testing.T) {
	zh := web.Lang{Code: "zh"}
	for _, msg := range []string{
		`the file vip.toml already holds the sequence "VIP": choose another name`,
		`the file vip.toml is already in the sequences directory and does not load (the Sequences page shows its problems): fix or remove it, or choose another name`,
		`no sequence named "VIP" (known: key-customer, secondary)`,
		`ack is the "received, working on it" draft put in Drafts at the first reply nudge; keepwarm never sends it: choose a follow-up template such as resend`,
		`2026-12 is a monthly letter: letters are sent by the greetings job, not by a step; choose a follow-up template such as resend`,
		`christmas is a greeting: the greetings job sends it on its day; choose a follow-up template such as resend`,
		`resend.tmpl is the same template in the same language and is the one sent, so this file never would be: edit that file instead`,
		`this file would take the place of resend.en.tmpl, the same template in the same language, which is sent today: edit that file instead`,
	} {
		if got := zh.Err(msg); got == msg || regexp.MustCompile(`[a-z]{3,} [a-z]{3,}`).MatchString(got) {
			t.Errorf("%q in Chinese: %q", msg, got)
		}
	}
}
