package sequences

import (
	"context"
	"fmt"
	"strings"
	"time"

	"keepwarm"
)

// Settled is told by the dispatcher that one of the job's items ended
// failed or uncertain. Failures stop, they never skip: addresses a 5xx at
// RCPT refused are flagged as a bounce flags them, and the step is done
// again for the recipients left (none left: the enrollment ends as
// bounced); any other failure, and an uncertain send, pauses the
// enrollment as failed with the reason, so the next step never runs by
// itself. Items that belong to no enrollment only flag refused addresses.
func (f *FollowUp) Settled(ctx context.Context, item keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string, refused []string, now time.Time) error {
	if len(refused) > 0 {
		if _, err := f.store.FlagBounced(ctx, refused, now); err != nil {
			return err
		}
		f.log.Warn("address refused by the SMTP server: flagged as bounced", "addresses", refused, "outbox", item.ID)
	}
	if item.Enrollment == nil || item.Step == nil {
		return nil
	}
	e, err := f.store.GetEnrollment(ctx, *item.Enrollment)
	if err != nil {
		return err
	}
	if !e.Status.Live() && e.Status != keepwarm.EnrollCompleted {
		return nil // stopped meanwhile: nothing goes on anyway
	}
	// The step the mail is in e's plan as it is now: an edit since it was
	// queued (a step before it removed, then undone) may have moved it
	// to another index than the one it was queued at.
	step := *item.Step
	if at, ok := stepBack(e, item); ok {
		step = at
	}
	if len(refused) > 0 {
		to, why, _, err := f.writable(ctx, e.To, nil)
		if err != nil {
			return err
		}
		if len(to) == 0 {
			e.Status = keepwarm.EnrollBounced
			e.Reason = fmt.Sprintf("step %d refused by the SMTP server for %s: no recipient left (%s)", step+1, strings.Join(refused, ", "), why)
			e.PausedUntil = time.Time{}
		} else if e.Status == keepwarm.EnrollPaused {
			// Paused while the step was being sent (a person's Pause, an
			// out-of-office read meanwhile): the pause, its end and its
			// reason stand; the step is done again, under a new outbox
			// key, for the others when it ends (a dated pause makes it
			// due then, a person's Resume at once), not on the day the
			// next step was due.
			e.To, e.Step = to, step
			e.Redo++
			f.delaysTaken(&e)
			e.DueAt = now
			why := fmt.Sprintf("step %d refused for %s: done again for the other recipients when the pause ends", step+1, strings.Join(refused, ", "))
			if head, _, _ := strings.Cut(e.Reason, "; "); e.PausedByPerson && head == pausedByPersonReason {
				// Her own pause says nothing of it, and the refused
				// item is settled below: the reason is where she
				// learns who was dropped.
				e.Reason = pausedByPersonReason + "; " + why
			} else {
				setReason(&e, why)
			}
		} else {
			// Done again, under a new outbox key, for the others.
			e.To, e.Step, e.Status = to, step, keepwarm.EnrollActive
			e.Redo++
			f.delaysTaken(&e)
			e.DueAt = now
			e.Reason = fmt.Sprintf("step %d refused for %s: done again for the other recipients", step+1, strings.Join(refused, ", "))
		}
	} else {
		if e.Step == step && (item.Key == StepKey(e) || e.Status.Live() && olderKeyed(e, item)) {
			// The step's mail was queued but e did not move on (keepwarm
			// stopped between the two writes), or e stands at the step
			// again after an edit undone and waits for that mail queued
			// before it (pastOlderMail): e fails one step on, as it
			// would have without the stop, so Resume, Send again, It
			// arrived and the desk find this mail (StepMail) rather than
			// the step before it, and the next run does not take it as
			// done.
			if item.Key != StepKey(e) {
				// Waiting for its older mail, e's due time is the step's
				// own: the next step is counted from that mail, as when e
				// moves on past it (fromOlderMail), so It arrived keeps a
				// time that is the next step's, not the waited step's.
				if err := f.pastOnOlderMail(ctx, &e, item); err != nil {
					return err
				}
			} else {
				e.Step = step + 1
			}
		}
		e = failAt(e, step, status, item.Mode, reason)
	}
	e.UpdatedAt = now
	saved, err := f.store.UpdateEnrollment(ctx, e)
	if err != nil {
		return err
	}
	if len(refused) > 0 && saved.Status.Live() && status == keepwarm.OutboxFailed {
		// Done again for the recipients left (when a pause made meanwhile
		// ends): the refused item needs no one.
		item.Status = status // the item as it ended, not as it was claimed
		if err := f.settleItem(ctx, item, fmt.Sprintf("step %d is done again for the other recipients", step+1), now); err != nil {
			return err
		}
		f.log.Warn("follow-up step done again for the recipients left", "enrollment", saved.ID, "customer", saved.Customer, "reason", saved.Reason)
		return nil
	}
	f.log.Warn("follow-up stopped by a failed send", "enrollment", saved.ID, "customer", saved.Customer,
		"status", saved.Status, "reason", saved.Reason)
	return nil
}

