package sequences

import (
	"context"
	"fmt"
	"strings"
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

// Pause pauses a live enrollment until until (zero: until a person resumes
// it). An out-of-office that arrives later may lengthen the pause, never
// end or shorten it. An until not after now is refused: a wrong year
// would end the pause at once, and the step due would go out at the next
// tick.
func (f *FollowUp) Pause(ctx context.Context, id int64, until, now time.Time) (keepwarm.Enrollment, error) {
	if !until.IsZero() && !until.After(now) {
		when := until.Format(time.RFC3339)
		if h, m, s := until.Clock(); h == 0 && m == 0 && s == 0 {
			when = until.Format("2006-01-02")
		}
		return keepwarm.Enrollment{}, keepwarm.Errorf(keepwarm.EINVALID, "pause until %s is in the past (now %s)",
			when, now.In(until.Location()).Format("2006-01-02 15:04 -07:00"))
	}
	return f.change(ctx, id, now, func(e *keepwarm.Enrollment) error {
		if !e.Status.Live() {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d is %s: only an active or paused one can be paused", id, e.Status)
		}
		e.Status, e.PausedUntil, e.Reason = keepwarm.EnrollPaused, until, pausedByPersonReason
		e.PausedByPerson = true
		return nil
	})
}

// NextStepAt is when e's next step goes, as e.NextStepAt says, except for
// a follow-up paused past its step's time: the look that resumes it at the
// pause's end moves the step to the send window's first opening from then
// (a pause "until the 20th" ends at midnight, and nothing goes at
// midnight), so that is when it goes.
func (f *FollowUp) NextStepAt(ctx context.Context, e keepwarm.Enrollment) (time.Time, bool, error) {
	at, ok := e.NextStepAt()
	if !ok || e.Status != keepwarm.EnrollPaused || !e.PausedUntil.After(e.DueAt) {
		return at, ok, nil
	}
	def, found := f.defs().Get(e.Sequence)
	if !found {
		return at, ok, nil
	}
	cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
	if err != nil {
		return at, ok, err
	}
	// A window that never opens has no time to give (the zero time):
	// nothing goes, and the look at the pause's end says why.
	next := f.calendar(cust, def).Next(e.PausedUntil)
	return next, !next.IsZero(), nil
}

// Resume makes a paused (or failed) enrollment active again; a step that
// fell due meanwhile is done at the next tick inside the send window, and a
// step whose mail failed is done again. A step whose mail may have gone out
// (uncertain) is refused with ECONFLICT: only the recipient knows, so the
// person says which it was, with Arrived or SendAgain.
func (f *FollowUp) Resume(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error) {
	return f.resume(ctx, id, false, now)
}

// SendAgain resumes a failed enrollment whose last step's mail is uncertain
// (or a draft that failed after a filing of it lost its answer: failedMayBeFiled)
// when the recipient did not get it: the step is done again (under a new
// outbox key); when a reply came through the customer's list since it
// failed (listAnswerHeld), the step waits, paused with that reason, for a
// person's Resume. Otherwise it is Resume.
func (f *FollowUp) SendAgain(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error) {
	return f.resume(ctx, id, true, now)
}

func (f *FollowUp) resume(ctx context.Context, id int64, again bool, now time.Time) (keepwarm.Enrollment, error) {
	var redone *keepwarm.OutboxItem // the step's failed or uncertain item, done again
	saved, err := f.change(ctx, id, now, func(e *keepwarm.Enrollment) error {
		if e.Status != keepwarm.EnrollPaused && e.Status != keepwarm.EnrollFailed {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d is %s: only a paused or failed one can be resumed", id, e.Status)
		}
		// A step whose mail failed (or, as the person says, did not
		// arrive) is done again (under a new outbox key) rather than
		// skipped.
		it, found, err := f.StepMail(ctx, *e)
		if err != nil {
			return err
		}
		mayBeFiled := it.Status == keepwarm.OutboxUncertain || failedMayBeFiled(it)
		if found && mayBeFiled && it.Step != nil && !again && it.Mode == keepwarm.ModeDraft {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d may be in Drafts already: look in your Drafts (and Sent); if it is there or you sent it, go on to the next step, if not, file it again", *it.Step+1, id)
		}
		if found && it.Status == keepwarm.OutboxUncertain && it.Step != nil && !again {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d may have gone out: ask the recipient whether it arrived; if it did, go on to the next step, if not, send it again", *it.Step+1, id)
		}
		// A reply came through the customer's list since it failed: the
		// person says the mail did not arrive, not that the reply does
		// not answer her. The step is put back, and it waits for her
		// Resume, saying why.
		held := listAnswerHeld(*e)
		e.Status, e.PausedUntil, e.Reason = keepwarm.EnrollActive, time.Time{}, "resumed by a person"
		e.PausedByPerson = false
		if found && (it.Status == keepwarm.OutboxFailed || it.Status == keepwarm.OutboxUncertain) && it.Step != nil {
			e.Step = *it.Step
			e.Redo++
			e.DueAt = now
			f.delaysTaken(e)
			e.Reason = fmt.Sprintf("resumed by a person: step %d is done again", e.Step+1)
			redone = &it
			if again && held != "" {
				e.Status, e.PausedByPerson, e.Reason = keepwarm.EnrollPaused, true, held
			}
		}
		return nil
	})
	if err != nil {
		return saved, err
	}
	// Its mail held by a send window that never opened is looked at at
	// once (the send's look holds it again if the window is still
	// closed): the person resumes it after the workdays were fixed, and a
	// cron tick, which takes the fixed files without a change to see, would
	// otherwise look at it only when its day's hold ends. The resume is
	// saved already: a failed release only leaves the mail to that look.
	if n, err := f.store.ReleaseHeldOf(ctx, saved.ID, "held: "+noOpeningPrefix, now); err != nil {
		f.log.Warn("follow-up resumed; its step held by a send window that never opened is looked at again within a day", "enrollment", saved.ID, "err", err)
	} else if n > 0 {
		f.log.Info("follow-up steps held by a send window that never opened are looked at again", "enrollment", saved.ID, "items", n)
	}
	if redone == nil {
		return saved, nil
	}
	// The step's old item no longer needs anyone: the step is done again.
	note := fmt.Sprintf("step %d is done again (the follow-up was resumed)", *redone.Step+1)
	if saved.Status == keepwarm.EnrollPaused {
		note = fmt.Sprintf("step %d is done again when the follow-up is resumed", *redone.Step+1)
	}
	return saved, f.settleItem(ctx, *redone, note, now)
}

// listAnswerHeld is the reason a reply through the customer's list gave
// failed e (keepwarm.ListAnswerHold, without the failure's "; before: "
// part), or "": It arrived and Send again answer the failure's question
// only, and leave e paused with it, for a person to resume or stop, rather
// than run on after the possible answer.
func listAnswerHeld(e keepwarm.Enrollment) string {
	if e.Status != keepwarm.EnrollFailed || !strings.HasPrefix(e.Reason, keepwarm.ListAnswerHold) {
		return ""
	}
	why, _, _ := strings.Cut(e.Reason, "; before: ")
	return why
}

// ListHeldWhy is the reason of a failed follow-up held for a reply
// through the customer's list (keepwarm.ListAnswerHold) as the desk and
// the digest show it beside what to answer, or "" for any other reason:
// who replied through which list, without the hold's ": check whether it
// answers you, then resume the follow-up or stop it" (a plain resume is
// refused while its step may have gone out) and the failure's "; before:
// … go on to the next step, if not, send it again" (either answer now
// leaves it paused, or ends it on its last step).
func ListHeldWhy(reason string) string {
	if !strings.HasPrefix(reason, keepwarm.ListAnswerHold) {
		return ""
	}
	why, _, _ := strings.Cut(reason, "; before: ")
	return strings.TrimSuffix(why, ": check whether it answers you, then resume the follow-up or stop it")
}

// settleItem records how a failed or uncertain item was dealt with, so the
// lists of sends that need someone stop showing it; an item settled or
// changed meanwhile is left as it is.
func (f *FollowUp) settleItem(ctx context.Context, it keepwarm.OutboxItem, note string, now time.Time) error {
	if it.Status != keepwarm.OutboxFailed && it.Status != keepwarm.OutboxUncertain {
		return nil
	}
	if err := f.store.SettleOutbox(ctx, it.ID, note, now); err != nil && keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		return err
	}
	return nil
}

