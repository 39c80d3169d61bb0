package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

// The team mailbox sales@ (its login maps to its owner, the manager, as the
// app builds People) is written from by everyone. An answer from it is
// credited to the salesperson whose name it went out with, in its thread
// and in another one, as a follow-up from there is signed; under a name no
// salesperson has, to the mailbox's owner. The report's rows and breaches
// follow.
func TestSharedMailboxAnswerIsItsWriters(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false, func(_ *world, c *sequences.ReplyConfig) {
		c.Names = map[string]string{lilyUser: "Lily Chen", tomUser: "Tom Wang"}
	})
	buyer := func(id, from, subject string) mailtest.Msg {
		return mailtest.Msg{From: from, To: salesUser, Subject: subject, MessageID: id, Body: "Please quote 2000 pcs."}
	}
	fromSales := func(id, name, to, subject, parent string) mailtest.Msg {
		m := mailtest.Msg{From: name + " <" + salesUser + ">", To: to, Subject: subject, MessageID: id, Body: "Our quotation follows."}
		if parent != "" {
			m.InReplyTo, m.References = parent, []string{parent}
		}
		return m
	}
	// A: Tom answers Hans in the thread from sales@, 3 hours late.
	w.deliver(salesUser, "INBOX", buyer("a1@globex.de", "Hans Meier <hans@globex.de>", "LED panels"), t0)
	w.deliver(salesUser, "Sent", fromSales("a2@acme", "Tom Wang", "hans@globex.de", "RE: LED panels", "a1@globex.de"), t0.Add(3*time.Hour))
	// B: Tom answers Otto in a fresh mail of his own from sales@.
	w.deliver(salesUser, "INBOX", buyer("b1@initech.com", "Otto Berg <otto@initech.com>", "Samples"), t0)
	w.deliver(salesUser, "Sent", fromSales("b2@acme", "Tom Wang", "otto@initech.com", "Our catalogue", ""), t0.Add(2*time.Hour))
	// C: the answer goes out as "Acme Sales", nobody's name: the mailbox's.
	w.deliver(salesUser, "INBOX", buyer("c1@umbrella.it", "Gina Russo <gina@umbrella.it>", "Terms"), t0)
	w.deliver(salesUser, "Sent", fromSales("c2@acme", "Acme Sales", "gina@umbrella.it", "RE: Terms", "c1@umbrella.it"), t0.Add(time.Hour))
	w.sync()
	w.tickAt(t0.Add(4 * time.Hour))

	for id, by := range map[string]string{"a1@globex.de": tomUser, "b1@initech.com": tomUser, "c1@umbrella.it": boss} {
		if got := w.clockOf(id); got.Open() || got.RepliedBy != by {
			t.Errorf("%s: answered by %q (open %v), want %s", id, got.RepliedBy, got.Open(), by)
		}
	}
	rep, err := w.db.ReplyReport(context.Background(), store.ReplyReportFilter{Since: t0.Add(-time.Hour), Until: t0.Add(5 * time.Hour), Now: t0.Add(5 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	late := map[string]int{}
	for _, g := range rep.Groups {
		late[g.Key] += g.Late
	}
	if late[tomUser] != 2 || late[boss] != 1 || late[lilyUser] != 0 {
		t.Errorf("late by salesperson: %v, want Tom 2 and the manager 1", late)
	}
	for _, b := range rep.Breaches {
		if want := map[string]string{"LED panels": tomUser, "Samples": tomUser, "Terms": boss}[b.Subject]; b.RepliedBy != want {
			t.Errorf("breach %q listed under %q, want %q", b.Subject, b.RepliedBy, want)
		}
	}
	if len(rep.Breaches) != 3 {
		t.Errorf("breaches: %+v", rep.Breaches)
	}
}