// failAt pauses e as failed because step's item ended failed or uncertain.
// An uncertain draft (keepwarm stopped while filing it) never went to the
// customer: the salesperson looks in her Drafts, she does not ask the
// customer about a mail that was never sent.
func failAt(e keepwarm.Enrollment, step int, status keepwarm.OutboxStatus, mode keepwarm.SendMode, reason string) keepwarm.Enrollment {
	e.Status = keepwarm.EnrollFailed
	e.PausedUntil = time.Time{}
	if status == keepwarm.OutboxUncertain && mode == keepwarm.ModeDraft {
		e.Reason = fmt.Sprintf("step %d's draft may be in Drafts already (%s): look in your Drafts (and Sent); if it is there or you sent it, go on to the next step, if not, file it again (or stop)", step+1, clipReason(reason))
	} else if status == keepwarm.OutboxUncertain && !lookedInSent(reason) {
		// Its server files it in Sent if it took it, but keepwarm could
		// not look there: it may well be there, and sending it again as
		// "not in Sent" would reach the customer twice.
		e.Reason = fmt.Sprintf("step %d may or may not have gone out (%s): keepwarm could not look for it in Sent; look in your Sent folder, or ask the recipient whether it arrived; if it is there or it arrived, go on to the next step, if not, send it again (or stop)", step+1, clipReason(reason))
	} else if status == keepwarm.OutboxUncertain {
		e.Reason = fmt.Sprintf("step %d may not have gone out (%s); it is not in Sent: ask the recipient whether it arrived; if it did, go on to the next step, if not, send it again (or stop)", step+1, clipReason(reason))
	} else {
		e.Reason = fmt.Sprintf("step %d could not be sent: %s; fix the cause, then resume or stop", step+1, clipReason(reason))
	}
	return e
}

// lookedInSent reports whether an uncertain send's note leaves its mail
// possibly in Sent unlooked at: its server files sent mail there itself
// and keepwarm could not look (keepwarm.CouldNotLookInSent), or its
// mailbox is no longer configured, so its Sent could not be searched
// (mailsync.InterruptedUnconfigured). Any other note is of a mail keepwarm
// looked for there, or whose copy keepwarm itself files in Sent only once
// it is known to have gone: it is not there.
func lookedInSent(reason string) bool {
	return !strings.Contains(reason, keepwarm.CouldNotLookInSent) && !strings.Contains(reason, sentCannotBeChecked)
}

// sentCannotBeChecked is in the note on an interrupted send whose mailbox
// is no longer configured (mailsync.InterruptedUnconfigured).
const sentCannotBeChecked = "so its Sent cannot be checked"

