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

// The resend is queued on day 3 and the follow-up moved on to the product
// introduction, due day 7. Lily presses Pause (with no end, or until day 4)
// before it is sent, and the last look skips it. When she resumes on day 4,
// or the pause ends then, the resend is done again that day, not on the
// introduction's day 7.
func TestAStepSkippedForAPauseAtTheLastLookGoesWhenThePauseEnds(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		until time.Time
	}{
		{"no end, resumed on day 4", time.Time{}},
		{"until day 4", day0.AddDate(0, 0, 4)},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newFUWorld(t, "A")
			due, item := w.resendQueued()
			if e := w.enrollment(); e.Step != 1 || !e.DueAt.After(day0.AddDate(0, 0, 6)) {
				t.Fatalf("after the resend was queued: step %d due %s, want the introduction's day", e.Step, e.DueAt)
			}
			e, err := w.job.Pause(ctx, *item.Enrollment, c.until, due.Add(time.Minute))
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
			day4 := day0.AddDate(0, 0, 4).Add(time.Hour)
			if c.until.IsZero() {
				if _, err := w.job.Resume(ctx, e.ID, day4); err != nil {
					t.Fatal(err)
				}
			}
			w.run(day4.Add(time.Minute))
			var redo *keepwarm.OutboxItem
			for _, it := range w.outbox() {
				if it.Status == keepwarm.OutboxQueued {
					redo = &it
				}
			}
			if redo == nil || redo.Step == nil || *redo.Step != 0 || redo.Key != item.Key+":r1" {
				var keys []string
				for _, it := range w.outbox() {
					keys = append(keys, it.Key+" "+string(it.Status))
				}
				e := w.enrollment()
				t.Fatalf("day 4, the pause over: outbox %v; follow-up %s step %d due %s, want the resend done again that day", keys, e.Status, e.Step, e.DueAt)
			}
		})
	}
}
