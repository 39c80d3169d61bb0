package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// Inquiries a web form or a marketplace passes on come From the service's
// own address with the buyer in Reply-To. Each buyer is a customer of
// their own, in a thread of their own, though the service writes the same
// subject for all; the salesperson's answer to the buyer (where a mail
// client's Reply goes) stops that inquiry's clock and not the other
// buyer's; and the team's own site's form starts a clock at all.
func TestRelayedInquiriesAreTheBuyers(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false)
	const subject = "New submission from Contact"
	form := func(id, buyer string) mailtest.Msg {
		return mailtest.Msg{From: "Formspree <noreply@formspree.io>", To: lilyUser, Subject: subject, MessageID: id,
			Extra: []string{"Reply-To: " + buyer}, Body: "Email: " + buyer + "\nMessage: please quote 2000 pcs LED panels.\n"}
	}
	w.deliver(lilyUser, "INBOX", form("fs-1@formspree.io", "Ana <ana.buyer@gmail.com>"), t0)
	w.deliver(lilyUser, "INBOX", form("fs-2@formspree.io", "bo.import@gmail.com"), t0.Add(time.Minute))
	w.deliver(salesUser, "INBOX", mailtest.Msg{From: "WordPress <wordpress@" + teamDomain + ">", To: salesUser, Subject: subject,
		MessageID: "wp-1@" + teamDomain, Extra: []string{"Reply-To: Hans Meier <hans@globex.de>"},
		Body: "Name: Hans Meier\nMessage: do you ship to Hamburg?\n"}, t0.Add(2*time.Minute))
	w.sync()
	w.tickAt(t0.Add(3 * time.Minute))
	// Lily answers Ana from her mail client: Reply goes to the Reply-To.
	w.deliver(lilyUser, "Sent", mailtest.Msg{From: "Lily Chen <" + lilyUser + ">", To: "Ana <ana.buyer@gmail.com>",
		Subject: "Re: " + subject, MessageID: "ans-ana@" + teamDomain, InReplyTo: "fs-1@formspree.io",
		References: []string{"fs-1@formspree.io"}, Body: "Dear Ana,\n\nthank you, our quotation follows.\n\nLily"}, t0.Add(4*time.Minute))
	w.sync()
	w.tickAt(t0.Add(5 * time.Minute))

	ctx := context.Background()
	stored := map[string]keepwarm.Message{}
	for _, id := range []string{"fs-1@formspree.io", "fs-2@formspree.io", "wp-1@" + teamDomain, "ans-ana@" + teamDomain} {
		m, err := w.db.GetMessage(ctx, w.idOf(id))
		if err != nil {
			t.Fatal(err)
		}
		stored[id] = m
	}
	for id, want := range map[string]string{
		"fs-1@formspree.io": "addr:ana.buyer@gmail.com", "fs-2@formspree.io": "addr:bo.import@gmail.com",
		"wp-1@" + teamDomain: "domain:globex.de", "ans-ana@" + teamDomain: "addr:ana.buyer@gmail.com",
	} {
		if m := stored[id]; m.CustomerKey != want {
			t.Errorf("%s is %s mail of %q; want the customer %q", id, m.Kind, m.CustomerKey, want)
		}
	}
	ana, bo := stored["fs-1@formspree.io"], stored["fs-2@formspree.io"]
	if ana.ThreadID == bo.ThreadID {
		t.Errorf("the two buyers' inquiries share thread %d", ana.ThreadID)
	}
	if ans := stored["ans-ana@"+teamDomain]; ans.ThreadID != ana.ThreadID {
		t.Errorf("Lily's answer to Ana is in thread %d; Ana's inquiry in %d", ans.ThreadID, ana.ThreadID)
	}
	if !w.hasClock("fs-1@formspree.io") || !w.hasClock("fs-2@formspree.io") || !w.hasClock("wp-1@"+teamDomain) {
		t.Fatalf("clocks: Ana %v, Bo %v, the site's form %v; want one for each inquiry",
			w.hasClock("fs-1@formspree.io"), w.hasClock("fs-2@formspree.io"), w.hasClock("wp-1@"+teamDomain))
	}
	if c := w.clockOf("fs-1@formspree.io"); c.RepliedBy != lilyUser || c.Seconds() != 240 {
		t.Errorf("Ana's clock after Lily's answer to her: %+v; want answered by Lily in 4 minutes", c)
	}
	if c := w.clockOf("fs-2@formspree.io"); !c.RepliedAt.IsZero() {
		t.Errorf("Bo's clock was stopped by Lily's answer to Ana: %+v", c)
	}
	if c := w.clockOf("wp-1@" + teamDomain); !c.RepliedAt.IsZero() {
		t.Errorf("the site form's inquiry is answered: %+v", c)
	}
}