// clipReason is a send's failure on one line, cut to 200 characters. A
// send-as refusal's advice (mailsync.SendAsRefused, OwnerRefused,
// OwnerRefusedElsewhere: keepwarm's own words, ending "the right to send
// as it") is kept whole, and only the server's answer after it is cut:
// cut in the middle, the advice she is to act on would be lost, or half
// of it left. So is the end that says keepwarm could not look in Sent
// (keepwarm.CouldNotLookInSent), after a server's answer of any length.
func clipReason(s string) string {
	if head, ok := strings.CutSuffix(s, keepwarm.CouldNotLookInSent); ok {
		return clipReason(head) + keepwarm.CouldNotLookInSent
	}
	if i := strings.Index(s, sendAsAdviceEnd); i >= 0 {
		head := s[:i+len(sendAsAdviceEnd)]
		return keepwarm.ClipLine(head, len(head)) + keepwarm.ClipLine(s[len(head):], 200)
	}
	return keepwarm.ClipLine(s, 200)
}

// sendAsAdviceEnd ends mailsync's send-as refusals, before the server's
// answer.
const sendAsAdviceEnd = "the right to send as it: "

// previousStepDone checks, before e's next step, how the previous step's
// mail ended: still queued or being sent (retries of an outage), the step
// waits; failed or uncertain, e fails (in case Settled was never told, e.g.
// after a crash). ok says whether the step may be done now.
func (f *FollowUp) previousStepDone(ctx context.Context, e keepwarm.Enrollment, now time.Time) (keepwarm.Enrollment, bool, error) {
	if e.Step == 0 {
		return e, true, nil
	}
	// By its name, whatever index it was queued at (StepMail).
	it, found, err := f.StepMail(ctx, e)
	if err != nil || !found {
		return e, err == nil, err
	}
	noOpening := ""
	if it.Status == keepwarm.OutboxQueued && it.Mode == keepwarm.ModeSend {
		if noOpening, err = f.noOpening(ctx, e, now); err != nil {
			return e, false, err
		}
	}
	switch {
	case noOpening != "":
		// Held because its window never opens: it waits for the manager,
		// not for a retry. e fails with that reason, where the desk and
		// the digest show it; the mail stays queued and held (with the
		// same reason; a Reload makes it due again). Resumed before the
		// send's last look comes to it, e waits for it; looked at while
		// e is failed, it is skipped and its step put back (Recheck,
		// putBackFailed), so Resume does the step again: never the next
		// step in its place.
		e.Status, e.PausedUntil = keepwarm.EnrollFailed, time.Time{}
		e.Reason = noOpening
		f.log.Warn("follow-up stopped: its send window never opens", "enrollment", e.ID, "customer", e.Customer, "outbox", it.ID, "why", e.Reason)
	case it.Status == keepwarm.OutboxQueued, it.Status == keepwarm.OutboxSending:
		e.DueAt = now.Add(waitForPrevious)
		e.Reason = fmt.Sprintf("waits for step %d's mail to go out (outbox %d is %s)", *it.Step+1, it.ID, it.Status)
	case it.Status == keepwarm.OutboxFailed, it.Status == keepwarm.OutboxUncertain:
		e = failAt(e, *it.Step, it.Status, it.Mode, it.LastError)
		f.log.Warn("follow-up stopped by a failed send", "enrollment", e.ID, "customer", e.Customer, "reason", e.Reason)
	default:
		return e, true, nil
	}
	e.UpdatedAt = now
	saved, err := f.store.UpdateEnrollment(ctx, e)
	return saved, false, err
}

// noOpening says why e's send window never opens for its customer at
// now (NoOpening), or "" when it opens (or e's sequence is gone).
func (f *FollowUp) noOpening(ctx context.Context, e keepwarm.Enrollment, now time.Time) (string, error) {
	def, ok := f.defs().Get(e.Sequence)
	if !ok {
		return "", nil
	}
	cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
	if err != nil {
		return "", err
	}
	cal := f.calendar(cust, def)
	if !cal.Next(now).IsZero() {
		return "", nil
	}
	return cal.NoOpening(def.Name, now), nil
}

