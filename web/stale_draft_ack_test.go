package web_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A "received, working on it" draft given up as uncertain (it may be in
// Lily's Drafts) is looked for there once she answers the customer. Taken
// out (or not there), it leaves "Sends that need you": the desk no longer
// tells her to write it again by hand. Left there (changed, or a server
// without UIDPLUS), it is listed once, as a draft nobody should send.
func TestAnUncertainReceivedDraftSettledByRemovalLeavesTheDesksAdvice(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	ack := func(subject, outcome string) {
		it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: "ack:" + subject, MessageID: keepwarm.NewMessageID("seller.example"),
			Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
			Subject: subject, Text: "Dear Hans,\n\nReceived, I am working on it.\n", Mode: keepwarm.ModeDraft,
			CustomerID: w.meier, Origin: "ack", DueAt: now0.Add(-time.Hour), NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.raw.Exec(`UPDATE outbox SET status = 'uncertain', attempted_at = ? WHERE id = ?`, now0.Add(-time.Hour).Unix(), it.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.db.SettleDraft(w.ctx, it.ID, outcome, now0); err != nil {
			t.Fatal(err)
		}
	}
	ack("Re: Price for 500 pcs?", "removed")
	ack("Re: Samples?", "gone")
	ack("Re: Delivery date?", "edited")
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustLack(t, "the received drafts taken out", trouble, "Re: Price for 500 pcs?", "Re: Samples?", "write it again by hand")
	mustContain(t, "the received draft left in Drafts", trouble, "Re: Delivery date?", "nobody should send it any more")
	if n := strings.Count(trouble, "Re: Delivery date?"); n != 1 {
		t.Errorf("the received draft left in Drafts is listed %d times, want once:\n%s", n, trouble)
	}
}

// A greeting or monthly letter given up as uncertain (it may be in Lily's
// Drafts) whose recipient then opted out is looked for in Drafts; left
// there (changed: every draft on Microsoft 365; or kept), it is listed
// once, as a draft nobody should send, never also with the advice to
// write it again by hand to an address that asked for no more mail.
func TestAnUncertainLetterLeftInDraftsIsListedOnceWithoutWriteItAgain(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	letter := func(key, subject, outcome string) {
		it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: key, MessageID: keepwarm.NewMessageID("seller.example"),
			Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
			Subject: subject, Text: "Dear Hans,\n\nOur news.\n", Mode: keepwarm.ModeDraft,
			CustomerID: w.meier, Origin: "letter", DueAt: now0.Add(-time.Hour), NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.raw.Exec(`UPDATE outbox SET status = 'uncertain', attempted_at = ? WHERE id = ?`, now0.Add(-time.Hour).Unix(), it.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.db.SettleDraft(w.ctx, it.ID, outcome, now0); err != nil {
			t.Fatal(err)
		}
	}
	letter("letter:1:2026-12", "News for December", "edited")
	letter("greeting:1:2026-12-24", "Merry Christmas", "kept")
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustLack(t, "the letter and greeting left in Drafts", trouble, "write it again by hand")
	for _, subject := range []string{"News for December", "Merry Christmas"} {
		if n := strings.Count(trouble, subject); n != 1 {
			t.Errorf("%q left in Drafts is listed %d times, want once:\n%s", subject, n, trouble)
		}
	}
}

// A follow-up step's draft given up as uncertain (so its follow-up failed)
// whose follow-up a newer mail in the thread then superseded is looked for
// in Drafts; not there (or taken out), the desk no longer tells Lily to
// write it again by hand.
func TestAnUncertainStepOfASupersededFollowUpTakenOutLeavesTheDesk(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	step, enr := 0, w.enrollment
	it, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: path("seq:%d:0", enr), MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Re: Quotation LED panels",
		Text: "Dear Hans,\n\nAny news?\n", Mode: keepwarm.ModeDraft, CustomerID: w.meier, Origin: "sequence", Sequence: "key-customer",
		Step: &step, Enrollment: &enr, DueAt: now0.Add(-time.Hour), NextAttemptAt: now0.Add(-time.Hour), CreatedAt: now0.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.Exec(`UPDATE outbox SET status = 'uncertain', attempted_at = ? WHERE id = ?`, now0.Add(-time.Hour).Unix(), it.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.Exec(`UPDATE enrollments SET status = 'superseded', reason = 'a newer mail in the thread' WHERE id = ?`, enr); err != nil {
		t.Fatal(err)
	}
	// Before it is looked for, the step is listed, telling her to write it
	// again by hand: what follows checks that it leaves, not that it was
	// never there.
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the superseded step's uncertain draft before it is looked for", trouble, "Re: Quotation LED panels", "write it again by hand")
	if err := w.db.SettleDraft(w.ctx, it.ID, "gone", now0); err != nil {
		t.Fatal(err)
	}
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustLack(t, "the superseded step's draft not in Drafts", trouble, "write it again by hand")
}
