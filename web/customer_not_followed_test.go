package web_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// Lily's quotation to Acme, a grade-E customer, is followed up by no
// sequence: the customer's page says so under its follow-ups, with the
// mail's subject, why and what to do, in English and Chinese. A mail that
// asked nothing is not listed.
func TestCustomerPageSaysWhyAMailIsNotFollowedUp(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	w.rebase(srv.URL)
	lilyC := w.signIn(srv, lily)
	grade := "E"
	if err := w.db.SetCustomer(w.ctx, w.acme, store.CustomerChange{Grade: &grade}, now0.Add(-3*time.Hour), "test"); err != nil {
		t.Fatal(err)
	}
	w.save("lily", "Sent", msg("acme-q@seller.example", keepwarm.KindOutbound, "Quotation 500 pcs LED panels", "bob@acme.com", "Bob Stone", now0.Add(-5*time.Minute)))
	note := msg("acme-n@seller.example", keepwarm.KindOutbound, "Office closed at Christmas", "bob@acme.com", "Bob Stone", now0.Add(-4*time.Minute))
	w.save("lily", "Sent", note)
	if _, err := w.fu.Run(w.ctx, now0); err != nil {
		t.Fatal(err)
	}
	if err := w.db.RecordSkip(w.ctx, keepwarm.FollowUpSkip{MessageID: w.idOf(note.Key), ThreadID: 4242, CustomerID: w.acme,
		Reason: keepwarm.SkipInformational, Detail: "a notice", CreatedAt: now0}); err != nil {
		t.Fatal(err)
	}
	_, body := lilyC.get(path("/customers/%d", w.acme))
	section := cut(t, body, `id="enrollments"`, "</section>")
	mustContain(t, "Acme's follow-ups", section, "Not followed up", "Quotation 500 pcs LED panels",
		"customer domain:acme.com follows no sequence (grade &#34;E&#34;)", "give the customer a grade that has a follow-up")
	mustLack(t, "Acme's follow-ups", section, "Office closed at Christmas")
	zh := cut(t, lilyC.getZh(t, path("/customers/%d", w.acme)), `id="enrollments"`, "</section>")
	mustContain(t, "Acme's page in Chinese", zh, "Quotation 500 pcs LED panels", "客户 domain:acme.com 不在任何跟进序列中（E 级）")
	mustLack(t, "Acme's page in Chinese", zh, "follows no sequence", "follow-up")
}