// waitForPrevious is how long a step waits before looking again at a
// previous step's mail that is still being retried.
const waitForPrevious = 30 * time.Minute

// countedFromSend makes e's next step count from when the previous step's
// mail went out, when that was well after the instant its delay was
// counted from: a mail held in the outbox for days (its salesperson away,
// the mailbox's daily cap, retries, a send window) would otherwise be
// followed by the next step the very next day. ok says whether the step
// may be done now; when not, e waits (stored) with the reason.
func (f *FollowUp) countedFromSend(ctx context.Context, e keepwarm.Enrollment, def *Definition, cal *CustomerCalendar, now time.Time) (keepwarm.Enrollment, bool, error) {
	if e.Step == 0 || e.Step >= len(def.Steps) {
		return e, true, nil
	}
	it, found, err := f.StepMail(ctx, e)
	if err != nil || !found || it.Status != keepwarm.OutboxSent || it.SentAt.Sub(e.ClockAt) <= lateStep {
		return e, err == nil, err
	}
	st := def.Steps[e.Step]
	due := cal.After(it.SentAt, st.After, st.Business)
	if !due.After(now) {
		return e, true, nil
	}
	e.ClockAt, e.DueAt = it.SentAt, due
	e.Reason = fmt.Sprintf("step %d counts from when step %d's mail went out (%s), not from when it was due",
		e.Step+1, *it.Step+1, it.SentAt.In(cal.Loc).Format("Mon 2 Jan 15:04"))
	e.UpdatedAt = now
	f.log.Info("follow-up step counts from the previous send", "enrollment", e.ID, "step", e.Step+1, "sent", it.SentAt, "due", due)
	saved, err := f.store.UpdateEnrollment(ctx, e)
	return saved, false, err
}

// pastOnOlderMail moves e, waiting at its step for it, the step's mail
// queued under an older key, one step past it, the next step counted from
// that mail (fromOlderMail, movedOn), as doStep and pastOlderMail do.
// Without its sequence e only moves one step on.
func (f *FollowUp) pastOnOlderMail(ctx context.Context, e *keepwarm.Enrollment, item keepwarm.OutboxItem) error {
	def, ok := f.defs().Get(e.Sequence)
	if !ok || e.Step >= len(def.Steps) {
		e.Step++
		return nil
	}
	cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
	if err != nil {
		return err
	}
	movedOn(e, def, f.calendar(cust, def), fromOlderMail(e, item))
	return nil
}

// olderKeyed says whether it, a step mail of e, is the mail of e's step
// queued under an older key (not the item e's put-back replaced): e
// stands at that step again after an edit undone, waiting for it.
func olderKeyed(e keepwarm.Enrollment, it keepwarm.OutboxItem) bool {
	return it.StepName != "" && it.ID != e.RedoOf && it.Key != StepKey(e)
}

// StepMail is the outbox item of the step a failed or paused e stands one
// past (its step's mail failed, may have gone out, or waits): the step its
// reason names, that Resume or Send again does again and It arrived goes
// on from. It is found by the step's name and count (stepBack), whatever
// index it was queued at, its Step then the step's index in e's plan as
// it is now: an edit since (a step before it removed, the edit of the
// step undone) may have left it at a higher index, where the latest item
// queued before e's step is another step's. Else (a task's step, mail
// queued before steps kept their names) it is the latest item queued
// before e's step (LastStepItem).
func (f *FollowUp) StepMail(ctx context.Context, e keepwarm.Enrollment) (keepwarm.OutboxItem, bool, error) {
	if s := e.Step - 1; s >= 0 && s < len(e.Plan) {
		items, err := f.store.StepItemsNamed(ctx, e.ID, e.Plan[s])
		if err != nil {
			return keepwarm.OutboxItem{}, false, err
		}
		for _, it := range items {
			if at, ok := stepBack(e, it); ok && at == s {
				it.Step = &at
				return it, true, nil
			}
		}
	}
	return f.store.LastStepItem(ctx, e.ID, e.Step)
}
