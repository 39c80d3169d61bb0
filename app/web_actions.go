package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/web"
)

// The changes a person makes through the web. Each first finds the thing
// through a query scoped by the person (not theirs: ENOTFOUND), then calls
// the function the CLI calls, and reports before and after for the audit.

// mine returns the customer when the person may change it: its owner, or
// a manager. A pool customer or another salesperson's is ENOTFOUND.
func (b *WebBackend) mine(ctx context.Context, p web.Person, id int64) (store.CustomerRecord, error) {
	if err := b.d.DB.VisibleCustomer(ctx, viewer(p), id); err != nil {
		return store.CustomerRecord{}, err
	}
	rec, err := b.d.DB.Customer(ctx, id)
	if err != nil {
		return rec, err
	}
	if !p.Manager && rec.Owner != p.Email {
		return rec, keepwarm.Errorf(keepwarm.ENOTFOUND, "customer %d not found", id)
	}
	return rec, nil
}

// DoneTask closes one of the person's tasks, or one of a colleague they
// cover for now: the covering digest lists that colleague's calls for the
// backup to make, and the call's outcome is then the backup's to record.
func (b *WebBackend) DoneTask(ctx context.Context, p web.Person, id int64, outcome string, reason keepwarm.QuietReason, now time.Time) (web.Change, error) {
	v, err := b.readerAt(ctx, p, now)
	if err != nil {
		return web.Change{}, err
	}
	cust, err := b.d.DB.TaskCustomer(ctx, v, id)
	if err != nil {
		return web.Change{}, err
	}
	if err := b.d.DB.DoneTask(ctx, id, now.In(b.teamLocation()), outcome, reason); err != nil {
		if keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
			return web.Change{}, b.taskClosed(ctx, p, v, cust, id, strings.Join(strings.Fields(outcome), " ") != "" || reason != "", err)
		}
		return web.Change{}, err
	}
	after := "done"
	if said := sequences.CallSaid(keepwarm.Task{Reason: reason, Outcome: strings.Join(strings.Fields(outcome), " ")}); said != "" {
		after += ": " + said
	}
	return web.Change{CustomerID: cust, Action: "task.done", Subject: fmt.Sprintf("task %d", id), Before: "open", After: after}, nil
}

// taskClosed says how a task Done found closed was closed (the
// customer's answer, the person's own Done before, or someone else's), and
// whether the note typed (kept: one given, normalised as the store keeps
// it) is kept: the store adds it to the customer's notes all the same,
// once. Done pressed twice (a double click, the form sent again) is told
// the person closed it, as the audit trail of cust records.
func (b *WebBackend) taskClosed(ctx context.Context, p web.Person, v store.Viewer, cust, id int64, kept bool, conflict error) error {
	t, err := b.d.DB.Task(ctx, id)
	if err != nil || t.DoneAt.IsZero() {
		return conflict
	}
	const stamp = "2006-01-02 15:04 MST"
	loc := b.teamLocation()
	if t.AnsweredBy == 0 {
		// The Done that closed it.
		a, found, err := b.d.DB.LastAudit(ctx, v, cust, "task.done", fmt.Sprintf("task %d", id))
		if err != nil {
			return conflict
		}
		if found && strings.EqualFold(a.Actor, p.Email) {
			msg := fmt.Sprintf("You closed this call task already, at %s.", t.DoneAt.In(loc).Format(stamp))
			if kept {
				msg += " Your note is in the customer's notes."
			}
			return keepwarm.Errorf(keepwarm.ECONFLICT, "%s", msg)
		}
	}
	var msg string
	if t.AnsweredBy != 0 {
		m, err := b.d.DB.GetMessage(ctx, t.AnsweredBy)
		if err != nil {
			return conflict
		}
		who := m.From.Email
		if m.From.Name != "" {
			who = m.From.Name + " <" + m.From.Email + ">"
		}
		how := "answered by mail"
		if strings.HasPrefix(t.Outcome, "no call: ") {
			how = "asked for no more mail"
		}
		msg = fmt.Sprintf("This call task was closed at %s: %s %s on %s, so no call was needed.",
			t.DoneAt.In(loc).Format(stamp), who, how, m.Date.In(loc).Format(stamp))
	} else {
		msg = fmt.Sprintf("This call task was closed already, at %s, with a note of its own.", t.DoneAt.In(loc).Format(stamp))
	}
	if kept {
		msg += " Your note is kept in the customer's notes."
	}
	return keepwarm.Errorf(keepwarm.ECONFLICT, "%s", msg)
}