// failedMayBeFiled says whether failed item it is a draft given up as
// failed while an APPEND of it had lost its answer (before such drafts
// were given up as uncertain, or refused by the server since): it may be
// in Drafts as well, the same question as an uncertain draft's.
func failedMayBeFiled(it keepwarm.OutboxItem) bool {
	return it.Status == keepwarm.OutboxFailed && it.AppendLost && it.Mode == keepwarm.ModeDraft
}

// UncertainStep returns the outbox item of a failed enrollment's step whose
// mail may or may not have gone out (it is uncertain, or a failed draft that
// may be in Drafts: failedMayBeFiled): the step (*it.Step, 0-based) a person
// asks the recipient about, or, when its Mode is ModeDraft, looks for in
// Drafts. ok is false for any other enrollment.
func (f *FollowUp) UncertainStep(ctx context.Context, e keepwarm.Enrollment) (it keepwarm.OutboxItem, ok bool, err error) {
	if e.Status != keepwarm.EnrollFailed {
		return it, false, nil
	}
	it, found, err := f.StepMail(ctx, e)
	if err != nil || !found || (it.Status != keepwarm.OutboxUncertain && !failedMayBeFiled(it)) || it.Step == nil {
		return keepwarm.OutboxItem{}, false, err
	}
	return it, true, nil
}

