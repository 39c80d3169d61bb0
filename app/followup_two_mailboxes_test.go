package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Lily owns the team's sales@ (listed first) and her own mailbox, which
// logs in under her Microsoft 365 sign-in name lily@acme.onmicrosoft.example.
// Her quotation from lily@acme.example, sent from her own mailbox, is
// followed up from her own mailbox From her address, not From her address
// over sales@'s login, which Microsoft 365 refuses. When her own mailbox
// does not send (no smtp_url), sales@ is a shared mailbox and follows it up
// From sales@, as a colleague's. A refusal of her address on sales@ does
// not advise to log sales@ in as her address.
func TestFollowUpOfHerMailWithTheTeamsSalesListedFirst(t *testing.T) {
	for name, lilySMTP := range map[string]string{"her mailbox sends": `smtp_url = "smtps://smtp.acme.example"`, "her mailbox reads only": ""} {
		t.Run(name, func(t *testing.T) {
			shanghai, _ := time.LoadLocation("Asia/Shanghai")
			asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
			a := newTestApp(t, acmeTeam+`[[mailbox]]
name = "sales"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "SALES_PW"
smtp_url = "smtps://smtp.acme.example"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.onmicrosoft.example"
password_env = "LILY_PW"
`+lilySMTP+"\n", asked)
			a.Getenv = func(string) string { return "secret" }
			acct, err := a.SMTPAccount(context.Background(), a.Cfg.Mailboxes[0])
			if err != nil || !acct.OwnerHasOther {
				t.Fatalf("sales@'s account: OwnerHasOther %v, %v", acct.OwnerHasOther, err)
			}
			job, err := a.NewFollowUp(nil)
			if err != nil {
				t.Fatal(err)
			}
			w := &fuApp{t: t, a: a, job: job}
			w.rfq("lily", "lily@acme.example", asked)
			w.quote("quote-1@acme.example", "lily", keepwarm.Address{Name: "Lily Chen", Email: "lily@acme.example"}, "", asked.Add(30*time.Minute))
			it, ok := w.runUntilQueued(asked.Add(time.Hour))
			if !ok {
				t.Fatalf("nothing queued: %+v %+v", w.enrollments(), w.skips())
			}
			want, via := "lily@acme.example", "lily"
			if lilySMTP == "" {
				want, via = "sales@acme.example", "sales"
			}
			if it.From.Email != want || it.Mailbox != via || !strings.HasSuffix(it.MessageID, "@acme.example") {
				t.Errorf("queued From %+v via %s, want %s via %s", it.From, it.Mailbox, want, via)
			}
		})
	}
}