// Review records a review of one of the person's customers, maybe regrading it.
func (b *WebBackend) Review(ctx context.Context, p web.Person, id int64, grade, note string, now time.Time) (web.Change, error) {
	g, err := book.NormalizeGrade(grade)
	if err != nil {
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "grade: %v", err)
	}
	rec, err := b.mine(ctx, p, id)
	if err != nil {
		return web.Change{}, err
	}
	if err := b.d.DB.Review(ctx, id, now, p.Email, g, note); err != nil {
		return web.Change{}, err
	}
	after := rec.Grade
	if g != "" {
		after = g
	}
	return web.Change{CustomerID: id, Action: "customer.review", Subject: "grade",
		Before: rec.Grade, After: after}, nil
}

// Enrollment reads a follow-up the person may change (the same rule as
// ChangeEnrollment's) and its customer's name.
func (b *WebBackend) Enrollment(ctx context.Context, p web.Person, id int64, now time.Time) (web.EnrollmentView, string, error) {
	b.fresh(ctx, now)
	cust, err := b.d.DB.EnrollmentCustomer(ctx, viewer(p), id)
	if err != nil {
		return web.EnrollmentView{}, "", err
	}
	e, err := b.d.DB.GetEnrollment(ctx, id)
	if err != nil {
		return web.EnrollmentView{}, "", err
	}
	if pl, ok := b.d.FollowUp.(interface {
		Placed(ctx context.Context, e keepwarm.Enrollment, now time.Time) (keepwarm.Enrollment, error)
	}); ok {
		// Its sequence edited since the daemon last moved it: Skip's
		// question names the step as SkipStep will count it.
		if e, err = pl.Placed(ctx, e, now); err != nil {
			return web.EnrollmentView{}, "", err
		}
	}
	nm := &names{db: b.d.DB, cache: map[int64]keepwarm.Customer{}}
	v := web.EnrollmentView{ID: e.ID, ThreadID: e.ThreadID, Sequence: e.Sequence, Status: e.Status, Step: e.Step,
		DueAt: e.DueAt, PausedUntil: e.PausedUntil, Reason: e.Reason, Owner: e.Owner}
	if def, ok := b.definition(e.Sequence); ok {
		v.Steps = len(def.Steps)
		if e.Step < len(def.Steps) {
			v.NextAction = def.Steps[e.Step].Action
		}
	}
	if err := b.again(ctx, e, &v, now); err != nil {
		return web.EnrollmentView{}, "", err
	}
	v.Zone = b.location(nm.get(ctx, cust))
	return v, nm.get(ctx, cust).Name, nil
}

// again fills v's step a paused or failed follow-up does again (the
// engine's resume rule: the last step's mail failed or may have gone out;
// or a pause holds it queued, as heldSteps finds it), and whether it may
// have gone out and was a draft. Of a running follow-up it fills the step
// queued and not sent yet (a send window's hold may keep it for hours),
// that Stop drops though the follow-up already points past it.
func (b *WebBackend) again(ctx context.Context, e keepwarm.Enrollment, v *web.EnrollmentView, now time.Time) error {
	if e.Status != keepwarm.EnrollPaused && e.Status != keepwarm.EnrollFailed && e.Status != keepwarm.EnrollActive {
		return nil
	}
	it, found, err := b.d.FollowUp.StepMail(ctx, e)
	if err != nil {
		return err
	}
	if e.Status == keepwarm.EnrollActive {
		if found && it.Step != nil && it.Status == keepwarm.OutboxQueued {
			// An overdue one (a retry due while the daemon was stopped)
			// goes at the next send, as the send's last look has it.
			v.Again, v.AgainWhy, v.AgainAt = heldStep(e, it)+1, "queued", it.NextAttemptAt
			if v.AgainAt.Before(now) {
				v.AgainAt = now
			}
		}
		return nil
	}
	if found && it.Step != nil && (it.Status == keepwarm.OutboxFailed || it.Status == keepwarm.OutboxUncertain) {
		v.Again, v.AgainWhy = *it.Step+1, string(it.Status)
		// The step the desk's Trouble list and customer page offer "It
		// arrived" and "send it again" for (UncertainStep): uncertain, or a
		// draft given up as failed after a filing of it lost the server's
		// answer, which may be in Drafts as well. Sending or filing it
		// again asks first, and Stop names it as such.
		_, uncertain, err := b.d.FollowUp.UncertainStep(ctx, e)
		if err != nil {
			return err
		}
		if uncertain {
			v.AgainWhy = string(keepwarm.OutboxUncertain)
			v.Uncertain, v.Draft = true, it.Mode == keepwarm.ModeDraft
			v.ListHeld = strings.HasPrefix(e.Reason, keepwarm.ListAnswerHold)
		}
		return nil
	}
	// A mail still queued that the pause or the failure holds, whatever
	// step it was queued at: an edit of the sequence since may have moved
	// its step to, or past, the one the follow-up is at.
	queued, err := b.d.DB.QueuedStepItems(ctx, e.ID)
	if err != nil {
		return err
	}
	_, redo, err := b.heldSteps(ctx, queued, map[int64]keepwarm.Enrollment{e.ID: e}, now)
	if err != nil {
		return err
	}
	if r, ok := redo[e.ID]; ok {
		v.Again, v.AgainWhy, v.HeldOutboxID = heldStep(e, r)+1, "held", r.ID
		if e.Status == keepwarm.EnrollFailed {
			// Nothing is paused: the mail is held while its follow-up
			// is failed.
			v.AgainWhy = "held-failed"
		}
	}
	return nil
}

