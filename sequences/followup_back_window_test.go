package sequences_test

import (
	"strings"
	"testing"
	"time"
)

// Lily is away until Monday 00:00; Hans's resend, held for her, waits
// for his window (09:00 Berlin). From midnight she is back: the step now
// says it waits for the window, and is not made due and put back again
// at every run until 09:00. At 09:00 it goes.
func TestAStepHeldForAnAbsenceEndingAtNightWaitsQuietlyForTheWindow(t *testing.T) {
	w := newFUWorld(t, "A")
	back := time.Date(2026, 11, 9, 0, 0, 0, 0, berlin) // Monday
	w.lilyAway(day0.AddDate(0, 0, 2), back)
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	held := w.enrollment()
	if w.stepsQueued() != 0 || !strings.HasPrefix(held.Reason, "lily@seller.example is away (") {
		t.Fatalf("not held while Lily is away: %q", held.Reason)
	}
	first := back.Add(5 * time.Minute)
	w.run(first)
	e := w.enrollment()
	if strings.Contains(e.Reason, "is away") || !strings.Contains(e.Reason, "send window") {
		t.Fatalf("after her return: %q, want the window's reason", e.Reason)
	}
	for _, at := range []time.Time{back.Add(10 * time.Minute), back.Add(15 * time.Minute)} {
		w.run(at)
		if got := w.enrollment(); !got.UpdatedAt.Equal(first) || !got.DueAt.Equal(e.DueAt) {
			t.Fatalf("at %s: rewritten (updated %s, due %s; was %s, %s)", at.Format("15:04"), got.UpdatedAt, got.DueAt, first, e.DueAt)
		}
	}
	w.run(e.DueAt)
	if n := w.stepsQueued(); n != 1 {
		t.Fatalf("%d steps queued when the window opened, want 1", n)
	}
	if r := w.enrollment().Reason; strings.Contains(r, "send window") {
		t.Fatalf("the next step still says %q", r)
	}
}
