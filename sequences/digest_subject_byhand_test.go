package sequences

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A day whose only news is a mail to another contact of a followed-up
// thread (Lily must write to Ute herself), or a claimed customer going
// back to the pool tomorrow, names it in the digest's subject, in English
// and Chinese: a subject of the day alone reads as nothing to do.
func TestDigestSubjectCountsMailByHandAndCustomersReturningToThePool(t *testing.T) {
	at := time.Date(2026, 12, 8, 1, 0, 0, 0, time.UTC)
	byHand := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-08", TimeZone: "UTC", Now: at,
		NotFollowed: []keepwarm.FollowUpSkip{
			{Customer: "domain:buyer.de", Subject: "Re: Quotation", To: []string{"ute@buyer.de"}, SentAt: at.Add(-2 * time.Hour),
				Reason: keepwarm.SkipOtherContacts, Detail: "a follow-up of this thread to hans@buyer.de is running: follow this mail to ute@buyer.de up by hand", ThreadID: 9},
			// Not counted: nothing for her to write.
			{Customer: "domain:buyer.de", Subject: "Invoice", To: []string{"hans@buyer.de"}, SentAt: at.Add(-3 * time.Hour),
				Reason: keepwarm.SkipInformational, ThreadID: 10}}}
	returning := Digest{Salesperson: "lily@team.example", Name: "Lily Chen", Date: "2026-12-08", TimeZone: "UTC", Now: at,
		Returning: []DigestCustomer{{CustomerID: 3, Customer: "domain:c.example", At: at.Add(20 * time.Hour)}}}
	for _, c := range []struct {
		name string
		d    Digest
		want map[string]string
	}{
		{"a mail to follow up by hand", byHand, map[string]string{"": ": 1 mail to follow up by hand", "zh": "：1 封邮件需手动跟进"}},
		{"a customer returning to the pool", returning, map[string]string{"": ": 1 customer returning to the pool", "zh": "：1 个客户即将退回公海"}},
	} {
		for lang, want := range c.want {
			c.d.Lang = lang
			if s := c.d.Subject(); !strings.HasSuffix(s, want) {
				t.Errorf("%s (%q): subject %q, want it to end %q", c.name, lang, s, want)
			}
		}
	}
	// Tom covering for Lily: the mail is Lily's (the body leaves it to her
	// or the manager), and the subject says so, not that Tom is to write.
	byHand.cover = &digestCover{reader: "Tom Wang", prefix: "[covering Lily Chen] ", line: "You are covering for Lily Chen, away until 2026-12-24.\n\n"}
	for lang, want := range map[string]string{"": ": 1 mail of Lily Chen's not followed up", "zh": "：Lily Chen 有 1 封邮件未跟进"} {
		byHand.Lang = lang
		s := byHand.Subject()
		if !strings.HasSuffix(s, want) || strings.Contains(s, "to follow up by hand") || strings.Contains(s, "需手动跟进") {
			t.Errorf("a backup's subject (%q): %q, want it to end %q", lang, s, want)
		}
	}
}
