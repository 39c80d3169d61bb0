package sequences

import (
	"html"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A send keepwarm could not look for in Sent (its server files sent mail
// there itself and the mailbox's IMAP login stopped, or the mailbox is no
// longer configured) may well be there: the digest does not say of it
// "they are not in Sent", the claim that had a step sent twice, but that
// keepwarm could not look and to look in Sent or ask the recipient; a
// send it looked for and did not find keeps "not in Sent". For a
// follow-up's step, a greeting and a letter alike, in the salesperson's
// own digest and in the one her backup reads, in English and Chinese.
func TestDigestSaysWhichSendsKeepwarmCouldNotLookForInSent(t *testing.T) {
	at := time.Date(2026, 12, 21, 9, 0, 0, 0, time.UTC)
	enr := int64(7)
	hans := []keepwarm.Address{{Email: "hans@meier.example"}}
	lost := "smtp: connection lost after DATA"
	d := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-21", TimeZone: "UTC", Now: at, web: "https://desk.example",
		Uncertain: []keepwarm.OutboxItem{
			{ID: 11, Mode: keepwarm.ModeSend, Origin: "sequence", Enrollment: &enr, Subject: "Re: RFQ step two", To: hans, Mailbox: "lily",
				LastError: lost + keepwarm.CouldNotLookInSent},
			{ID: 12, Mode: keepwarm.ModeSend, Origin: "greeting", Subject: "Happy New Year", To: hans, Mailbox: "lily",
				LastError: lost + keepwarm.CouldNotLookInSent},
			{ID: 13, Mode: keepwarm.ModeSend, Origin: "letter", Subject: "News of December", To: hans, Mailbox: "old",
				LastError: "interrupted while sending; mailbox old is no longer configured, so its Sent cannot be checked: it may or may not have arrived"},
			{ID: 14, Mode: keepwarm.ModeSend, Origin: "greeting", Subject: "Merry Christmas", To: hans, Mailbox: "lily",
				LastError: lost + "; not in Sent 2m0s later"}}}
	unlooked := []string{"Re: RFQ step two", "Happy New Year", "News of December"}
	for _, tc := range []struct {
		lang, cover             string
		looked, unlookedTitle   string
		notInSent, couldNotLook []string
	}{
		{"", "", "Sends to check (1)", "Sends to look for in Sent (3)", []string{"not in Sent"},
			[]string{"could not look for them in Sent", "Look in your Sent folder, or ask the recipient"}},
		{"", "Tom Wang", "Sends to check (1)", "Sends to look for in Sent (3)", []string{"not in Sent"},
			[]string{"could not look for them in its Sent", "tell Lily Chen or the manager, who looks in Sent"}},
		{"zh", "", "需要核实的发送（1）", "需要在“已发送”里查找的发送（3）", []string{"“已发送”里没有"},
			[]string{"无法在“已发送”里查找", "请先查看你的“已发送”，或问问收件人"}},
		{"zh", "Tom Wang", "需要核实的发送（1）", "需要在“已发送”里查找的发送（3）", []string{"“已发送”里没有"},
			[]string{"无法在其“已发送”里查找", "告诉 Lily Chen 或经理，由他们查看“已发送”"}},
	} {
		d.Lang = tc.lang
		d.cover = nil
		if tc.cover != "" {
			d.cover = &digestCover{reader: tc.cover, line: "You are covering for Lily Chen, away until 2026-12-24.\n\n"}
		}
		// The text digest writes section titles in capitals.
		for _, part := range []struct{ name, text string }{{"text", strings.ToLower(d.Text())}, {"HTML", strings.ToLower(html.UnescapeString(d.HTML()))}} {
			who := "the " + tc.lang + " " + part.name + " digest"
			if tc.cover != "" {
				who += " Tom reads"
			}
			looked, rest, ok := strings.Cut(part.text, strings.ToLower(tc.looked))
			if !ok {
				t.Errorf("%s has no %q:\n%s", who, tc.looked, part.text)
				continue
			}
			looked, unlookedPart, ok := strings.Cut(rest, strings.ToLower(tc.unlookedTitle))
			if !ok {
				t.Errorf("%s has no %q after %q:\n%s", who, tc.unlookedTitle, tc.looked, part.text)
				continue
			}
			for _, w := range tc.notInSent {
				if !strings.Contains(looked, strings.ToLower(w)) {
					t.Errorf("%s: the sends looked for lack %q:\n%s", who, w, looked)
				}
				if strings.Contains(unlookedPart, strings.ToLower(w)) {
					t.Errorf("%s says %q of sends keepwarm could not look for:\n%s", who, w, unlookedPart)
				}
			}
			for _, w := range tc.couldNotLook {
				if !strings.Contains(unlookedPart, strings.ToLower(w)) {
					t.Errorf("%s: the sends keepwarm could not look for lack %q:\n%s", who, w, unlookedPart)
				}
			}
			if !strings.Contains(looked, "merry christmas") {
				t.Errorf("%s does not list the send looked for under %q:\n%s", who, tc.looked, looked)
			}
			for _, s := range unlooked {
				if strings.Contains(looked, strings.ToLower(s)) || !strings.Contains(unlookedPart, strings.ToLower(s)) {
					t.Errorf("%s does not list %q under %q only:\n%s", who, s, tc.unlookedTitle, part.text)
				}
			}
		}
	}
}
