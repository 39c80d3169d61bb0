package sequences_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// crashAfterEnqueue is the store with the enrollment's save failing right
// after a step's mail was queued, while armed: the process stopping
// between the two writes.
type crashAfterEnqueue struct {
	*store.DB
	armed, queued bool
}

func (c *crashAfterEnqueue) Enqueue(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error) {
	it, created, err := c.DB.Enqueue(ctx, item)
	if err == nil && created && c.armed {
		c.queued = true
	}
	return it, created, err
}

func (c *crashAfterEnqueue) UpdateEnrollment(ctx context.Context, e keepwarm.Enrollment) (keepwarm.Enrollment, error) {
	if c.queued {
		c.armed, c.queued = false, false
		return keepwarm.Enrollment{}, errors.New("killed before the save")
	}
	return c.DB.UpdateEnrollment(ctx, e)
}

// keepwarm stops between queuing Hans's resend and moving his follow-up
// on; the resend goes out after the restart. The next run sees the step
// was done: the follow-up moves on, with its next step counted from the
// resend's day as if nothing had happened, not held a day by the resend
// itself ("already had a mail from keepwarm today").
func TestAStepQueuedBeforeACrashIsNotHeldByItsOwnMail(t *testing.T) {
	ctx := context.Background()
	// What the follow-up looks like when nothing stops.
	calm := newFUWorld(t, "A")
	calm.run(day0.Add(time.Minute))
	due := calm.enrollment().DueAt
	calm.run(due)
	calm.sendAll(due.Add(time.Minute))
	calm.run(due.Add(5 * time.Minute))
	want := calm.enrollment()
	if want.Step != 1 {
		t.Fatalf("without a crash: step %d, want 1", want.Step)
	}

	var crash *crashAfterEnqueue
	w := newFUWorldStore(t, "A", "", func(db *store.DB) sequences.FollowUpStore {
		crash = &crashAfterEnqueue{DB: db}
		return crash
	})
	w.run(day0.Add(time.Minute))
	if got := w.enrollment().DueAt; !got.Equal(due) {
		t.Fatalf("due %s, want %s", got, due)
	}
	crash.armed = true
	if _, err := w.job.Run(ctx, due); err == nil {
		t.Fatal("the save after queuing did not fail")
	}
	if e := w.enrollment(); e.Step != 0 || w.stepsQueued() != 1 {
		t.Fatalf("after the crash: step %d, %d steps queued; want step 0 and its mail queued", e.Step, w.stepsQueued())
	}
	w.sendAll(due.Add(time.Minute))
	w.run(due.Add(5 * time.Minute))
	e := w.enrollment()
	if e.Step != 1 || !e.DueAt.Equal(want.DueAt) || strings.Contains(e.Reason, "already had a mail") {
		t.Fatalf("after the restart: step %d due %s (%q); want step 1 due %s as without the crash", e.Step, e.DueAt, e.Reason, want.DueAt)
	}
	if n := w.stepsQueued(); n != 1 {
		t.Fatalf("%d steps queued, want 1", n)
	}
}

// keepwarm stops between queuing Hans's resend and moving his follow-up
// on; after the restart the resend fails or ends uncertain. The follow-up
// fails at the resend as without the stop: the desk asks about it, and
// "Send again" (or Resume after a failure) sends it again under a new
// key; it is never taken as done. Both when the dispatcher tells Settled
// and when it does not (the next run finds the item).
func TestAStepQueuedBeforeACrashThatFailsIsSentAgainNotSkipped(t *testing.T) {
	ctx := context.Background()
	for _, status := range []keepwarm.OutboxStatus{keepwarm.OutboxUncertain, keepwarm.OutboxFailed} {
		for _, told := range []bool{true, false} {
			var crash *crashAfterEnqueue
			w := newFUWorldStore(t, "A", "", func(db *store.DB) sequences.FollowUpStore {
				crash = &crashAfterEnqueue{DB: db}
				return crash
			})
			w.run(day0.Add(time.Minute))
			due := w.enrollment().DueAt
			crash.armed = true
			if _, err := w.job.Run(ctx, due); err == nil {
				t.Fatal("the save after queuing did not fail")
			}
			items, err := w.db.ClaimDue(ctx, due.Add(time.Minute), 10)
			if err != nil || len(items) != 1 {
				t.Fatalf("claimed %d: %v", len(items), err)
			}
			it := items[0]
			if status == keepwarm.OutboxUncertain {
				err = w.db.MarkUncertain(ctx, it.ID, "connection lost after DATA")
			} else {
				err = w.db.MarkFailed(ctx, it.ID, "552 mailbox full")
			}
			if err != nil {
				t.Fatal(err)
			}
			if told {
				if err := w.job.Settled(ctx, it, status, "it ended so", nil, due.Add(time.Minute)); err != nil {
					t.Fatal(err)
				}
			}
			w.run(due.Add(5 * time.Minute))
			e := w.enrollment()
			if e.Status != keepwarm.EnrollFailed || e.Step != 1 {
				t.Fatalf("%s, told %v: %s at step %d (%q); want failed at the resend, one step on", status, told, e.Status, e.Step, e.Reason)
			}
			if status == keepwarm.OutboxUncertain {
				if got, ok, err := w.job.UncertainStep(ctx, e); err != nil || !ok || got.ID != it.ID {
					t.Fatalf("told %v: uncertain step %+v %v %v; want the resend", told, got, ok, err)
				}
				_, err = w.job.SendAgain(ctx, e.ID, due.Add(10*time.Minute))
			} else {
				_, err = w.job.Resume(ctx, e.ID, due.Add(10*time.Minute))
			}
			if err != nil {
				t.Fatal(err)
			}
			// The next day: the first try counts as a mail today (one a day).
			w.run(due.AddDate(0, 0, 1).Add(15 * time.Minute))
			want := sequences.StepKey(keepwarm.Enrollment{ID: e.ID, Step: 0, Redo: 1})
			var again bool
			for _, o := range w.outbox() {
				again = again || o.Key == want
			}
			if !again {
				t.Fatalf("%s, told %v: no %s queued after the person's answer: %+v, e %+v", status, told, want, w.outbox(), w.enrollment())
			}
		}
	}
}
