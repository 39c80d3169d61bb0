package sequences

import (
	"context"
	"errors"
	"fmt"
	"time"

	"keepwarm"
)

// closeAnswered closes the open call tasks of follow-ups whose customer
// answered since: the stop rules still apply to a follow-up that ended on
// its call task (an answer from a recipient or in the thread; opt-out
// wording counts), and the answer ends it as replied with the message that
// did. Nobody then phones a buyer who wrote the day before to ask whether
// the mail arrived; the digest and the desk no longer list the call, and
// the task says who answered and when.
func (f *FollowUp) closeAnswered(ctx context.Context, now time.Time) error {
	tasks, err := f.store.ListTasks(ctx, false, "")
	if err != nil {
		return err
	}
	var errs []error
	for _, t := range tasks {
		if t.EnrollmentID == 0 {
			continue
		}
		if err := f.closeIfAnswered(ctx, t, now); err != nil && keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
			errs = append(errs, fmt.Errorf("task %d: %w", t.ID, err))
		}
	}
	return errors.Join(errs...)
}

func (f *FollowUp) closeIfAnswered(ctx context.Context, t keepwarm.Task, now time.Time) error {
	e, err := f.store.GetEnrollment(ctx, t.EnrollmentID)
	if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	switch e.Status {
	case keepwarm.EnrollCompleted:
		upd, _, err := f.evaluateLate(ctx, e, now)
		if err != nil {
			return err
		}
		if upd.Status != keepwarm.EnrollReplied && upd.Status != keepwarm.EnrollOptedOut {
			return nil
		}
		upd.UpdatedAt = now
		if e, err = f.store.UpdateEnrollment(ctx, upd); err != nil {
			return err
		}
		f.log.Info("enrollment "+string(e.Status)+" after its call task", "enrollment", e.ID, "customer", e.Customer, "reason", e.Reason)
	case keepwarm.EnrollReplied, keepwarm.EnrollOptedOut:
		// Ended by an answer while the task was open (a step after it).
	default:
		return nil
	}
	if e.StoppedBy == 0 {
		return nil
	}
	m, err := f.store.GetMessage(ctx, e.StoppedBy)
	if err != nil {
		return err
	}
	at := m.Date
	if at.IsZero() {
		at = now
	}
	outcome := fmt.Sprintf("no call needed: %s answered on %s", m.From.Email, at.In(f.personLocation(t.Owner)).Format("2006-01-02 15:04"))
	if e.Status == keepwarm.EnrollOptedOut {
		outcome = fmt.Sprintf("no call: %s asked for no more mail on %s", m.From.Email, at.In(f.personLocation(t.Owner)).Format("2006-01-02 15:04"))
	}
	if err := f.store.TaskAnswered(ctx, t.ID, now, outcome, e.StoppedBy); err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		return err
	}
	f.log.Info("call task closed by an answer", "task", t.ID, "enrollment", e.ID, "customer", t.Customer, "outcome", outcome)
	return nil
}
