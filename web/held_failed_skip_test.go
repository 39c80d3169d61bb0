package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// heldResendOfAFailedFollowUp queues Hans's resend (step 1 of Lily's
// follow-up), holds it a day because the send window of key-customer never
// opens for him, and fails the follow-up saying so, as the send's last look
// and the job do. It returns the held resend.
func (w *world) heldResendOfAFailedFollowUp() keepwarm.OutboxItem {
	w.t.Helper()
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil {
		w.t.Fatal(err)
	}
	step := 0
	item, _, err := w.db.Enqueue(w.ctx, keepwarm.OutboxItem{Key: fmt.Sprintf("seq:%d:0", e.ID), MessageID: keepwarm.NewMessageID("seller.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: lily}, To: []keepwarm.Address{{Email: "hans@buyer.de"}}, Subject: "Re: Quotation",
		Mode: keepwarm.ModeSend, CustomerID: w.meier, Origin: sequences.OriginSequence, Sequence: e.Sequence, Enrollment: &e.ID, Step: &step,
		DueAt: now0, NextAttemptAt: now0, CreatedAt: now0})
	if err != nil {
		w.t.Fatal(err)
	}
	why := "the send window of key-customer never opens for this customer: its workdays and the customer's days off leave no day; fix the window, then resume"
	if err := w.db.HoldOutbox(w.ctx, item.ID, now0.Add(24*time.Hour), "held: "+why); err != nil {
		w.t.Fatal(err)
	}
	e.Status, e.Step, e.Reason, e.UpdatedAt = keepwarm.EnrollFailed, 1, why, now0
	if _, err = w.db.UpdateEnrollment(w.ctx, e); err != nil {
		w.t.Fatal(err)
	}
	return item
}

// Hans's resend is held by a send window that never opens, and its
// follow-up failed saying why. Skip on the held resend asks what really
// happens: the mail goes when the follow-up is resumed, and skipped, the
// step is written again and sent on Resume (in Chinese too); "Skip it"
// puts the step back, so Resume does it again rather than take the
// skipped mail as the step done. The question said the mail "does not go
// out anyway" and that Skip "only records it", and the skip made Resume go
// on to the product introduction as if the resend had gone.
func TestSkipOfAFailedFollowUpsHeldMailSaysItGoesOnResumeAndKeepsTheStep(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	item := w.heldResendOfAFailedFollowUp()
	srv := w.serve()
	c := w.signIn(srv, lily)
	skipOut := path("/outbox/%d/skip", item.ID)
	code, q := c.do("/", skipOut, url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("the question before Skip: %d %s", code, q)
	}
	mustContain(t, "the question before Skip", q, "Its follow-up failed",
		html.EscapeString("goes when the follow-up is resumed"), html.EscapeString("step 1 is written again and sent then"))
	mustLack(t, "the question before Skip", q, "does not go out anyway", html.EscapeString("only records it"))
	c.setLang("zh")
	_, zh := c.do("/", skipOut, nil)
	mustContain(t, "the Chinese question", zh, "它的跟进已失败", "跟进恢复时会重新撰写第 1 步")
	mustLack(t, "the Chinese question", zh, "Its follow-up failed", "本来就不会发出")
	c.setLang("en")

	if code, loc := c.do("/", skipOut, url.Values{"back": {"/"}, "confirm": {"1"}}); code != http.StatusSeeOther || loc != "/" {
		t.Fatalf("Skip it: %d %s", code, loc)
	}
	if got, err := w.db.OutboxItem(w.ctx, item.ID); err != nil || got.Status != keepwarm.OutboxSkipped || got.LastError != sequences.PutBackSkip(lily, 0) {
		t.Fatalf("the resend after Skip it: %s %q (%v); want it skipped, saying its step is done again", got.Status, got.LastError, err)
	}
	got, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != keepwarm.EnrollFailed || got.Step != 0 || sequences.StepKey(got) == item.Key {
		t.Fatalf("the follow-up after the skip: %s at step %d under %s; want it failed, step 1 put back under a new key",
			got.Status, got.Step+1, sequences.StepKey(got))
	}
	// Resumed, the step waits to be done again, as the question said. A
	// second press on the page still open is her own skip done already:
	// it says so, and does not take it for the send's last look putting
	// the step back, asking again and skipping the step.
	if _, err := w.fu.Resume(w.ctx, w.enrollment, now0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	code, body := c.do("/", skipOut, url.Values{"back": {"/"}})
	if code != http.StatusConflict || !strings.Contains(body, path("outbox item %d was skipped already: it does not go", item.ID)) {
		t.Fatalf("a second press after Resume: %d %s", code, body)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Step != 0 || !e.Status.Live() {
		t.Fatalf("after the second press: %+v %v; want step 1 still to be done again", e, err)
	}
}
