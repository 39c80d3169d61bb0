package sequences_test

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// TestQueuedStepHeld: the one rule the digest and the desk list queued
// steps by, as the send's last look treats them.
func TestQueuedStepHeld(t *testing.T) {
	now := time.Date(2026, 11, 10, 9, 0, 0, 0, time.UTC)
	step := 1
	item := func(goes time.Time) keepwarm.OutboxItem { return keepwarm.OutboxItem{NextAttemptAt: goes, Step: &step} }
	cases := []struct {
		name          string
		e             keepwarm.Enrollment
		it            keepwarm.OutboxItem
		ended, paused bool
	}{
		{"active", keepwarm.Enrollment{Status: keepwarm.EnrollActive}, item(now.Add(time.Hour)), false, false},
		{"completed: its last step still goes", keepwarm.Enrollment{Status: keepwarm.EnrollCompleted}, item(now.Add(time.Hour)), false, false},
		{"stopped", keepwarm.Enrollment{Status: keepwarm.EnrollStopped}, item(now.Add(time.Hour)), true, false},
		{"paused with no end", keepwarm.Enrollment{Status: keepwarm.EnrollPaused}, item(now.Add(time.Hour)), false, true},
		{"paused past the step", keepwarm.Enrollment{Status: keepwarm.EnrollPaused, PausedUntil: now.Add(2 * time.Hour)}, item(now.Add(time.Hour)), false, true},
		{"paused, ending before the step", keepwarm.Enrollment{Status: keepwarm.EnrollPaused, PausedUntil: now.Add(30 * time.Minute)}, item(now.Add(time.Hour)), false, false},
		{"overdue, the pause still on now", keepwarm.Enrollment{Status: keepwarm.EnrollPaused, PausedUntil: now.Add(time.Minute)}, item(now.Add(-time.Hour)), false, true},
		{"overdue, the pause over", keepwarm.Enrollment{Status: keepwarm.EnrollPaused, PausedUntil: now.Add(-time.Minute)}, item(now.Add(-time.Hour)), false, false},
		// A failed follow-up's last step's mail (a window that never
		// opens held it) goes when it is resumed, or its step is put back.
		{"failed past the step", keepwarm.Enrollment{ID: 7, Status: keepwarm.EnrollFailed, Step: 2},
			keepwarm.OutboxItem{Key: "seq:7:1", NextAttemptAt: now, Step: &step}, false, true},
		{"failed at the step, its own key", keepwarm.Enrollment{ID: 7, Status: keepwarm.EnrollFailed, Step: 1},
			keepwarm.OutboxItem{Key: "seq:7:1", NextAttemptAt: now, Step: &step}, false, true},
		{"failed, the step put back under a new key", keepwarm.Enrollment{ID: 7, Status: keepwarm.EnrollFailed, Step: 1, Redo: 1},
			keepwarm.OutboxItem{Key: "seq:7:1", NextAttemptAt: now, Step: &step}, true, false},
		{"failed two steps on", keepwarm.Enrollment{ID: 7, Status: keepwarm.EnrollFailed, Step: 3}, item(now.Add(time.Hour)), true, false},
		// The manager edited the sequence since the step was queued: the
		// step is put back where it is now, never onto whatever step its
		// old number names.
		{"failed, an edit moved the follow-up back onto the step's number", keepwarm.Enrollment{ID: 7, Status: keepwarm.EnrollFailed, Step: 1, Redo: 1,
			Plan: []string{"email:product-intro", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", NextAttemptAt: now, Step: &step, StepName: "email:product-intro"}, false, true},
		{"failed, an edit put a step before the queued one", keepwarm.Enrollment{ID: 7, Status: keepwarm.EnrollFailed, Step: 3,
			Plan: []string{"email:welcome", "email:resend", "email:product-intro", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", NextAttemptAt: now, Step: &step, StepName: "email:product-intro"}, false, true},
		{"failed, an edit removed the queued step", keepwarm.Enrollment{ID: 7, Status: keepwarm.EnrollFailed, Step: 1, Redo: 1,
			Plan: []string{"email:resend", "task:call"}},
			keepwarm.OutboxItem{Key: "seq:7:1", NextAttemptAt: now, Step: &step, StepName: "email:product-intro"}, true, false},
		{"failed, an edit moved the follow-up onto a step queued before steps were named", keepwarm.Enrollment{ID: 7, Status: keepwarm.EnrollFailed, Step: 2, Redo: 1},
			keepwarm.OutboxItem{Key: "seq:7:1", NextAttemptAt: now, Step: &step}, true, false},
	}
	for _, c := range cases {
		if ended, paused := sequences.QueuedStepHeld(c.e, c.it, now); ended != c.ended || paused != c.paused {
			t.Errorf("%s: ended %v paused %v, want %v %v", c.name, ended, paused, c.ended, c.paused)
		}
	}
}
