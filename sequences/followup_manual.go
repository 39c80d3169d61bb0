package sequences

import (
	"context"
	"fmt"
	"time"

	"keepwarm"
)

// ManualStore is what a person's commands need beyond FollowUpStore.
type ManualStore interface {
	ThreadAnchor(ctx context.Context, threadID int64) (keepwarm.EnrollCandidate, error)
}

// EnrollThread enrolls a thread by hand in the named sequence ("" for the
// customer's grade), following up its latest outbound message. It fails
// when the thread already has a live enrollment, when the customer follows
// no sequence, or when no recipient may be written to.
func (f *FollowUp) EnrollThread(ctx context.Context, st ManualStore, threadID int64, sequence string, now time.Time) (keepwarm.Enrollment, error) {
	if e, err := f.store.LiveEnrollmentOfThread(ctx, threadID); err == nil {
		return e, keepwarm.Errorf(keepwarm.ECONFLICT, "thread %d already follows %s (enrollment %d)", threadID, e.Sequence, e.ID)
	} else if keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		return e, err
	}
	c, err := st.ThreadAnchor(ctx, threadID)
	if err != nil {
		return keepwarm.Enrollment{}, err
	}
	e, err := f.enroll(ctx, c, sequence, true, now)
	if err != nil {
		return e, err
	}
	if e.ID == 0 {
		return e, keepwarm.Errorf(keepwarm.EINVALID, "thread %d was not enrolled: it was answered, its customer follows no sequence (grade E, or ungraded with no default), every recipient bounced or opted out, or no mailbox can send as its owner (see `keepwarm enrollments --all`)", threadID)
	}
	return e, nil
}

// Pause pauses a live enrollment until until (zero: until a person resumes it).
func (f *FollowUp) Pause(ctx context.Context, id int64, until, now time.Time) (keepwarm.Enrollment, error) {
	return f.change(ctx, id, now, func(e *keepwarm.Enrollment) error {
		if !e.Status.Live() {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d is %s: only an active or paused one can be paused", id, e.Status)
		}
		e.Status, e.PausedUntil, e.Reason = keepwarm.EnrollPaused, until, "paused by a person"
		return nil
	})
}

// Resume makes a paused (or failed) enrollment active again; a step that
// fell due meanwhile is done at the next tick inside the send window, and a
// step whose mail failed or is uncertain is done again.
func (f *FollowUp) Resume(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error) {
	return f.change(ctx, id, now, func(e *keepwarm.Enrollment) error {
		if e.Status != keepwarm.EnrollPaused && e.Status != keepwarm.EnrollFailed {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d is %s: only a paused or failed one can be resumed", id, e.Status)
		}
		e.Status, e.PausedUntil, e.Reason = keepwarm.EnrollActive, time.Time{}, "resumed by a person"
		// A step whose mail failed or may not have arrived is done again
		// (under a new outbox key) rather than skipped.
		it, found, err := f.store.LastStepItem(ctx, e.ID, e.Step)
		if err != nil {
			return err
		}
		if found && (it.Status == keepwarm.OutboxFailed || it.Status == keepwarm.OutboxUncertain) && it.Step != nil {
			e.Step = *it.Step
			e.Redo++
			e.DueAt = now
			e.Reason = fmt.Sprintf("resumed by a person: step %d is done again", e.Step+1)
		}
		return nil
	})
}

// Stop ends a live, paused or failed enrollment for good.
func (f *FollowUp) Stop(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error) {
	return f.change(ctx, id, now, func(e *keepwarm.Enrollment) error {
		if !e.Status.Live() && e.Status != keepwarm.EnrollFailed {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d is already %s", id, e.Status)
		}
		e.Status, e.PausedUntil, e.Reason = keepwarm.EnrollStopped, time.Time{}, "stopped by a person"
		return nil
	})
}

func (f *FollowUp) change(ctx context.Context, id int64, now time.Time, fn func(*keepwarm.Enrollment) error) (keepwarm.Enrollment, error) {
	e, err := f.store.GetEnrollment(ctx, id)
	if err != nil {
		return e, err
	}
	if err := fn(&e); err != nil {
		return e, err
	}
	e.UpdatedAt = now
	return f.store.UpdateEnrollment(ctx, e)
}