// Arrived goes on with a failed enrollment whose last step's mail was
// uncertain, when the recipient says it arrived (by is who learnt it): the
// item becomes sent (and is filed in Sent), nothing is sent again, and the
// next step keeps its time, counted from the step that arrived; when that
// time has passed meanwhile, it is counted from now, since the person has
// just been in touch with the customer. The last step arrived completes the
// enrollment. When a reply came through the customer's list since it
// failed (listAnswerHeld), it is left paused for a person, with that
// reason: the next step waits for her Resume. ECONFLICT when no step of it
// is uncertain.
func (f *FollowUp) Arrived(ctx context.Context, id int64, by string, now time.Time) (keepwarm.Enrollment, error) {
	e, err := f.store.GetEnrollment(ctx, id)
	if err != nil {
		return e, err
	}
	it, ok, err := f.UncertainStep(ctx, e)
	if err != nil {
		return e, err
	}
	if !ok {
		return e, keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d is %s and has no step that may have gone out: nothing to confirm", id, e.Status)
	}
	step := *it.Step
	// A draft's question was whether it is in Drafts (or was sent by
	// the person): it becomes drafted, not sent (see MarkArrived).
	how := "arrived, as " + by + " learnt from the recipient"
	if it.Mode == keepwarm.ModeDraft {
		how = "is in Drafts or was sent, as " + by + " found"
	}
	if err := f.store.MarkArrived(ctx, it.ID, how); err != nil {
		return e, err
	}
	held := listAnswerHeld(e)
	e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollActive, time.Time{}, false
	e.Reason = fmt.Sprintf("step %d %s: the follow-up goes on", step+1, how)
	if held != "" {
		// A reply came through the customer's list since: the next step
		// waits for a person's Resume.
		e.Status, e.PausedByPerson, e.Reason = keepwarm.EnrollPaused, true, held
	}
	if def, ok := f.defs().Get(e.Sequence); ok {
		if e.Step >= len(def.Steps) {
			e.Status = keepwarm.EnrollCompleted
			e.Reason = fmt.Sprintf("step %d %s; every step done", step+1, how)
		} else if !e.DueAt.After(now) {
			cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
			if err != nil {
				return e, err
			}
			e.ClockAt = now
			stepDue(&e, f.calendar(cust, def), def.Steps[e.Step])
		}
	}
	e.UpdatedAt = now
	saved, err := f.store.UpdateEnrollment(ctx, e)
	if err == nil {
		f.log.Info("follow-up step arrived, as a person learnt", "enrollment", id, "step", step+1, "by", by)
	}
	return saved, err
}

