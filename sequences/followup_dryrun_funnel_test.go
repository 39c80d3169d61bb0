package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// A follow-up run through in a dry-run trial reached nobody: the funnel
// counts it as dry-run, not as a customer who got every step and did not
// answer, and leaves it out of the answer rate.
func TestFunnelCountsADryRunApart(t *testing.T) {
	funnel := func(mode keepwarm.SendMode) sequences.Funnel {
		t.Helper()
		ctx := context.Background()
		w := newFUWorld(t, "A")
		w.rejob(func(c *sequences.FollowUpConfig) { c.Mode = mode })
		w.run(day0.Add(time.Minute))
		for _, d := range []int{3, 7, 10, 11} {
			w.run(day0.AddDate(0, 0, d))
			w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
		}
		if e := w.enrollment(); e.Status != keepwarm.EnrollCompleted {
			t.Fatalf("%s: enrollment %s: %q", mode, e.Status, e.Reason)
		}
		since, until := day0.AddDate(0, 0, -1), day0.AddDate(0, 0, 30)
		enrs, err := w.db.ListEnrollments(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		dry, err := w.db.DryRunEnrollments(ctx, since, until)
		if err != nil {
			t.Fatal(err)
		}
		return sequences.BuildFunnel(enrs, dry, since, until).Total
	}
	if f := funnel(keepwarm.ModeDryRun); f.Enrolled != 1 || f.DryRun != 1 || f.NoAnswer != 0 || f.AnswerRate != nil {
		t.Fatalf("dry-run: funnel %+v; want the follow-up counted as dry-run, no answer rate", f)
	}
	if f := funnel(keepwarm.ModeSend); f.Enrolled != 1 || f.DryRun != 0 || f.NoAnswer != 1 {
		t.Fatalf("send: funnel %+v; want no answer after every step", f)
	}
}