// heldStep is the step of e's plan (from 0) its queued mail it is, as the
// send's last look puts it back (sequences.HeldStepAt): the step it was
// queued at when no step of e's is (an edit removed it).
func heldStep(e keepwarm.Enrollment, it keepwarm.OutboxItem) int {
	if at, ok := sequences.HeldStepAt(e, it); ok {
		return at
	}
	return *it.Step
}

// fresh has the web's follow-up job take the sequence and template files
// changed since it read them (a hand edit, a git pull), as the daemon's job
// does on its tick: every desk page and change that reads a sequence's
// steps (Skip's question and the skip itself, It arrived) goes by the steps
// the daemon goes by. It moves no waiting follow-up (a write each, while she
// waits for the page): the daemon's tick does, and Skip places the one it
// skips first.
func (b *WebBackend) fresh(ctx context.Context, now time.Time) {
	r, ok := b.d.FollowUp.(interface {
		Refresh(ctx context.Context, now time.Time) error
	})
	if !ok {
		return
	}
	if err := r.Refresh(ctx, now); err != nil && b.d.Log != nil {
		b.d.Log.Warn("web: changed sequences not taken: the running ones stay", "err", err)
	}
}

// definition is the running follow-up job's sequence of that name: the
// steps Skip is judged by (false with no running job, as while the
// sequences are held, or no such sequence).
func (b *WebBackend) definition(name string) (*sequences.Definition, bool) {
	d, ok := b.d.FollowUp.(interface {
		Definition(name string) (*sequences.Definition, bool)
	})
	if !ok {
		return nil, false
	}
	return d.Definition(name)
}

// ChangeEnrollment pauses, resumes or stops a follow-up sent in the
// person's name (or for their customer), or answers whether its step that
// may have gone out arrived, through the engine's own rules.
func (b *WebBackend) ChangeEnrollment(ctx context.Context, p web.Person, id int64, op web.EnrollmentOp, until string, now time.Time) (web.Change, error) {
	b.fresh(ctx, now)
	cust, err := b.d.DB.EnrollmentCustomer(ctx, viewer(p), id)
	if err != nil {
		return web.Change{}, err
	}
	before, err := b.d.DB.GetEnrollment(ctx, id)
	if err != nil {
		return web.Change{}, err
	}
	var after keepwarm.Enrollment
	var end time.Time
	if op == web.OpPause && until != "" {
		// The start of that day where the customer is: "until the 20th"
		// is the customer's 20th.
		nm := &names{db: b.d.DB, cache: map[int64]keepwarm.Customer{}}
		loc := b.location(nm.get(ctx, cust))
		if loc == nil {
			loc = b.teamLocation()
		}
		if end, err = PauseUntil(until, loc); err != nil {
			return web.Change{}, err
		}
	}
	switch op {
	case web.OpPause:
		after, err = b.d.FollowUp.Pause(ctx, id, end, now)
	case web.OpResume:
		after, err = b.d.FollowUp.Resume(ctx, id, now)
	case web.OpStop:
		after, err = b.d.FollowUp.Stop(ctx, id, now)
	case web.OpArrived:
		after, err = b.d.FollowUp.Arrived(ctx, id, p.Email, now)
	case web.OpResend:
		after, err = b.d.FollowUp.SendAgain(ctx, id, now)
	default:
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "unknown change %q: pause, resume or stop", op)
	}
	if err != nil {
		return web.Change{}, err
	}
	c := web.Change{CustomerID: cust, Action: "enrollment." + string(op),
		Subject: fmt.Sprintf("enrollment %d (%s)", id, before.Sequence), Before: string(before.Status), After: string(after.Status)}
	if !end.IsZero() {
		c.After += " until " + until
	}
	return c, nil
}

// SkipStep skips the next step of a follow-up sent in the person's name
// (or for their customer) before it is queued, through the engine's rule.
func (b *WebBackend) SkipStep(ctx context.Context, p web.Person, id int64, step int, now time.Time) (web.Change, error) {
	b.fresh(ctx, now)
	cust, err := b.d.DB.EnrollmentCustomer(ctx, viewer(p), id)
	if err != nil {
		return web.Change{}, err
	}
	if step < 1 {
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID, "no step %d: steps count from 1", step)
	}
	before, err := b.d.DB.GetEnrollment(ctx, id)
	if err != nil {
		return web.Change{}, err
	}
	after, err := b.d.FollowUp.SkipStep(ctx, id, step-1, p.Email, now)
	if err != nil {
		return web.Change{}, err
	}
	return web.Change{CustomerID: cust, Action: "enrollment.skip",
		Subject: fmt.Sprintf("enrollment %d (%s)", id, before.Sequence),
		Before:  b.stepState(before), After: b.stepState(after)}, nil
}

