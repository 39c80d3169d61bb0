package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

// An A customer's target of 5 minutes with nudge_after at its default of
// 5 minutes: the owner is still nudged before the target passes, at half
// of it, and the "target passed" nudge follows at the target.
func TestATargetNoLongerThanNudgeAfterIsNudgedBeforeItPasses(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		c.GradeTargets = map[string]time.Duration{"A": 5 * time.Minute}
		c.NudgeAfter = 5 * time.Minute
	})
	q := ask("grade-a-1@globex.de", lilyUser, "Urgent: 40HQ container")
	w.deliver(lilyUser, "INBOX", q, t0)
	w.sync()
	ctx := context.Background()
	c, err := w.db.ResolveCustomer(ctx, "hans@globex.de")
	if err != nil {
		t.Fatal(err)
	}
	grade := "A"
	if err := w.db.SetCustomer(ctx, c.ID, store.CustomerChange{Grade: &grade}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	w.tickAt(t0.Add(2 * time.Minute))
	if n := len(w.nudges()); n != 0 {
		t.Fatalf("%d nudges two minutes in", n)
	}
	w.tickAt(t0.Add(2*time.Minute + 30*time.Second))
	got := w.nudges()
	if len(got) != 1 || !strings.Contains(decodedSubject(t, string(got[0].Raw)), "Reply due") {
		t.Fatalf("at half the 5m target: %d nudges %v", len(got), subjects(t, got))
	}
	w.tickAt(t0.Add(5 * time.Minute))
	got = w.nudges()
	if len(got) != 2 || !strings.Contains(decodedText(t, string(got[1].Raw)), "has passed its 5 min reply target") {
		t.Fatalf("at the target: %v", subjects(t, got))
	}
}

func subjects(t *testing.T, ms []mailtest.SMTPMessage) []string {
	var out []string
	for _, m := range ms {
		out = append(out, decodedSubject(t, string(m.Raw)))
	}
	return out
}
