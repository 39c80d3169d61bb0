package app

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Lily's company mailbox lily@acme.example is in the config without
// smtp_url (keepwarm reads her quotations there); her own 163.com account
// "trade" sends. The app marks "trade" Shared, since another mailbox of
// hers logs in as her address, yet it is no shared mailbox of the
// company's: her quotation from lily@acme.example is not followed up From
// the 163.com login, an address Hans never saw from her, but fails saying
// to list her address in send_as.
func TestFollowUpOfHerCompanyMailFromHer163AccountIsRefused(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	a := newTestApp(t, acmeTeam+`[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
[[mailbox]]
name = "trade"
owner = "lily@acme.example"
url = "imaps://imap.163.example"
username = "lilytrade@163.example"
password_env = "TRADE_PW"
smtp_url = "smtps://smtp.163.example"
`, asked)
	ids := a.Identities()
	if len(ids) != 1 || ids[0].Mailbox != "trade" || !ids[0].Shared {
		t.Fatalf("identities %+v; want trade, Shared as config.SharedLogin says", ids)
	}
	job, err := a.NewFollowUp(nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &fuApp{t: t, a: a, job: job}
	w.rfq("lily", "lily@acme.example", asked)
	w.quote("quote-1@acme.example", "lily", keepwarm.Address{Name: "Lily Chen", Email: "lily@acme.example"}, "", asked.Add(30*time.Minute))
	if it, ok := w.runUntilQueued(asked.Add(time.Hour)); ok {
		t.Fatalf("queued From %+v via %s", it.From, it.Mailbox)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].Status != keepwarm.EnrollFailed ||
		!strings.Contains(enrs[0].Reason, "lily@acme.example") || !strings.Contains(enrs[0].Reason, "send_as") {
		t.Fatalf("enrollments %+v; skips %+v", enrs, w.skips())
	}
}