// stepState is an enrollment's next step and when it is due, for the
// audit, in the team's zone as the team page shows every time.
func (b *WebBackend) stepState(e keepwarm.Enrollment) string {
	if !e.Status.Live() {
		return string(e.Status)
	}
	loc := b.teamLocation()
	return fmt.Sprintf("step %d due %s %s", e.Step+1, e.DueAt.In(loc).Format("2006-01-02 15:04"), loc)
}

// SkipSend drops a queued send for one of the person's customers.
func (b *WebBackend) SkipSend(ctx context.Context, p web.Person, id int64, now time.Time) (web.Change, error) {
	cust, err := b.d.DB.OutboxCustomer(ctx, viewer(p), id)
	if err != nil {
		return web.Change{}, err
	}
	item, err := b.d.DB.OutboxItem(ctx, id)
	if err != nil {
		return web.Change{}, err
	}
	// The held mail of a failed follow-up's last step: its step is put
	// back first, so that Resume does it again rather than take the
	// skipped mail as the step done; the skip then says so, and is never
	// taken as the step done.
	why, err := b.d.FollowUp.PutBackFailed(ctx, item, p.Email, now)
	if err != nil {
		return web.Change{}, err
	}
	if why == "" {
		why = "skipped by " + p.Email
	}
	if err := b.d.DB.SkipQueued(ctx, id, why, now); err != nil {
		if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
			return web.Change{}, err
		}
		// Its last look skipped it and put its step back, to be done
		// again: she asked for the step not to go, so the step is
		// skipped, or the mail written in its place.
		if c, done, err := b.skipPutBack(ctx, p, cust, id, now); done {
			return c, err
		}
		return web.Change{}, b.skipTooLate(ctx, id, err)
	}
	return web.Change{CustomerID: cust, Action: "outbox.skip", Subject: fmt.Sprintf("outbox %d: %s", id, item.Subject),
		Before: string(item.Status), After: string(keepwarm.OutboxSkipped)}, nil
}

// QueuedSend reads an outbox item the person may skip (the same rule as
// SkipSend's), as the desk lists it.
func (b *WebBackend) QueuedSend(ctx context.Context, p web.Person, id int64, now time.Time) (web.Upcoming, error) {
	b.fresh(ctx, now)
	cust, err := b.d.DB.OutboxCustomer(ctx, viewer(p), id)
	if err != nil {
		return web.Upcoming{}, err
	}
	it, err := b.d.DB.OutboxItem(ctx, id)
	if err != nil {
		return web.Upcoming{}, err
	}
	nm := &names{db: b.d.DB, cache: map[int64]keepwarm.Customer{}}
	c := nm.get(ctx, cust)
	u := web.Upcoming{OutboxID: it.ID, CustomerID: cust, CustomerName: c.Name, CustomerZone: b.location(c),
		What: sendKind(it.Origin), Subject: it.Subject, DueAt: it.NextAttemptAt, Status: string(it.Status)}
	if it.Sequence != "" && it.Step != nil {
		u.Sequence, u.Step = it.Sequence, *it.Step+1
		if it.Enrollment != nil {
			// The follow-up moved past the step when it queued it: done
			// with its last step it completed, and nothing more goes. One
			// stopped or paused since is what the send's last look drops
			// or holds, as the desk shows it.
			e, err := b.d.DB.GetEnrollment(ctx, *it.Enrollment)
			if err != nil {
				return web.Upcoming{}, err
			}
			// The step it is wherever an edit of the sequence moved it,
			// the one Skip puts back: said as the last look says it.
			at := heldStep(e, it)
			u.Step = at + 1
			held, _, err := b.heldSteps(ctx, []keepwarm.OutboxItem{it}, map[int64]keepwarm.Enrollment{e.ID: e}, now)
			if err != nil {
				return web.Upcoming{}, err
			}
			switch _, paused := sequences.QueuedStepHeld(e, it, now); {
			case paused && e.Status == keepwarm.EnrollFailed:
				// The held mail of a failed follow-up's last step: it
				// goes when the follow-up is resumed, and Skip puts the
				// step back to be done again then.
				u.Held, u.FollowUpStatus, u.Reason = true, string(e.Status), e.Reason
			case !e.Status.Live() && e.Status != keepwarm.EnrollCompleted:
				// How it ended (answered, opted out, stopped), for the
				// question to say it as it happened.
				u.Ended, u.FollowUpStatus, u.Reason = true, string(e.Status), e.Reason
			case held[it.ID]:
				u.Held = true
				if e.Status == keepwarm.EnrollPaused && !e.PausedUntil.IsZero() {
					// Paused until a day: it goes by itself then, and
					// the question says when.
					u.PausedUntil, u.FollowUpStatus = e.PausedUntil, string(e.Status)
				}
			case sequences.QueuedStepReplaced(e, it):
				// An edit replaced or removed its step: the last look
				// does not send it, and the follow-up goes on with the
				// step now at its place.
				u.Replaced = true
			}
			u.Last = e.Status == keepwarm.EnrollCompleted
			if def, ok := b.definition(e.Sequence); ok && at+1 >= len(def.Steps) {
				u.Last = true
			}
		}
	}
	// Skipped by its last look, which put its step back to be done
	// again: Skip on a page open since is about the step, and asks so.
	e, at, again, ok, err := b.putBack(ctx, it)
	if err != nil {
		return web.Upcoming{}, err
	}
	if ok && (again == nil || again.Status == keepwarm.OutboxQueued) {
		u.Step, u.PutBack, u.Reason, u.FollowUpStatus, u.DueAt = at+1, at+1, it.LastError, string(e.Status), e.DueAt
		if e.Status == keepwarm.EnrollPaused && !e.PausedUntil.IsZero() {
			// Paused with an end: the step is done again when the pause
			// is over, by itself, at the send window's opening from then,
			// as the desk lists it (none when the window never opens:
			// then it is said undated).
			next, ok, err := b.d.FollowUp.NextStepAt(ctx, e)
			if err != nil {
				return web.Upcoming{}, err
			}
			if ok {
				u.PausedUntil, u.DueAt = e.PausedUntil, next
			}
		}
		u.Held = false
		if again != nil {
			u.Requeued, u.DueAt = again.ID, again.NextAttemptAt
			if _, paused := sequences.QueuedStepHeld(e, *again, now); paused && e.Status == keepwarm.EnrollFailed {
				// Its follow-up failed while the mail written again
				// waited: Skip puts the step back (SkipSend's
				// PutBackFailed), so Resume does it again, as Skip on
				// that mail says.
				u.Held, u.Reason = true, e.Reason
			}
		}
		u.Last = false
		if def, ok := b.definition(e.Sequence); ok && at+1 >= len(def.Steps) {
			u.Last = true
		}
	}
	return u, nil
}