// A mail dealt with since it was set aside is not listed under "Not
// followed up": chased by hand with a later mail of the thread, answered
// (even after max_age, when the job no longer looks at it), enrolled by
// hand, or superseded by a newer mail to the same contacts that is
// followed up. One older than max_age does not say that a grade would
// have it followed up: it is too old now.
func TestNotFollowedUpLeavesOutMailsDealtWithSince(t *testing.T) {
	end := now0.AddDate(0, 0, 25) // today
	setup := func(t *testing.T, grade string) (*world, *client) {
		w := newWorld(t, "http://keepwarm.test")
		srv := w.serve()
		w.rebase(srv.URL)
		if err := w.db.SetCustomer(w.ctx, w.acme, store.CustomerChange{Grade: &grade}, now0, "test"); err != nil {
			t.Fatal(err)
		}
		// After the rig's own mail of Acme (Bob's question of now0).
		w.clock.Advance(end.Sub(now0))
		return w, w.signIn(srv, lily)
	}
	quote := func(w *world, at time.Time) keepwarm.Message {
		m := msg("acme-q@seller.example", keepwarm.KindOutbound, "Quotation 500 pcs LED panels", "bob@acme.com", "Bob Stone", at)
		w.save("lily", "Sent", m)
		return m
	}
	inThread := func(m keepwarm.Message, id string, kind keepwarm.Kind, subject string, at time.Time) keepwarm.Message {
		n := msg(id, kind, subject, "bob@acme.com", "Bob Stone", at)
		n.InReplyTo, n.References = []string{m.MessageID}, []string{m.MessageID}
		return n
	}
	run := func(t *testing.T, w *world, at time.Time) {
		if _, err := w.fu.Run(w.ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	listed := func(t *testing.T, w *world, c *client) string {
		_, body := c.get(path("/customers/%d", w.acme))
		return cut(t, body, `id="enrollments"`, "</section>")
	}

	t.Run("chased by hand", func(t *testing.T) {
		w, c := setup(t, "E")
		q := quote(w, end.AddDate(0, 0, -3))
		run(t, w, end.AddDate(0, 0, -3).Add(time.Hour))
		w.save("lily", "Sent", inThread(q, "acme-q2@seller.example", keepwarm.KindOutbound, "Re: Quotation 500 pcs LED panels (prices until Friday)", end.AddDate(0, 0, -1)))
		run(t, w, end.AddDate(0, 0, -1).Add(time.Hour))
		section := listed(t, w, c)
		if n := strings.Count(section, `class="notfollowed"`); n != 1 || !strings.Contains(section, "prices until Friday") {
			t.Fatalf("%d mails not followed up, want the newer one alone:\n%s", n, section)
		}
	})
	t.Run("answered after max_age", func(t *testing.T) {
		w, c := setup(t, "E")
		q := quote(w, end.AddDate(0, 0, -20))
		run(t, w, end.AddDate(0, 0, -20).Add(time.Hour))
		mustContain(t, "Acme's follow-ups before Bob answers", listed(t, w, c), "Quotation 500 pcs LED panels")
		w.save("lily", "INBOX", inThread(q, "bob-re@acme.com", keepwarm.KindInbound, "Re: Quotation 500 pcs LED panels", end.AddDate(0, 0, -1)))
		run(t, w, end)
		mustLack(t, "Acme's follow-ups once Bob answered", listed(t, w, c), "Not followed up", "Quotation 500 pcs LED panels")
	})
	t.Run("older than max_age", func(t *testing.T) {
		w, c := setup(t, "E")
		quote(w, end.AddDate(0, 0, -20))
		run(t, w, end.AddDate(0, 0, -20).Add(time.Hour))
		section := listed(t, w, c)
		mustContain(t, "a mail of 20 days", section, "Quotation 500 pcs LED panels", "too old now for keepwarm to follow it up")
		mustLack(t, "a mail of 20 days", section, "give the customer a grade")
		zh := cut(t, c.getZh(t, path("/customers/%d", w.acme)), `id="enrollments"`, "</section>")
		mustContain(t, "a mail of 20 days in Chinese", zh, "已超过 max_age")
		mustLack(t, "a mail of 20 days in Chinese", zh, "too old now")
		// Within max_age, the grade would still have it followed up.
		w2, c2 := setup(t, "E")
		quote(w2, end.AddDate(0, 0, -13))
		run(t, w2, end.AddDate(0, 0, -13).Add(time.Hour))
		mustContain(t, "a mail of 13 days", listed(t, w2, c2), "give the customer a grade")
	})
	t.Run("too old, then enrolled by hand", func(t *testing.T) {
		w, c := setup(t, "A")
		q := quote(w, end.AddDate(0, 0, -20))
		run(t, w, end)
		mustContain(t, "Acme's follow-ups before the enrollment", listed(t, w, c), "Quotation 500 pcs LED panels", "more than max_age")
		qm, err := w.db.GetMessage(w.ctx, w.idOf(q.Key))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.Enroll(w.ctx, keepwarm.Enrollment{ThreadID: qm.ThreadID, CustomerID: w.acme, Sequence: "key-customer",
			Status: keepwarm.EnrollActive, AnchorID: qm.ID, AnchorAt: q.Date, ClockAt: end, DueAt: end.AddDate(0, 0, 2), Mailbox: "lily",
			Owner: lily, To: []keepwarm.Address{{Email: "bob@acme.com"}}, CreatedAt: end, UpdatedAt: end}); err != nil {
			t.Fatal(err)
		}
		mustLack(t, "Acme's follow-ups once enrolled", listed(t, w, c), "Not followed up", "more than max_age")
	})
	t.Run("superseded", func(t *testing.T) {
		w, c := setup(t, "E")
		q := quote(w, end.AddDate(0, 0, -2))
		if err := w.db.RecordSkip(w.ctx, keepwarm.FollowUpSkip{MessageID: w.idOf(q.Key), ThreadID: 4242, CustomerID: w.acme,
			Reason: keepwarm.SkipSuperseded, Detail: "a newer mail to the same contacts is already followed up (thread 7, enrollment 3)", CreatedAt: end.AddDate(0, 0, -2)}); err != nil {
			t.Fatal(err)
		}
		mustLack(t, "Acme's follow-ups", listed(t, w, c), "Not followed up", "newer mail")
	})
}