// Stop ends a live, paused or failed enrollment for good. The failed or
// uncertain mail that stopped a failed one no longer needs anyone.
func (f *FollowUp) Stop(ctx context.Context, id int64, now time.Time) (keepwarm.Enrollment, error) {
	failed := false
	saved, err := f.change(ctx, id, now, func(e *keepwarm.Enrollment) error {
		if !e.Status.Live() && e.Status != keepwarm.EnrollFailed {
			return keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d is already %s", id, e.Status)
		}
		failed = e.Status == keepwarm.EnrollFailed
		e.Status, e.PausedUntil, e.Reason = keepwarm.EnrollStopped, time.Time{}, "stopped by a person"
		e.PausedByPerson = false
		return nil
	})
	if err != nil || !failed {
		return saved, err
	}
	it, found, err := f.StepMail(ctx, saved)
	if err != nil || !found || it.Step == nil {
		return saved, err
	}
	return saved, f.settleItem(ctx, it, fmt.Sprintf("the follow-up was stopped after step %d", *it.Step+1), now)
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

// SkipStep skips the next step of a live enrollment before it is done:
// step is the 0-based step the person saw as next, so a step done (or
// skipped) meanwhile is refused rather than the one after it skipped too.
// The step is recorded in the outbox as skipped under its own key, so a
// tick doing it at the same instant finds the key taken and sends nothing;
// the enrollment moves to the following step with that step's delay,
// counted from when the skipped one was due (from now when it was overdue),
// or completes when it was the last. by is who skipped it, for the reason
// the desk shows. A step already queued is refused with ECONFLICT: it is
// then an outbox item, skipped as such.
func (f *FollowUp) SkipStep(ctx context.Context, id int64, step int, by string, now time.Time) (keepwarm.Enrollment, error) {
	e, err := f.store.GetEnrollment(ctx, id)
	if err != nil {
		return e, err
	}
	if !e.Status.Live() {
		return e, keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d is %s: only an active or paused one has a step to skip", id, e.Status)
	}
	// Its sequence edited since it was last placed (Refresh takes the
	// files, the daemon's tick moves the follow-ups): its step counts in
	// the steps as they are now, and is stored so with the skip.
	was := e.Status
	if e, err = f.Placed(ctx, e, now); err != nil {
		return e, err
	}
	if e.Status != was {
		return e, keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d is %s since its sequence changed: nothing was skipped (%s)", id, e.Status, e.Reason)
	}
	if e.Step != step {
		if e.Step == step+1 {
			if it, found, err := f.store.LastStepItem(ctx, id, step+1); err != nil {
				return e, err
			} else if found && it.Step != nil && *it.Step == step {
				switch it.Status {
				case keepwarm.OutboxQueued, keepwarm.OutboxSending:
					return e, keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d was queued meanwhile: reload the page, where it is listed as queued with its own Skip", step+1, id)
				case keepwarm.OutboxSkipped:
					return e, keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d is skipped already: it is at step %d now", step+1, id, e.Step+1)
				}
			}
		}
		return e, keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d is at step %d now, not step %d: nothing was skipped", id, e.Step+1, step+1)
	}
	def, ok := f.defs().Get(e.Sequence)
	if !ok || e.Step >= len(def.Steps) {
		return e, keepwarm.Errorf(keepwarm.ECONFLICT, "enrollment %d has no step %d to skip", id, step+1)
	}
	cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
	if err != nil {
		return e, err
	}
	st := def.Steps[e.Step]
	reason := fmt.Sprintf("step %d skipped by %s", e.Step+1, by)
	next := skippedPast(e, def, f.calendar(cust, def), reason, now)
	var saved keepwarm.Enrollment
	var werr error // writing the skip: the follow-up moved on
	if st.Action == "email" {
		// Placed back at the step by an edit undone while the step's mail,
		// queued before it, still waits (olderStepMail): that mail is the
		// step, and is skipped with it. Left queued, it went (or its last
		// look skipped it as "someone wrote" and the step was composed
		// again). One the dispatcher has already is refused. One that
		// went (a follow-up paused while it was being sent, or not yet
		// moved on past it) is the step done: the skip is refused rather
		// than recorded over the mail the customer got; one drafted, with
		// the way out: delete the draft.
		if old, found, err := f.olderStepMail(ctx, e); err != nil {
			return e, err
		} else if found && old.Status == keepwarm.OutboxDrafted {
			return e, keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d is done already: its mail queued before (outbox %d) is %s: nothing was skipped; it is in Drafts: delete the draft if it should not go", step+1, id, old.ID, old.Status)
		} else if found && old.Status == keepwarm.OutboxSent {
			return e, keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d is done already: its mail queued before (outbox %d) is %s: nothing was skipped", step+1, id, old.ID, old.Status)
		} else if found && (old.Status == keepwarm.OutboxQueued || old.Status == keepwarm.OutboxSending) {
			err := f.store.SkipQueued(ctx, old.ID, fmt.Sprintf("skipped by %s with step %d", by, e.Step+1), now)
			if keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
				return e, keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d: its mail queued before (outbox %d) is being sent now: nothing was skipped", step+1, id, old.ID)
			}
			if err != nil {
				return e, err
			}
			f.log.Info("follow-up step's older mail skipped with its step", "enrollment", id, "step", step+1, "outbox", old.ID, "by", by)
		}
		// The record and the follow-up moved on are written together, as
		// for a call: a record kept while her Skip failed (a tick wrote
		// the follow-up at the same instant, holding the mail) would make
		// that tick, when it reaches the step, send nothing, and the desk
		// still said the mail was coming.
		item := f.skippedItem(e, def, st, now)
		got, moved, created, err := f.store.SkipMailStep(ctx, item, reason, next)
		if err == nil && !created && got.Status != keepwarm.OutboxSkipped {
			return e, keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d is already %s: skip it in the list of queued sends", step+1, id, got.Status)
		}
		saved, werr = moved, err
	} else {
		// A call step: no call is asked for, and a task row under the
		// step's key, closed at once and marked skipped (no call made:
		// the digest and the reports do not count it), records that she
		// said no to it. A tick at the same instant finds the key taken
		// and asks for no call; an edit undone that places the
		// follow-up back at the step finds it done (olderStepTask).
		t := keepwarm.Task{
			Key: StepKey(e), EnrollmentID: e.ID, CustomerID: e.CustomerID, Customer: cust.Key, ThreadID: e.ThreadID,
			Owner: e.SignedBy(), Title: st.Task, Sequence: def.Name, Step: e.Step, Outcome: skippedCallOutcome(by), CreatedAt: now,
		}
		// The record and the follow-up moved on are written together: a
		// record kept while her Skip failed (a tick wrote the follow-up at
		// the same instant, holding the call) would make that tick, when
		// it reaches the step, ask for no call, and the desk never said
		// the call was skipped.
		got, moved, created, err := f.store.SkipCallStep(ctx, t, next)
		if err == nil && !created && !taskSkipped(got) {
			return e, keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d was done meanwhile: its call task %d is made; nothing was skipped", step+1, id, got.ID)
		}
		saved, werr = moved, err
	}
	if keepwarm.ErrorCode(werr) == keepwarm.ECONFLICT {
		// The step was recorded skipped and the follow-up moved on past it
		// first: by another Skip at the same instant (a record is written
		// with the follow-up, for a mail as for a call), or by a tick
		// finding the mail would say nothing.
		if cur, gerr := f.store.GetEnrollment(ctx, id); gerr == nil && cur.Step == step+1 {
			return cur, nil
		}
	}
	if werr == nil {
		f.log.Info("follow-up step skipped by a person", "enrollment", id, "customer", cust.Key, "step", step+1, "by", by)
	}
	return saved, werr
}