// putBack finds what became of the step of it, a follow-up's mail the
// send's last look skipped and put back to be done again (Recheck: the
// follow-up paused, someone wrote in the thread, the mode or the
// recipients changed): the follow-up and the step (from 0), and again,
// the newest mail written for the step since in its place (nil while the
// step waits to be done again). The step's newer mail is found as
// FollowUp.StepMail finds it, by the step's name and count, not by its
// index, which an edit of the sequence since may have moved; whatever the
// follow-up's status now: written again as its last step it completed,
// sent and answered it ended, uncertain it failed, and the mail written
// again is what Skip is about all the same. A newer mail its own look put
// back once more is followed in turn. ok is false for any other item, and
// when the follow-up went on past the step without a mail of it, or
// ended while the step waited.
func (b *WebBackend) putBack(ctx context.Context, it keepwarm.OutboxItem) (e keepwarm.Enrollment, at int, again *keepwarm.OutboxItem, ok bool, err error) {
	if it.Status != keepwarm.OutboxSkipped || it.Enrollment == nil || it.Step == nil {
		return e, 0, nil, false, nil
	}
	if sequences.ReadSkip(it.LastError).Plain {
		// A person's Skip (of a failed follow-up's held mail, which puts
		// the step back for Resume, as its question said): not the look's.
		return e, 0, nil, false, nil
	}
	if e, err = b.d.DB.GetEnrollment(ctx, *it.Enrollment); err != nil {
		return e, 0, nil, false, err
	}
	at = heldStep(e, it)
	if e.RedoOf == it.ID && e.Step == at {
		// The step waits to be done again: Skip skips it, while the
		// follow-up can still do it.
		return e, at, nil, e.Status.Live(), nil
	}
	newer, err := b.newerStepMails(ctx, e, it, at)
	if err != nil || len(newer) == 0 {
		return e, 0, nil, false, err
	}
	// Put back by its look: the follow-up's put-back is it, or one of the
	// step's mails written since (its own look put the step back again).
	put := e.RedoOf == it.ID
	for _, m := range newer {
		put = put || m.ID == e.RedoOf
	}
	if !put {
		return e, 0, nil, false, nil
	}
	y := newer[0]
	if y.Status == keepwarm.OutboxSkipped && y.ID == e.RedoOf && !sequences.ReadSkip(y.LastError).Plain {
		return b.putBack(ctx, y)
	}
	return e, at, &y, true, nil
}

