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
