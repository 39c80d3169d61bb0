package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// A mail set aside because its customer follows no sequence (grade E) or
// there is no mailbox to send it from is looked at again while it is
// within max_age: the manager regrades the customer the next morning, or
// the mailbox gets its smtp_url, and the quotation is followed up (it was
// set aside for good, though its reason says to fix just that). Enrolled,
// it is no longer listed as not followed up.
func TestASkipForNoSequenceOrNoMailboxIsLookedAtAgain(t *testing.T) {
	ctx := context.Background()
	skipOf := func(w *fuWorld) string {
		skips, err := w.db.FollowUpSkips(ctx, w.cid, time.Time{})
		if err != nil {
			w.t.Fatal(err)
		}
		if len(skips) == 0 {
			return ""
		}
		return skips[0].Reason
	}
	t.Run("regraded", func(t *testing.T) {
		w := newFUWorld(t, "E")
		w.run(day0.Add(time.Minute))
		if got := skipOf(w); got != keepwarm.SkipNoSequence {
			t.Fatalf("grade E: skip %q", got)
		}
		w.regrade("B", day0.AddDate(0, 0, 1))
		w.run(day0.AddDate(0, 0, 1).Add(time.Minute))
		if e := w.enrollment(); e.Status != keepwarm.EnrollActive || e.AnchorID == 0 {
			t.Fatalf("after the regrade: %s %q", e.Status, e.Reason)
		}
		if got := skipOf(w); got != "" {
			t.Fatalf("still listed as not followed up: %q", got)
		}
	})
	t.Run("never regraded", func(t *testing.T) {
		w := newFUWorld(t, "E")
		w.run(day0.Add(time.Minute))
		w.run(day0.AddDate(0, 0, 20))
		if got := skipOf(w); got != keepwarm.SkipNoSequence {
			t.Fatalf("past max_age: skip %q, want it kept as no-sequence", got)
		}
	})
	t.Run("mailbox added", func(t *testing.T) {
		w := newFUWorld(t, "A")
		ids := w.cfg.Identities
		w.rejob(func(c *sequences.FollowUpConfig) { c.Identities = nil })
		w.run(day0.Add(time.Minute))
		if got := skipOf(w); got != keepwarm.SkipNoMailbox {
			t.Fatalf("no mailbox: skip %q", got)
		}
		w.rejob(func(c *sequences.FollowUpConfig) { c.Identities = ids })
		w.run(day0.AddDate(0, 0, 1))
		if e := w.enrollment(); e.Status != keepwarm.EnrollActive {
			t.Fatalf("after the mailbox was added: %s %q", e.Status, e.Reason)
		}
		if got := skipOf(w); got != "" {
			t.Fatalf("still listed as not followed up: %q", got)
		}
	})
}
