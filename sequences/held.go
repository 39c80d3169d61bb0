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
	if _, ok := stepBack(e, it); ok && e.Status == keepwarm.EnrollFailed {
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

// QueuedStepReplaced says whether it, a queued mail of running follow-up
// e, is of a step an edit of the sequence since replaced or removed
// (replacedByEdit): the send's last look does not send it, and the desk,
// the digest and Skip's question say so rather than list it as going.
func QueuedStepReplaced(e keepwarm.Enrollment, it keepwarm.OutboxItem) bool {
	return replacedByEdit(e, it)
}

// HeldStepAt says which step of e's plan (from 0) it, a queued mail of
// e's follow-up, is as the send's last look sees it: the step put back to
// be done again when the look skips it (stepBack), wherever an edit of the
// sequence moved that step since it was queued; ok false when it is none
// of e's steps (the edit removed it). The desk, the customer page, Skip's
// and Stop's questions and the digest number the held step by it.
func HeldStepAt(e keepwarm.Enrollment, it keepwarm.OutboxItem) (at int, ok bool) {
	return stepBack(e, it)
}

// stepBack says where in e's plan the step of it, a queued mail of e's
// follow-up, is put back to be done again (the send's last look after a
// pause, a restart or a failure; a person's Skip of a failed follow-up's
// held mail), and ok false when it is none of e's steps to put back. A
// step e has not moved on from (its key is still e's: keepwarm stopped
// between the queuing and the move, a person's Pause won) is its own
// index. Else e went on from it, or is at it to do it again (an older
// try), and an edit of the sequence since may have moved it (realign): it
// is the step of e's plan up to e's own that does what the queued one does
// (StepName), the StepNth of those named so as placeIn counts them (a step
// named twice: the first resend is never put back onto the second), never
// whatever step its old index now names, which would replace the queued
// step and skip it silently. A step the edit removed is none. Mail queued
// before items counted their step (StepNth 0) is the last step named so
// before e's own, or e's own when it is at it again; mail queued before
// items named their step is e's previous step only while its key is the
// one e would give that index (no edit moved e since: it gives a fresh
// key).
func stepBack(e keepwarm.Enrollment, it keepwarm.OutboxItem) (at int, ok bool) {
	if it.Step == nil {
		return 0, false
	}
	s := *it.Step
	if e.Step == s && it.Key == StepKey(e) {
		return s, true
	}
	if it.StepName == "" || len(e.Plan) == 0 {
		was := e
		was.Step = s
		return s, e.Step == s+1 && it.Key == StepKey(was)
	}
	if it.StepNth > 0 {
		n := 0
		for j := 0; j < len(e.Plan) && j <= e.Step; j++ {
			if e.Plan[j] == it.StepName {
				if n++; n == it.StepNth {
					return j, true
				}
			}
		}
		return 0, false
	}
	if e.Step == s && s < len(e.Plan) && e.Plan[s] == it.StepName {
		return s, true
	}
	for j := min(e.Step, len(e.Plan)) - 1; j >= 0; j-- {
		if e.Plan[j] == it.StepName {
			return j, true
		}
	}
	return 0, false
}