// newerStepMails lists the mails of e's step at written after it, the
// newest first: by the step's name and count (stepBack) as StepMail finds
// them, or, for mail queued before items named their step, the latest
// mail queued at that index.
func (b *WebBackend) newerStepMails(ctx context.Context, e keepwarm.Enrollment, it keepwarm.OutboxItem, at int) ([]keepwarm.OutboxItem, error) {
	if it.StepName == "" {
		last, found, err := b.d.DB.LastStepItem(ctx, e.ID, at+1)
		if err != nil || !found || last.ID <= it.ID || last.Step == nil || *last.Step != at {
			return nil, err
		}
		return []keepwarm.OutboxItem{last}, nil
	}
	items, err := b.d.DB.StepItemsNamed(ctx, e.ID, it.StepName)
	if err != nil {
		return nil, err
	}
	var newer []keepwarm.OutboxItem
	for _, m := range items {
		if s, ok := sequences.HeldStepAt(e, m); m.ID > it.ID && ok && s == at {
			newer = append(newer, m)
		}
	}
	return newer, nil
}

// skipPutBack answers Skip on outbox item id, found no longer queued,
// when its last look put its step back (putBack): the step is skipped
// where it is now, as the follow-up's own Skip does it, or, written again
// since, its new mail is skipped as this one would have been. done is
// false for any other item.
func (b *WebBackend) skipPutBack(ctx context.Context, p web.Person, cust, id int64, now time.Time) (web.Change, bool, error) {
	it, err := b.d.DB.OutboxItem(ctx, id)
	if err != nil {
		return web.Change{}, false, nil
	}
	e, at, again, ok, err := b.putBack(ctx, it)
	if err != nil || !ok {
		return web.Change{}, err != nil, err
	}
	if again == nil {
		after, err := b.d.FollowUp.SkipStep(ctx, e.ID, at, p.Email, now)
		if err != nil {
			return web.Change{}, true, err
		}
		return web.Change{CustomerID: cust, Action: "enrollment.skip",
			Subject: fmt.Sprintf("enrollment %d (%s), in place of outbox %d", e.ID, e.Sequence, id),
			Before:  b.stepState(e), After: b.stepState(after)}, true, nil
	}
	var c web.Change
	switch again.Status {
	case keepwarm.OutboxQueued:
		c, err = b.SkipSend(ctx, p, again.ID, now)
	case keepwarm.OutboxSkipped:
		// Skipped by a person (the step's own Skip, a Skip here before),
		// or by its own last look, which put the step back once more.
		return b.skipPutBack(ctx, p, cust, again.ID, now)
	default:
		err = b.skipTooLate(ctx, again.ID, keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d is no longer queued", again.ID))
	}
	if err != nil && keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
		// Sent or being sent meanwhile: said of the mail that goes.
		err = keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d was not sent: its step %d was written again as outbox item %d; %s", id, at+1, again.ID, err.Error())
	}
	return c, true, err
}

// skipTooLate says why Skip found the item no longer queued: the
// dispatcher claimed it meanwhile, so whether the customer gets the mail
// is what the salesperson needs to know.
func (b *WebBackend) skipTooLate(ctx context.Context, id int64, conflict error) error {
	it, err := b.d.DB.OutboxItem(ctx, id)
	if err != nil {
		return conflict
	}
	at := it.AttemptedAt.In(b.teamLocation()).Format("2006-01-02 15:04 MST")
	switch it.Status {
	case keepwarm.OutboxSending:
		return keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d is being sent now: Skip came too late", id)
	case keepwarm.OutboxSent:
		return keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d was sent at %s: Skip came too late", id, at)
	case keepwarm.OutboxDrafted:
		return keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d was put in Drafts at %s: Skip came too late; delete the draft if it should not go", id, at)
	case keepwarm.OutboxSkipped:
		return keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d was skipped already: it does not go", id)
	default:
		return keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d is %s now, no longer queued: Skip came too late", id, it.Status)
	}
}

// SettleSend records that the person dealt with a failed or uncertain send
// of one of their customers (resent it by hand, learnt it arrived, or let
// it be): it leaves "Sends that need you" and the digest. A step of a
// follow-up that is failed is answered on the follow-up's line instead:
// settling it here would leave Resume to send it again.
func (b *WebBackend) SettleSend(ctx context.Context, p web.Person, id int64, now time.Time) (web.Change, error) {
	cust, err := b.d.DB.OutboxCustomer(ctx, viewer(p), id)
	if err != nil {
		return web.Change{}, err
	}
	item, err := b.d.DB.OutboxItem(ctx, id)
	if err != nil {
		return web.Change{}, err
	}
	if item.Enrollment != nil {
		if e, err := b.d.DB.GetEnrollment(ctx, *item.Enrollment); err == nil && e.Status == keepwarm.EnrollFailed {
			return web.Change{}, keepwarm.Errorf(keepwarm.ECONFLICT, "outbox item %d is a step of a stopped follow-up: resume it, send it again or stop it there", id)
		}
	}
	if err := b.d.DB.SettleOutbox(ctx, id, "dealt with by "+p.Email, now); err != nil {
		return web.Change{}, err
	}
	return web.Change{CustomerID: cust, Action: "outbox.settle", Subject: fmt.Sprintf("outbox %d: %s", id, item.Subject),
		Before: string(item.Status), After: "dealt with"}, nil
}

