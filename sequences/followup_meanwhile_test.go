package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// Hans's second step (thanksgiving here) is queued and waits (the send
// window, an absence) when Lily skips the next step, the call, on the
// desk. The mail's last look sends it: nobody wrote in the thread, and
// the call she skipped is not made. The look said "someone wrote in the
// thread meanwhile", put the mail's step back to wait four more days,
// and the follow-up, gone back before the call, made the call she had
// skipped.
func TestSkippingTheNextStepWhileAMailWaitsSendsTheMailAndNotTheStep(t *testing.T) {
	ctx := context.Background()
	w, _, day7, a := queuedKeyCustomer(t, "thanksgiving", namedThanksgiving)
	e := w.enrollment()
	if _, err := w.job.SkipStep(ctx, e.ID, e.Step, "lily@seller.example", day7.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	reason, err := w.job.Recheck(ctx, w.item(a.ID), day7.Add(2*time.Hour))
	if err != nil || reason != "" {
		t.Fatalf("the last look after Lily skipped the call: %q, %v; want the mail sent", reason, err)
	}
	w.lookRunLook(day7.Add(3*time.Hour), 14)
	if it := w.item(a.ID); it.Status != keepwarm.OutboxSent {
		t.Errorf("the thanksgiving mail: %s %q; want sent", it.Status, it.LastError)
	}
	sent := 0
	for _, it := range w.outbox() {
		if it.StepName == "email:thanksgiving" && it.Status == keepwarm.OutboxSent {
			sent++
		}
	}
	tasks, err := w.db.ListTasks(ctx, true, "")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for _, tk := range tasks {
		// Her skip is kept as the call's task closed at once, no call
		// made: not a call asked for.
		if tk.DoneAt.IsZero() || tk.Outcome != "skipped by lily@seller.example: no call made" {
			calls++
		}
	}
	if sent != 1 || calls != 0 {
		t.Errorf("after the skip: %d thanksgiving mails sent, %d call tasks (%+v; %+v); want the mail once and no call", sent, calls, tasks, w.enrollment())
	}
}
