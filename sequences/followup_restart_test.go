package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The resend is queued, held (the cap, the gap between sends, a retry or
// the window), and meanwhile Lily writes in the thread herself. The job
// sees her mail first and restarts the step clock; the last look before
// the send must still see that the queued mail follows up the old one: it
// does not go, and the step is done again from her mail.
func TestAStepQueuedBeforeAManualMailDoesNotGo(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	due, item := w.resendQueued()
	w.save("lily", "Sent", w.msg("q-1b@seller.example", keepwarm.KindOutbound, "Re: Quotation LED panels", due.Add(time.Minute), "q-1@seller.example"))
	w.run(due.Add(2 * time.Minute)) // the job ticks before the send
	if e := w.enrollment(); e.Step != 1 || !strings.Contains(e.Reason, "restarted") {
		t.Fatalf("the job did not restart the clock: step %d %q", e.Step, e.Reason)
	}
	reason, err := w.job.Recheck(ctx, item, due.Add(3*time.Minute))
	if err != nil || !strings.Contains(reason, "wrote in the thread meanwhile") {
		t.Fatalf("Recheck: %q %v", reason, err)
	}
	if err := w.db.MarkSkipped(ctx, item.ID, reason); err != nil { // the dispatcher's part
		t.Fatal(err)
	}
	e := w.enrollment()
	again := time.Date(2026, 11, 9, 9, 0, 0, 0, berlin) // 3 days after Thursday's mail is a Sunday: Monday 09:00
	if e.Status != keepwarm.EnrollActive || e.Step != 0 || e.Redo != 1 || !e.DueAt.Equal(again) {
		t.Fatalf("the step is not put back: %s step %d redo %d due %s", e.Status, e.Step, e.Redo, e.DueAt.In(berlin))
	}
	w.run(again)
	var redo *keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.ID != item.ID {
			redo = &it
		}
	}
	if redo == nil || redo.InReplyTo != "q-1b@seller.example" {
		t.Fatalf("the step is not done again after Lily's mail: %+v", w.outbox())
	}
	if reason, err := w.job.Recheck(ctx, *redo, again.Add(time.Minute)); reason != "" || err != nil {
		t.Fatalf("Recheck of the step done again: %q %v", reason, err)
	}
}