// skippedPast is e moved on past its step, which by's Skip (reason)
// skipped at now: the next step is counted from when the skipped one was
// due (from now when it was overdue), or e completes when it was the last.
func skippedPast(e keepwarm.Enrollment, def *Definition, cal *CustomerCalendar, reason string, now time.Time) keepwarm.Enrollment {
	e.ClockAt = e.DueAt
	if now.Sub(e.DueAt) > lateStep {
		e.ClockAt = now
	}
	e.Step++
	if e.Step >= len(def.Steps) {
		e.Status, e.PausedUntil = keepwarm.EnrollCompleted, time.Time{}
		e.Reason = reason + "; no step left"
	} else {
		stepDue(&e, cal, def.Steps[e.Step])
		// A paused one keeps what its pause waits for (a person's pause,
		// an absence, a hold lifted by the team's next question): the desk
		// and the digest go on saying it, and the hold can still be lifted.
		setReason(&e, reason)
	}
	e.UpdatedAt = now
	return e
}

// skippedItem is the outbox record of a step a person skipped: it holds the
// step's key and says so, and is never sent.
func (f *FollowUp) skippedItem(e keepwarm.Enrollment, def *Definition, st StepDef, now time.Time) keepwarm.OutboxItem {
	from := keepwarm.Address{Email: e.Owner}
	if id, ok := f.identityOf(e.Mailbox); ok {
		from = keepwarm.Address{Name: id.Name, Email: id.Email}
	}
	if from.Email == "" && len(e.To) > 0 {
		from.Email = e.To[0].Email
	}
	mailbox := e.Mailbox
	if mailbox == "" {
		mailbox = "-"
	}
	step, enr := e.Step, e.ID
	return keepwarm.OutboxItem{
		Key: StepKey(e), MessageID: keepwarm.NewMessageID(domainOf(from.Email)), Mailbox: mailbox, From: from, To: e.To,
		Subject: "(" + st.Template + ": skipped)", Mode: f.mode(def), CustomerID: e.CustomerID, Origin: OriginSequence,
		Sequence: def.Name, Step: &step, Enrollment: &enr, Anchor: e.AnchorID, StepName: stepName(st), StepNth: stepNth(e, def), DueAt: now, CreatedAt: now,
	}
}

// pausedByPersonReason is the reason of a follow-up a person paused.
const pausedByPersonReason = "paused by a person"