// SendArrived records that an uncertain send of one of the person's
// customers reached the recipient, as the person learnt (a draft: that it
// is in Drafts, or she sent it): it becomes sent (drafted) and its copy is
// filed in Sent on the dispatcher's next pass. A step of a stopped
// follow-up is answered on the follow-up's line instead, which also goes
// on with the next step.
func (b *WebBackend) SendArrived(ctx context.Context, p web.Person, id int64, now time.Time) (web.Change, error) {
	cust, err := b.d.DB.OutboxCustomer(ctx, viewer(p), id)
	if err != nil {
		return web.Change{}, err
	}
	item, err := b.d.DB.MarkSendArrived(ctx, id, p.Email)
	if err != nil {
		return web.Change{}, err
	}
	after, action := "arrived", "outbox.arrived"
	if item.Mode == keepwarm.ModeDraft {
		after, action = "in Drafts", "outbox.in-drafts"
	}
	return web.Change{CustomerID: cust, Action: action, Subject: fmt.Sprintf("outbox %d: %s", id, item.Subject),
		Before: string(item.Status), After: after}, nil
}

// Claim takes a pool customer within the cap (the store's rule) for the
// person, who must be a salesperson, as the CLI's --salesperson must: a
// customer owned by someone with no mailbox to write from would never get
// a follow-up.
func (b *WebBackend) Claim(ctx context.Context, p web.Person, id int64, now time.Time) (web.Change, error) {
	if err := b.d.DB.VisibleCustomer(ctx, viewer(p), id); err != nil {
		return web.Change{}, err
	}
	if !b.sells(p) {
		return web.Change{}, keepwarm.Errorf(keepwarm.EINVALID,
			"only a salesperson claims from the pool, and %s is not a configured [[salesperson]]: to give the customer to one, run keepwarm customers claim %d --salesperson NAME",
			p.Email, id)
	}
	if err := b.d.DB.ClaimCustomer(ctx, id, p.Email, now, b.d.Rules); err != nil {
		return web.Change{}, err
	}
	return web.Change{CustomerID: id, Action: "customer.claim", Subject: "owner", Before: "pool", After: p.Email}, nil
}

// Release puts one of the person's customers back in the pool.
func (b *WebBackend) Release(ctx context.Context, p web.Person, id int64, now time.Time) (web.Change, error) {
	rec, err := b.mine(ctx, p, id)
	if err != nil {
		return web.Change{}, err
	}
	if err := b.d.DB.ReleaseCustomer(ctx, id, now, p.Email); err != nil {
		return web.Change{}, err
	}
	return web.Change{CustomerID: id, Action: "customer.release", Subject: "owner", Before: rec.Owner, After: "pool"}, nil
}

// AddNote appends a dated note to one of the person's customers.
func (b *WebBackend) AddNote(ctx context.Context, p web.Person, id int64, note string, now time.Time) (web.Change, error) {
	if _, err := b.mine(ctx, p, id); err != nil {
		return web.Change{}, err
	}
	if err := b.d.DB.SetCustomer(ctx, id, store.CustomerChange{Note: note}, now.In(b.teamLocation()), p.Email); err != nil {
		return web.Change{}, err
	}
	return web.Change{CustomerID: id, Action: "customer.note", Subject: "notes", After: note}, nil
}

// EditContact changes a contact of one of the person's customers.
func (b *WebBackend) EditContact(ctx context.Context, p web.Person, id int64, e web.ContactEdit, now time.Time) (web.Change, error) {
	before, err := b.d.DB.Contact(ctx, viewer(p), id)
	if err != nil {
		return web.Change{}, err
	}
	ch := store.ContactChange{Salutation: e.Salutation, Language: e.Language, Bounced: e.Bounced, OptedOut: e.OptedOut, AddPhone: e.AddPhone,
		ClearAsked: e.ClearAsked}
	if err := b.d.DB.SetContact(ctx, id, ch, now, viewer(p)); err != nil {
		return web.Change{}, err
	}
	after, err := b.d.DB.Contact(ctx, viewer(p), id)
	if err != nil {
		return web.Change{}, err
	}
	c := web.Change{CustomerID: before.CustomerID, Action: "contact.edit", Subject: before.Email,
		Before: contactState(before, ""), After: contactState(after, e.AddPhone)}
	return c, nil
}

