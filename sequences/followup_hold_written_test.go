package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// relayHold holds w's follow-up of the quotation by a ticket system's
// answer passing on Hans's words, read at day0+2h.
func relayHold(w *fuWorld) {
	w.t.Helper()
	ack := w.msg("relay-1@buyer.de", keepwarm.KindAutoReply, "[Ticket #4711] Re: Quotation LED panels", day0.Add(time.Hour))
	ack.Snippet = "Ticket #4711 updated. Li Wei commented: please send the proforma for 200 pcs."
	w.save("lily", "INBOX", ack)
	w.run(day0.Add(2 * time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !strings.HasPrefix(e.Reason, "on hold: an automatic answer from hans@buyer.de") {
		w.t.Fatalf("not held by the relay: %s %q", e.Status, e.Reason)
	}
}

// challengeHold holds w's follow-up by a mail filter's challenge.
func challengeHold(w *fuWorld) {
	w.t.Helper()
	ch := w.msg("cr-9@buyer.de", keepwarm.KindAutoReply, "Please confirm your message", day0.Add(time.Hour))
	ch.Snippet = "Hans Meier uses a spam filter. Please confirm that you are a human sender before your message is delivered: click the link below."
	w.save("lily", "INBOX", ch)
	w.run(day0.Add(2 * time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !strings.HasPrefix(e.Reason, "on hold: a mail filter asks") {
		w.t.Fatalf("not held by the challenge: %s %q", e.Status, e.Reason)
	}
}

// peterHold holds w's (a peterWorld's) follow-up by a mail of Peter's,
// who has no mailbox, in the thread on day 1.
func peterHold(w *fuWorld) {
	w.t.Helper()
	p := w.msg("p-9@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", day0.AddDate(0, 0, 1), "q-1@seller.example")
	p.From = keepwarm.Address{Name: "Peter Wang", Email: "peter@seller.example"}
	p.Cc = []keepwarm.Address{{Email: "lily@seller.example"}}
	p.Text = "Hans, we can do USD 17.90 if you order 1000 pcs, can you confirm by Friday?"
	p.Snippet = p.Text
	w.save("lily", "INBOX", p)
	w.run(day0.AddDate(0, 0, 1).Add(time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !strings.HasPrefix(e.Reason, "peter@seller.example wrote in the thread") {
		w.t.Fatalf("not held by Peter's mail: %s %q", e.Status, e.Reason)
	}
}

// lilyWrites stores Lily's mail to Hans in the quotation's thread, asking
// something (ask) or only telling him something, written at at.
func lilyWrites(w *fuWorld, id string, at time.Time, ask bool) keepwarm.Message {
	w.t.Helper()
	m := w.msg(id, keepwarm.KindOutbound, "Re: Quotation LED panels", at, "q-1@seller.example")
	m.Text = "Dear Hans, please find the proforma for 200 pcs attached. Can you confirm the order by Friday?"
	if !ask {
		m.Text = "Please note our office is closed from 24 December to 2 January. Best regards, Lily"
	}
	m.Snippet = m.Text
	w.save("lily", "Sent", m)
	return m
}

// anchorKey is the Message-ID of the mail e follows up.
func (w *fuWorld) anchorKey(e keepwarm.Enrollment) string {
	w.t.Helper()
	m, err := w.db.GetMessage(context.Background(), e.AnchorID)
	if err != nil {
		w.t.Fatal(err)
	}
	return m.Key
}

// A follow-up keepwarm holds until a person has read something (an
// automatic answer passing on the buyer's words, a mail of a teammate with
// no mailbox) ends its hold when the salesperson writes in the thread after
// it, asking something: she has read it, and her new mail is followed up
// on its own days. A hold her mail cannot answer (a mail filter's
// challenge), or a mail written before the hold, or one that asks nothing,
// leaves it held with its reason: never "step clock restarted" alone on a
// follow-up that waits for Resume.
func TestAHoldEndsOnlyWhenTheSalespersonWritesAfterIt(t *testing.T) {
	sent := func(w *fuWorld, key string) bool {
		for _, it := range w.outbox() {
			if it.Origin == "sequence" && it.InReplyTo == key && it.Status != keepwarm.OutboxSkipped {
				return true
			}
		}
		return false
	}
	active := func(t *testing.T, w *fuWorld, m keepwarm.Message, wantReason string) {
		t.Helper()
		e := w.enrollment()
		if e.Status != keepwarm.EnrollActive || w.anchorKey(e) != m.Key || !e.ClockAt.Equal(m.Date) || !e.DueAt.After(e.ClockAt) || e.Reason != wantReason {
			t.Fatalf("after Lily's mail: %s, anchor %s, clock %s, due %s, %q\nwant active on %s, reason %q", e.Status, w.anchorKey(e), e.ClockAt, e.DueAt, e.Reason, m.Key, wantReason)
		}
		for d := 2; d <= 8; d++ {
			w.run(day0.AddDate(0, 0, d).Add(3 * time.Hour))
		}
		if !sent(w, m.Key) {
			t.Fatalf("Lily's mail is never followed up: %+v", w.outbox())
		}
	}
	held := func(t *testing.T, w *fuWorld, prefix, suffix string) {
		t.Helper()
		e := w.enrollment()
		if e.Status != keepwarm.EnrollPaused || !e.PausedUntil.IsZero() || !strings.HasPrefix(e.Reason, prefix) || !strings.HasSuffix(e.Reason, suffix) {
			t.Fatalf("the follow-up: %s until %v, %q\nwant held, reason %q ... %q", e.Status, e.PausedUntil, e.Reason, prefix, suffix)
		}
		for d := 2; d <= 12; d++ {
			w.run(day0.AddDate(0, 0, d).Add(3 * time.Hour))
		}
		for _, it := range w.outbox() {
			if it.Origin == "sequence" {
				t.Fatalf("a step went while held: In-Reply-To %s", it.InReplyTo)
			}
		}
	}
	const unplaced = "on hold: an automatic answer from hans@buyer.de passes on a person's words: read it, then resume or stop the follow-up"
	const restarted = "; step clock restarted by a later mail in the thread"
	t.Run("relay, then Lily asks", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		relayHold(w)
		m := lilyWrites(w, "pi-1@seller.example", day0.AddDate(0, 0, 1), true)
		w.run(day0.AddDate(0, 0, 1).Add(time.Hour))
		active(t, w, m, "resumed: lily@seller.example wrote in the thread after the automatic answer from hans@buyer.de that passed on a person's words: the steps follow up that mail")
	})
	t.Run("relay and Lily's mail in one look", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ack := w.msg("relay-2@buyer.de", keepwarm.KindAutoReply, "[Ticket #4711] Re: Quotation LED panels", day0.Add(time.Hour))
		ack.Snippet = "Ticket #4711 updated. Li Wei commented: please send the proforma for 200 pcs."
		w.save("lily", "INBOX", ack)
		m := lilyWrites(w, "pi-2@seller.example", day0.Add(5*time.Hour), true)
		w.run(day0.Add(6 * time.Hour))
		active(t, w, m, "resumed: lily@seller.example wrote in the thread after the automatic answer from hans@buyer.de that passed on a person's words: the steps follow up that mail")
	})
	t.Run("relay, then Lily only informs", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		relayHold(w)
		lilyWrites(w, "note-1@seller.example", day0.AddDate(0, 0, 1), false)
		w.run(day0.AddDate(0, 0, 1).Add(time.Hour))
		held(t, w, unplaced+"; step clock restarted by an information-only mail in the thread", "still following up the mail of 2 November")
	})
	t.Run("Lily's earlier mail read after the relay", func(t *testing.T) {
		// Her Sent folder caught up late: the mail was written before the
		// relay came, so it says nothing of her having read it.
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		ack := w.msg("relay-3@buyer.de", keepwarm.KindAutoReply, "[Ticket #4711] Re: Quotation LED panels", day0.Add(3*time.Hour))
		ack.Snippet = "Ticket #4711 updated. Li Wei commented: please send the proforma for 200 pcs."
		w.save("lily", "INBOX", ack)
		w.run(day0.Add(4 * time.Hour))
		lilyWrites(w, "pi-3@seller.example", day0.Add(2*time.Hour), true)
		w.run(day0.Add(5 * time.Hour))
		held(t, w, unplaced, restarted)
	})
	t.Run("challenge, then Lily asks", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		challengeHold(w)
		m := lilyWrites(w, "pi-4@seller.example", day0.AddDate(0, 0, 1), true)
		w.run(day0.AddDate(0, 0, 1).Add(time.Hour))
		if e := w.enrollment(); w.anchorKey(e) != m.Key {
			t.Fatalf("the follow-up does not follow up Lily's newer mail: %s", w.anchorKey(e))
		}
		held(t, w, "on hold: a mail filter asks to confirm the sender before it delivers mail to hans@buyer.de: confirm it by hand, then resume the follow-up", restarted)
	})
	t.Run("Peter, then Lily asks", func(t *testing.T) {
		w := peterWorld(t)
		w.run(day0.Add(time.Minute))
		peterHold(w)
		m := lilyWrites(w, "pi-5@seller.example", day0.AddDate(0, 0, 1).Add(2*time.Hour), true)
		w.run(day0.AddDate(0, 0, 1).Add(3 * time.Hour))
		active(t, w, m, "resumed: lily@seller.example wrote in the thread after peter@seller.example, who has no [[mailbox]] to send from: the steps follow up that mail")
	})
	// Peter then writes again in the thread, to Ute alone or only
	// thanking, read by the same look as Lily's question: neither could
	// have held the follow-up, so her question still lifts the hold.
	for _, later := range []struct {
		name, text string
		toUte      bool
	}{
		{"to Ute alone", "Ute, please check the quantity with Hans. Can you confirm by Friday?", true},
		{"only thanking", "Thanks, Hans. Best regards, Peter", false},
	} {
		t.Run("Peter, then Lily asks, then Peter writes "+later.name, func(t *testing.T) {
			w := peterWorld(t)
			w.run(day0.Add(time.Minute))
			peterHold(w)
			t1 := day0.AddDate(0, 0, 1).Add(2 * time.Hour)
			m := lilyWrites(w, "pi-6@seller.example", t1, true)
			p := w.msg("p-10@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", t1.Add(time.Hour), "q-1@seller.example", "pi-6@seller.example")
			p.From = keepwarm.Address{Name: "Peter Wang", Email: "peter@seller.example"}
			p.Cc = []keepwarm.Address{{Email: "lily@seller.example"}}
			if later.toUte {
				p.To, p.Contacts = []keepwarm.Address{{Email: ute.Email}}, []keepwarm.Address{ute}
			}
			p.Text = later.text
			p.Snippet = p.Text
			w.save("lily", "INBOX", p)
			w.run(t1.Add(2 * time.Hour))
			e := w.enrollment()
			if e.Status != keepwarm.EnrollActive || w.anchorKey(e) != m.Key {
				t.Fatalf("after Lily's question and Peter's later mail: %s, anchor %s, %q\nwant active on %s", e.Status, w.anchorKey(e), e.Reason, m.Key)
			}
		})
	}
	t.Run("Peter, then Lily only informs", func(t *testing.T) {
		w := peterWorld(t)
		w.run(day0.Add(time.Minute))
		peterHold(w)
		lilyWrites(w, "note-2@seller.example", day0.AddDate(0, 0, 1).Add(2*time.Hour), false)
		w.run(day0.AddDate(0, 0, 1).Add(3 * time.Hour))
		held(t, w, "peter@seller.example wrote in the thread after the mail of 2 November and has no [[mailbox]] to send from", "still following up the mail of 2 November")
	})
}

// An answer passed on, or a mail filter's challenge, that came before a
// new mail of Lily's to the same buyer holds none of that mail's follow-up:
// she wrote it after it (the proforma the relayed words asked for; the
// filter she confirmed). An out-of-office still in force does pause it.
func TestAHoldBeforeTheMailFollowedUpHoldsNothing(t *testing.T) {
	for _, c := range []struct {
		name, snippet string
		until         time.Time
	}{
		{"relay", "Ticket #4711 updated. Li Wei commented: please send the proforma for 200 pcs.", time.Time{}},
		{"relay with a date", "Li Wei commented: we can take delivery until 15 November, please send the proforma.", day0.AddDate(0, 0, 13)},
		{"challenge", "Hans Meier uses a spam filter. Please confirm that you are a human sender before your message is delivered: click the link below.", time.Time{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.run(day0.Add(time.Minute))
			a := w.msg("auto-1@buyer.de", keepwarm.KindAutoReply, "[Ticket #4711] Re: Quotation LED panels", day0.Add(time.Hour), "q-1@seller.example")
			a.Snippet, a.AutoReplyUntil = c.snippet, c.until
			w.save("lily", "INBOX", a)
			w.run(day0.Add(2 * time.Hour))
			pf := w.msg("pf-1@seller.example", keepwarm.KindOutbound, "Proforma invoice 200 pcs", day0.AddDate(0, 0, 1))
			pf.Text = "Dear Hans, please find the proforma for 200 pcs attached. Can you confirm the order by Friday?"
			pf.Snippet = pf.Text
			w.save("lily", "Sent", pf)
			w.run(day0.AddDate(0, 0, 1).Add(time.Hour))
			e := w.enrollmentOf(w.threadOf("pf-1@seller.example"))
			if e.Status != keepwarm.EnrollActive || !e.DueAt.Equal(day0.AddDate(0, 0, 4)) {
				t.Fatalf("the proforma's follow-up: %s due %s, %q; want active, due %s", e.Status, e.DueAt.In(berlin), e.Reason, day0.AddDate(0, 0, 4))
			}
		})
	}
}

// The same buyer's out-of-office with no return date, received before the
// new mail, still pauses its follow-up: he is away.
func TestAnAbsenceBeforeTheMailFollowedUpStillPausesIt(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	a := w.msg("ooo-1@buyer.de", keepwarm.KindAutoReply, "Automatic reply: Quotation LED panels", day0.Add(time.Hour), "q-1@seller.example")
	a.Snippet = "I am out of the office with limited access to e-mail."
	w.save("lily", "INBOX", a)
	w.run(day0.Add(2 * time.Hour))
	pf := w.msg("pf-2@seller.example", keepwarm.KindOutbound, "Proforma invoice 200 pcs", day0.AddDate(0, 0, 1))
	pf.Text = "Dear Hans, please find the proforma for 200 pcs attached. Can you confirm the order by Friday?"
	pf.Snippet = pf.Text
	w.save("lily", "Sent", pf)
	w.run(day0.AddDate(0, 0, 1).Add(time.Hour))
	if e := w.enrollmentOf(w.threadOf("pf-2@seller.example")); e.Status != keepwarm.EnrollPaused || !strings.HasPrefix(e.Reason, "out of office: hans@buyer.de") {
		t.Fatalf("the proforma's follow-up: %s, %q; want paused out of office", e.Status, e.Reason)
	}
}
