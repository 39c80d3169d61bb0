package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

func (w *fuWorld) regrade(grade string, at time.Time) {
	w.t.Helper()
	if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Grade: &grade}, at, "test"); err != nil {
		w.t.Fatal(err)
	}
}

// The customer is regraded while its follow-up runs: the live enrollment
// follows the new grade. To C it goes on at the secondary pace from the
// same step clock (the resend 15 days after the quotation, not 3); to E,
// which follows no sequence, it stops with a reason naming the grade, and
// a step already queued is not sent.
func TestARegradedCustomersFollowUpFollowsTheNewGrade(t *testing.T) {
	ctx := context.Background()
	t.Run("to C", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		w.regrade("C", day0.AddDate(0, 0, 2))
		w.run(day0.AddDate(0, 0, 2).Add(time.Minute))
		w.run(day0.AddDate(0, 0, 3))
		w.run(day0.AddDate(0, 0, 7))
		if items := w.outbox(); len(items) != 0 {
			t.Fatalf("sent at the key-customer pace after the regrade: %+v", items)
		}
		e := w.enrollment()
		if e.Status != keepwarm.EnrollActive || e.Sequence != "secondary" || e.Step != 0 || !e.DueAt.Equal(day0.AddDate(0, 0, 15)) ||
			!strings.Contains(e.Reason, "regraded from A to C") {
			t.Fatalf("not switched to secondary on the same clock: %s %s step %d due %s %q", e.Status, e.Sequence, e.Step, e.DueAt.In(berlin), e.Reason)
		}
		w.run(day0.AddDate(0, 0, 15))
		if items := w.outbox(); len(items) != 1 || items[0].Sequence != "secondary" || items[0].InReplyTo != "q-1@seller.example" {
			t.Fatalf("no resend on day 15: %+v", items)
		}
	})
	t.Run("to E", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		w.regrade("E", day0.AddDate(0, 0, 2))
		w.run(day0.AddDate(0, 0, 3))
		if items := w.outbox(); len(items) != 0 {
			t.Fatalf("a grade E customer is chased: %+v", items)
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollStopped || !strings.Contains(e.Reason, "regraded from A to E") {
			t.Fatalf("not stopped naming the grade: %s %q", e.Status, e.Reason)
		}
	})
	t.Run("to E with the step queued", func(t *testing.T) {
		w := newFUWorld(t, "A")
		due, item := w.resendQueued()
		w.regrade("E", due.Add(time.Minute))
		reason, err := w.job.Recheck(ctx, item, due.Add(2*time.Minute))
		if err != nil || !strings.Contains(reason, "regraded from A to E") {
			t.Fatalf("Recheck: %q %v", reason, err)
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollStopped {
			t.Fatalf("not stopped: %+v", e)
		}
	})
}
