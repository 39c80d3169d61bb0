package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/store"
)

// Lily's company mailbox lily@acme.example is in the config without
// smtp_url (keepwarm reads her quotations there); her own 163.com account
// "trade" sends. The app marks "trade" Shared, since another mailbox of
// hers logs in as her address, yet it is no shared mailbox of the
// company's: her quotation from lily@acme.example is not followed up From
// the 163.com login, an address Hans never saw from her, but fails saying
// to list her address in send_as.
func TestFollowUpOfHerCompanyMailFromHer163AccountIsRefused(t *testing.T) {
	cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
time_zone = "Asia/Shanghai"
[[salesperson]]
email = "lily@acme.example"
name = "Lily Chen"
signature = "Lily Chen\nAcme Export"
[[mailbox]]
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
`))
	if err != nil {
		t.Fatal(err)
	}
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	asked := time.Date(2026, 11, 2, 15, 0, 0, 0, shanghai)
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), asked)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := &App{Cfg: cfg, DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: keepwarm.NewManualClock(asked)}
	ids := a.Identities()
	if len(ids) != 1 || ids[0].Mailbox != "trade" || !ids[0].Shared {
		t.Fatalf("identities %+v; want trade, Shared as config.SharedLogin says", ids)
	}
	job, err := a.NewFollowUp(nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &fuApp{t: t, a: a, job: job}
	lily := keepwarm.Address{Name: "Lily Chen", Email: "lily@acme.example"}
	w.save("lily", keepwarm.Message{MessageID: "rfq-1@globex.de", From: hansMeier, To: []keepwarm.Address{lily},
		Subject: "RFQ: LED panels", SubjectKey: "rfq: led panels", Date: asked, Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
		Snippet: "Please quote 2,000 pcs LED panel 600x600."}, "")
	quoted := asked.Add(30 * time.Minute)
	w.save("lily", keepwarm.Message{MessageID: "quote-1@acme.example", From: lily,
		To: []keepwarm.Address{hansMeier}, Subject: "Re: RFQ: LED panels", SubjectKey: "rfq: led panels", Date: quoted,
		Kind: keepwarm.KindOutbound, CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier},
		InReplyTo: []string{"rfq-1@globex.de"}, References: []string{"rfq-1@globex.de"},
		Snippet: "Dear Mr. Meier, our quotation: USD 18.40/pc CIF Hamburg.",
		Text:    "Dear Mr. Meier,\n\nour quotation: USD 18.40/pc CIF Hamburg.\n\nBest regards\nLily Chen\n"}, "")
	if it, ok := w.runUntilQueued(asked.Add(time.Hour)); ok {
		t.Fatalf("queued From %+v via %s", it.From, it.Mailbox)
	}
	enrs := w.enrollments()
	if len(enrs) != 1 || enrs[0].Status != keepwarm.EnrollFailed ||
		!strings.Contains(enrs[0].Reason, "lily@acme.example") || !strings.Contains(enrs[0].Reason, "send_as") {
		t.Fatalf("enrollments %+v; skips %+v", enrs, w.skips())
	}
}
