package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Hans's second step (a mail) is queued when the manager removes the
// first step from key-customer: the follow-up, realigned by what it did,
// now waits at the same step number under a fresh outbox key. The queued
// mail is the step it did, not an older try of a step done again: it
// goes, once. The send's last look took the other key for a put-back and
// skipped it, and the follow-up went on as if it had gone.
func TestAQueuedStepAnEditMovesTheFollowUpBackOntoGoes(t *testing.T) {
	ctx := context.Background()
	// Step 2 renders in the rig without a catalog, and does another
	// thing than step 1 (of a step named twice, the plan left with one
	// resend has it done: TestStepBack).
	w, body, day7, a := queuedKeyCustomer(t, "thanksgiving", atStep1)

	// The first step removed.
	w.reloadKeyCustomer(withoutFirstStep(body), day7.Add(time.Minute))
	if e := w.enrollment(); e.Step != 1 || sequences.StepKey(e) == a.Key {
		t.Fatalf("the follow-up after the edit: step %d key %s; want it at the same step number under another key than %s", e.Step, sequences.StepKey(e), a.Key)
	}
	reason, err := w.job.Recheck(ctx, w.item(a.ID), day7.Add(2*time.Minute))
	if err != nil || reason != "" {
		t.Fatalf("the last look of the queued step 2: %q, %v; want it sent", reason, err)
	}
	for d := 0; d <= 7; d++ {
		at := day7.Add(3*time.Minute).AddDate(0, 0, d)
		w.look(at)
		w.run(at.Add(time.Minute))
	}
	sent := 0
	for _, it := range w.outbox() {
		if it.Status == keepwarm.OutboxSent {
			sent++
		}
	}
	if sent != 2 {
		for _, it := range w.outbox() {
			t.Logf("outbox %d %s %s %q", it.ID, it.Key, it.Status, it.LastError)
		}
		t.Fatalf("%d mails sent; want the resend and step 2, once each", sent)
	}
}