func contactState(c store.ContactState, phone string) string {
	parts := []string{"salutation=" + quoteOr(c.Salutation), "language=" + quoteOr(c.Language),
		fmt.Sprintf("bounced=%t", c.BouncedAt != 0), fmt.Sprintf("opted_out=%t", c.OptedOut)}
	if phone != "" {
		parts = append(parts, "phone+="+phone)
	}
	return strings.Join(parts, " ")
}

func quoteOr(s string) string {
	if s == "" {
		return "-"
	}
	return fmt.Sprintf("%q", s)
}

// AddLoginRequest and the rest of the sign-in and session records map
// the web's types onto the store's.
func (b *WebBackend) AddLoginRequest(ctx context.Context, r web.LoginRequest) error {
	return b.d.DB.AddLoginRequest(ctx, store.LoginRequest{TokenHash: r.TokenHash, Email: r.Email, Next: r.Next, IP: r.IP,
		Sent: r.Sent, At: r.At, Expires: r.Expires})
}

func (b *WebBackend) AddLoginRequestWithin(ctx context.Context, r web.LoginRequest, lim web.LoginLimits) (bool, bool, error) {
	return b.d.DB.AddLoginRequestWithin(ctx, store.LoginRequest{TokenHash: r.TokenHash, Email: r.Email, Next: r.Next, IP: r.IP,
		Sent: r.Sent, At: r.At, Expires: r.Expires, Device: r.Device}, store.LoginLimits{Since: lim.Since, PerAddressIP: lim.PerAddressIP,
		PerAddress: lim.PerAddress, PerIP: lim.PerIP, LivePerAddress: lim.LivePerAddress, Mailed: lim.MailedPerAddress, MailedSince: lim.MailedSince,
		KnownIP: lim.KnownIP, KnownDevice: lim.KnownDevice})
}

func (b *WebBackend) MailedLinks(ctx context.Context, since time.Time) (map[string]int, error) {
	return b.d.DB.MailedLinks(ctx, since)
}

func (b *WebBackend) SessionIPs(ctx context.Context, since time.Time) ([]web.SessionIP, error) {
	list, err := b.d.DB.SessionIPs(ctx, since)
	if err != nil {
		return nil, err
	}
	out := make([]web.SessionIP, len(list))
	for i, s := range list {
		out[i] = web.SessionIP{Email: s.Email, IP: s.IP}
	}
	return out, nil
}

func (b *WebBackend) LoginTokenOwner(ctx context.Context, tokenHash string) (string, string, error) {
	return b.d.DB.LoginTokenOwner(ctx, tokenHash)
}

func (b *WebBackend) UseLoginToken(ctx context.Context, tokenHash string, now time.Time) (string, string, error) {
	return b.d.DB.UseLoginToken(ctx, tokenHash, now)
}

func (b *WebBackend) AddSession(ctx context.Context, tokenHash string, s web.Session) (int64, error) {
	return b.d.DB.AddSession(ctx, tokenHash, store.WebSession{Email: s.Email, UserAgent: s.UserAgent, IP: s.IP,
		CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt, DeviceHash: s.DeviceHash})
}

func (b *WebBackend) FormKey(ctx context.Context) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	return b.d.DB.WebKey(ctx, "form", fresh)
}

func (b *WebBackend) KnownDevice(ctx context.Context, deviceHash, email string, since time.Time) (bool, error) {
	return b.d.DB.KnownDevice(ctx, deviceHash, email, since)
}

func (b *WebBackend) Session(ctx context.Context, tokenHash string, now time.Time) (web.Session, error) {
	s, err := b.d.DB.Session(ctx, tokenHash, now)
	if err != nil {
		return web.Session{}, err
	}
	return webSession(s), nil
}

func webSession(s store.WebSession) web.Session {
	return web.Session{ID: s.ID, Email: s.Email, UserAgent: s.UserAgent, IP: s.IP, CreatedAt: s.CreatedAt, SeenAt: s.SeenAt, ExpiresAt: s.ExpiresAt,
		DeviceHash: s.DeviceHash, SeenErr: s.SeenErr}
}

func (b *WebBackend) RevokeSession(ctx context.Context, id int64, now time.Time) error {
	return b.d.DB.RevokeSession(ctx, id, now)
}

func (b *WebBackend) EndSession(ctx context.Context, id int64, now time.Time) error {
	return b.d.DB.EndSession(ctx, id, now)
}

func (b *WebBackend) Sessions(ctx context.Context, now time.Time) ([]web.Session, error) {
	list, err := b.d.DB.Sessions(ctx, now)
	if err != nil {
		return nil, err
	}
	out := make([]web.Session, len(list))
	for i, s := range list {
		out[i] = webSession(s)
	}
	return out, nil
}

func (b *WebBackend) AddAudit(ctx context.Context, c web.Change, actor string, at time.Time) error {
	return b.d.DB.AddAudit(ctx, store.AuditEntry{CustomerID: c.CustomerID, Actor: actor, Action: c.Action, Subject: c.Subject,
		Before: c.Before, After: c.After, At: at})
}
