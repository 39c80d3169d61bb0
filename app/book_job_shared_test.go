package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Tom owns the team's sales@ and has his own tom@ mailbox, so sales@ is
// shared: the duty acknowledgement from sales@ makes nobody the owner of
// a new inquiry, nor of one in the pool already. Tom did not write.
func TestSharedSalesOwnedByASalespersonLeavesInquiriesInThePool(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	text := strings.Replace(strings.Replace(followUpTeam, "%SALES%", "", 1),
		"name = \"sales\"\nowner = \"grace@lumina-export.example\"", "name = \"sales\"\nowner = \"tom@lumina-export.example\"", 1)
	text += `
[[mailbox]]
name = "tom"
owner = "tom@lumina-export.example"
url = "imaps://mail.lumina-export.example"
username = "tom@lumina-export.example"
password_env = "KW_TEST_PASSWORD"
smtp_url = "smtps://mail.lumina-export.example"
`
	a := newTestApp(t, text, t0)
	if mb := a.Cfg.Mailboxes[0]; mb.Name != "sales" || mb.Owner != "tom@lumina-export.example" {
		t.Fatalf("the test's first mailbox is %q owned by %q, want sales owned by tom@ (has followUpTeam changed?)", mb.Name, mb.Owner)
	}
	hasTom := false
	for _, mb := range a.Cfg.Mailboxes {
		hasTom = hasTom || (mb.Name == "tom" && mb.Owner == "tom@lumina-export.example")
	}
	if !hasTom {
		t.Fatal("the test has no tom mailbox of tom@'s own")
	}
	if !a.Cfg.SharedLogin(a.Cfg.Mailboxes[0]) {
		t.Fatal("the test's sales@ is not a shared mailbox")
	}
	w := &fuApp{t: t, a: a}
	ctx := context.Background()
	sales := keepwarm.Address{Name: "Lumina Sales", Email: salesAddr}
	inquiry := func(buyer keepwarm.Address, domain string, at time.Time) {
		w.save("sales", keepwarm.Message{MessageID: "q@" + domain, From: buyer, To: []keepwarm.Address{sales},
			Subject: "Inquiry", SubjectKey: "inquiry", Date: at, Kind: keepwarm.KindInbound,
			CustomerKey: "domain:" + domain, Contacts: []keepwarm.Address{buyer}}, "")
	}
	ack := func(buyer keepwarm.Address, domain string, at time.Time) {
		w.save("sales", keepwarm.Message{MessageID: "ack@" + domain, From: sales, To: []keepwarm.Address{buyer},
			Subject: "Re: Inquiry", SubjectKey: "inquiry", Date: at, Kind: keepwarm.KindOutbound,
			CustomerKey: "domain:" + domain, Contacts: []keepwarm.Address{buyer}}, "")
	}
	gulf := keepwarm.Address{Name: "Omar", Email: "omar@gulfbuild.ae"}
	acme := keepwarm.Address{Name: "Hans", Email: "hans@acme.de"}
	// Acme's inquiry is pooled before the acknowledgement; Gulf Build's
	// inquiry and acknowledgement come in one sync.
	inquiry(acme, "acme.de", t0)
	job := a.NewBookJob()
	if _, err := job.Run(ctx, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	inquiry(gulf, "gulfbuild.ae", t0.Add(time.Hour))
	ack(gulf, "gulfbuild.ae", t0.Add(time.Hour+5*time.Minute))
	ack(acme, "acme.de", t0.Add(time.Hour+6*time.Minute))
	if _, err := job.Run(ctx, t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{gulf.Email, acme.Email} {
		c, err := a.DB.ResolveCustomer(ctx, addr)
		if err != nil {
			t.Fatal(err)
		}
		if c.Owner != "" {
			t.Errorf("%s: the acknowledgement from the shared sales@ made %s the owner; want the pool", c.Name, c.Owner)
		}
	}
}
