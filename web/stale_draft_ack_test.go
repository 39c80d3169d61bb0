package web_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// uncertainDraft queues it as a draft to Hans at Meier from Lily's
// mailbox, due an hour ago, and marks it given up as uncertain (it may be
// in her Drafts). It returns its id.
func uncertainDraft(t *testing.T, w *world, it keepwarm.OutboxItem) int64 {
	t.Helper()
	it.MessageID = keepwarm.NewMessageID("seller.example")
	it.Mailbox, it.From, it.To = "lily", keepwarm.Address{Email: lily}, []keepwarm.Address{{Email: "hans@buyer.de"}}
	it.Mode, it.CustomerID = keepwarm.ModeDraft, w.meier
	it.DueAt, it.NextAttemptAt, it.CreatedAt = now0.Add(-time.Hour), now0.Add(-time.Hour), now0.Add(-time.Hour)
	it, _, err := w.db.Enqueue(w.ctx, it)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.Exec(`UPDATE outbox SET status = 'uncertain', attempted_at = ? WHERE id = ?`, now0.Add(-time.Hour).Unix(), it.ID); err != nil {
		t.Fatal(err)
	}
	return it.ID
}

// settleDraft records what looking for draft id in Drafts found (outcome).
func settleDraft(t *testing.T, w *world, id int64, outcome string) {
	t.Helper()
	if err := w.db.SettleDraft(w.ctx, id, outcome, now0); err != nil {
		t.Fatal(err)
	}
}

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
		settleDraft(t, w, uncertainDraft(t, w, keepwarm.OutboxItem{Key: "ack:" + subject, Subject: subject,
			Text: "Dear Hans,\n\nReceived, I am working on it.\n", Origin: "ack"}), outcome)
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
		settleDraft(t, w, uncertainDraft(t, w, keepwarm.OutboxItem{Key: key, Subject: subject,
			Text: "Dear Hans,\n\nOur news.\n", Origin: "letter"}), outcome)
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
	id := uncertainDraft(t, w, keepwarm.OutboxItem{Key: path("seq:%d:0", enr), Subject: "Re: Quotation LED panels",
		Text: "Dear Hans,\n\nAny news?\n", Origin: "sequence", Sequence: "key-customer", Step: &step, Enrollment: &enr})
	if _, err := w.raw.Exec(`UPDATE enrollments SET status = 'superseded', reason = 'a newer mail in the thread' WHERE id = ?`, enr); err != nil {
		t.Fatal(err)
	}
	// Before it is looked for, the step is listed, telling her to write it
	// again by hand: what follows checks that it leaves, not that it was
	// never there.
	trouble := cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustContain(t, "the superseded step's uncertain draft before it is looked for", trouble, "Re: Quotation LED panels", "write it again by hand")
	settleDraft(t, w, id, "gone")
	trouble = cut(t, mustGet(t, lilyC, "/"), `id="trouble"`, "</section>")
	mustLack(t, "the superseded step's draft not in Drafts", trouble, "write it again by hand")
}
