package sequences

import (
	"time"

	"keepwarm"
)

// QueuedStepHeld says what the send's last look does with it, a step of
// follow-up e queued in the outbox, as seen at now: ended, the follow-up
// ended (stopped, answered) and the look drops the step; paused, the
// follow-up is paused past the time the step goes (now, for an overdue
// one: the next send looks at it), and the look puts the step back, to be
// done again when the pause ends, if it does. The mail of a failed
// follow-up's last step (a send window that never opens held it, a
// delivery failure that names no address) is paused too: it goes when
// the follow-up is resumed, or the look puts its step back to be done
// again then (putBackFailed); a person's Skip of it puts the step back
// too (PutBackFailed). The digest and the desk both list the outbox by it.
func QueuedStepHeld(e keepwarm.Enrollment, it keepwarm.OutboxItem, now time.Time) (ended, paused bool) {
	if e.Status == keepwarm.EnrollFailed && it.Step != nil &&
		(e.Step == *it.Step+1 || e.Step == *it.Step && it.Key == StepKey(e)) {
		return false, true
	}
	if !e.Status.Live() && e.Status != keepwarm.EnrollCompleted {
		return true, false
	}
	goes := it.NextAttemptAt
	if goes.Before(now) {
		goes = now
	}
	return false, e.Status == keepwarm.EnrollPaused && (e.PausedUntil.IsZero() || e.PausedUntil.After(goes))
}
