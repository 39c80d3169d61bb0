package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// The resend is queued, but the enrollment is not moved past it: Lily's
// Pause won the race with the tick (or keepwarm stopped between the two
// writes). The last look skips the item for the pause. When she resumes,
// the resend is done again under a new key: it is not dropped for the
// product introduction.
func TestAStepSkippedForAPauseBeforeTheFollowUpMovedOnIsDoneAfterIt(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	before := w.enrollment()
	due, item := w.resendQueued()
	// The enrollment as the tick left it when its own write was lost.
	now := w.enrollment()
	before.Rev = now.Rev
	if _, err := w.db.UpdateEnrollment(ctx, before); err != nil {
		t.Fatal(err)
	}
	if e := w.enrollment(); e.Step != 0 || item.Key != sequences.StepKey(e) {
		t.Fatalf("the enrollment is not back at the resend: step %d, item %s", e.Step, item.Key)
	}
	e, err := w.job.Pause(ctx, before.ID, time.Time{}, due.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	reason, err := w.job.Recheck(ctx, item, due.Add(2*time.Minute))
	if err != nil || !strings.Contains(reason, "paused") {
		t.Fatalf("Recheck: %q %v", reason, err)
	}
	if err := w.db.MarkSkipped(ctx, item.ID, reason); err != nil { // the dispatcher's part
		t.Fatal(err)
	}
	if _, err := w.job.Resume(ctx, e.ID, due.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.run(due.Add(time.Hour + time.Minute))
	var redo *keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Status == keepwarm.OutboxQueued {
			redo = &it
		}
	}
	if redo == nil || redo.Step == nil || *redo.Step != 0 || redo.Key != item.Key+":r1" {
		t.Fatalf("the resend is not done again after the pause: %+v\nenrollment %+v", w.outbox(), w.enrollment())
	}
	if e := w.enrollment(); e.Step != 1 {
		t.Fatalf("the follow-up is at step %d after the resend", e.Step)
	}
}
