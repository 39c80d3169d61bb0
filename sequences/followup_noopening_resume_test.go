package sequences_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// look does what the dispatcher does at at with every queued item due: the
// job's Hold, then its last look (Recheck); a hold keeps the item queued
// until its end, a reason skips it, and nothing sends it.
func (w *fuWorld) look(at time.Time) {
	w.t.Helper()
	ctx := context.Background()
	for _, it := range w.outbox() {
		if it.Status != keepwarm.OutboxQueued || it.NextAttemptAt.After(at) {
			continue
		}
		hold, err := w.job.Hold(ctx, it, at)
		if err != nil {
			w.t.Fatal(err)
		}
		reason := ""
		if hold == nil {
			reason, err = w.job.Recheck(ctx, it, at)
			if !errors.As(err, &hold) && err != nil {
				w.t.Fatal(err)
			}
		}
		switch {
		case hold != nil:
			err = w.db.HoldOutbox(ctx, it.ID, hold.Until, "held: "+hold.Reason)
		case reason != "":
			err = w.db.MarkSkipped(ctx, it.ID, reason)
		default:
			if _, ok, cerr := w.db.Claim(ctx, it.ID, at); cerr != nil || !ok {
				w.t.Fatalf("claim %d: %v %v", it.ID, ok, cerr)
			}
			err = w.db.MarkSent(ctx, it.ID, at)
		}
		if err != nil {
			w.t.Fatal(err)
		}
	}
}

// neverOpeningWeek queues Hans's resend, changes key-customer's window to
// one that never opens for a German customer and runs a week of the job's
// runs, each followed by the send's look: the resend is held, and the
// follow-up fails when its next step falls due.
func neverOpeningWeek(t *testing.T) (*fuWorld, keepwarm.OutboxItem) {
	t.Helper()
	w := newFUWorld(t, "A")
	due, item := w.resendQueued()
	never, set := editedKeyCustomer(t, "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n")
	if _, err := w.job.Reload(context.Background(), never, set, due.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for d := 0; d <= 6; d++ {
		at := due.Add(2*time.Hour).AddDate(0, 0, d)
		w.run(at)
		w.look(at.Add(time.Minute))
	}
	return w, item
}

// failedFollowUp is the follow-up, which must have failed.
func (w *fuWorld) failedFollowUp() keepwarm.Enrollment {
	w.t.Helper()
	e := w.enrollment()
	if e.Status != keepwarm.EnrollFailed {
		w.t.Fatalf("the follow-up: %s, %q; want it failed", e.Status, e.Reason)
	}
	return e
}

// resumedWeek runs eight days from from, each a look, a run and a look.
func (w *fuWorld) resumedWeek(from time.Time) {
	w.t.Helper()
	for d := 0; d <= 7; d++ {
		at := from.AddDate(0, 0, d)
		w.look(at)
		w.run(at.Add(time.Minute))
		w.look(at.Add(2 * time.Minute))
	}
}

// windowFixed has the job reload key-customer's files as shipped, the
// window fixed, at at.
func (w *fuWorld) windowFixed(at time.Time) {
	w.t.Helper()
	fixed, set := editedKeyCustomer(w.t)
	if _, err := w.job.Reload(context.Background(), fixed, set, at); err != nil {
		w.t.Fatal(err)
	}
}

// resendSentOnceFirst fails unless the resend (step 1) was sent once and
// is the first mail sent.
func (w *fuWorld) resendSentOnceFirst() {
	w.t.Helper()
	resends, first := 0, keepwarm.OutboxItem{}
	for _, it := range w.outbox() {
		if it.Status == keepwarm.OutboxSent && first.ID == 0 {
			first = it
		}
		if it.Status == keepwarm.OutboxSent && it.Step != nil && *it.Step == 0 {
			resends++
		}
	}
	if resends != 1 || first.Step == nil || *first.Step != 0 {
		for _, it := range w.outbox() {
			w.t.Logf("outbox %d %s step %v %s %q", it.ID, it.Key, *it.Step, it.Status, it.LastError)
		}
		w.t.Fatalf("%d resends sent, the first mail sent is %s; want the resend, once, first (%+v)", resends, first.Key, w.enrollment())
	}
}

// Hans's resend is queued when the manager changes key-customer's window
// to one that never opens for a German customer: the resend is held, and
// the follow-up fails with why when its next step falls due. The manager
// changes the window back and Lily resumes the follow-up: the resend goes,
// once, before the product introduction, whether the send's last look
// came to it before her Resume or after it. It was skipped, and the
// follow-up went on to the product introduction as if it had gone.
func TestAResumedFollowUpSendsTheStepItsNeverOpeningWindowHeld(t *testing.T) {
	ctx := context.Background()
	fixAt := time.Date(2026, 11, 12, 10, 0, 0, 0, berlin) // a Thursday, in the window
	for _, lookFirst := range []bool{true, false} {
		name := "resumed, then looked at"
		if lookFirst {
			name = "looked at, then resumed"
		}
		t.Run(name, func(t *testing.T) {
			w, item := neverOpeningWeek(t)
			e := w.failedFollowUp()
			if it := w.item(item.ID); it.Status != keepwarm.OutboxQueued || !it.NextAttemptAt.After(fixAt) {
				t.Fatalf("the resend before the change: %s, held until %s", it.Status, it.NextAttemptAt)
			}
			w.windowFixed(fixAt)
			if it := w.item(item.ID); it.NextAttemptAt.After(fixAt) {
				t.Fatalf("the resend after the change is still held until %s (%s)", it.NextAttemptAt, it.LastError)
			}
			if lookFirst {
				w.look(fixAt)
			}
			if _, err := w.job.Resume(ctx, e.ID, fixAt.Add(5*time.Minute)); err != nil {
				t.Fatal(err)
			}
			w.resumedWeek(fixAt.Add(10 * time.Minute))
			w.resendSentOnceFirst()
		})
	}
}

// The send's last look puts the held resend's step back, and keepwarm
// stops before the resend is marked skipped (or that write fails): the
// resend is still queued when Lily resumes. It goes once, whether the next
// look or the next tick comes first: the step's old mail, replaced by a
// newer outbox key of the same step, is not sent besides the new one.
func TestAResendPutBackWhoseSkipWasLostGoesOnce(t *testing.T) {
	ctx := context.Background()
	fixAt := time.Date(2026, 11, 12, 10, 0, 0, 0, berlin) // a Thursday, in the window
	for _, tickFirst := range []bool{false, true} {
		name := "looked at first after Resume"
		if tickFirst {
			name = "the tick first after Resume"
		}
		t.Run(name, func(t *testing.T) {
			w, item := neverOpeningWeek(t)
			e := w.failedFollowUp()
			w.windowFixed(fixAt)
			// The last look puts the step back; its skip is never written.
			reason, err := w.job.Recheck(ctx, w.item(item.ID), fixAt)
			if err != nil || reason == "" {
				t.Fatalf("the last look: %q, %v; want the resend skipped and its step put back", reason, err)
			}
			if _, err := w.job.Resume(ctx, e.ID, fixAt.Add(5*time.Minute)); err != nil {
				t.Fatal(err)
			}
			if tickFirst {
				w.run(fixAt.Add(6 * time.Minute))
			}
			w.resumedWeek(fixAt.Add(10 * time.Minute))
			resends := 0
			for _, it := range w.outbox() {
				if it.Step != nil && *it.Step == 0 && (it.Status == keepwarm.OutboxSent || it.Status == keepwarm.OutboxQueued) {
					resends++
				}
			}
			if resends != 1 {
				for _, it := range w.outbox() {
					t.Logf("outbox %d %s step %v %s %q", it.ID, it.Key, *it.Step, it.Status, it.LastError)
				}
				t.Fatalf("%d resends sent or queued; want one (%+v)", resends, w.enrollment())
			}
		})
	}
}

// deskSkip is the desk's Skip of the held mail id while its follow-up is
// failed: PutBackFailed (what names the failure), then the skip with
// reason (empty: the put-back's own).
func (w *fuWorld) deskSkip(id int64, reason string, at time.Time, what string) {
	w.t.Helper()
	ctx := context.Background()
	why, err := w.job.PutBackFailed(ctx, w.item(id), "lily@seller.example", at)
	if err != nil || why == "" {
		w.t.Fatalf("%s: %q, %v; want the step put back", what, why, err)
	}
	if reason != "" {
		why = reason
	}
	if err := w.db.SkipQueued(ctx, id, why, at); err != nil {
		w.t.Fatal(err)
	}
}

// resendQueuedAgain runs the follow-up at at and returns the resend
// (step 1) it queued again after a Resume.
func (w *fuWorld) resendQueuedAgain(at time.Time) keepwarm.OutboxItem {
	w.t.Helper()
	w.run(at)
	var again keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Status == keepwarm.OutboxQueued && it.Step != nil && *it.Step == 0 {
			again = it
		}
	}
	if again.ID == 0 {
		w.t.Fatalf("no resend queued again after the Resume (%+v)", w.enrollment())
	}
	return again
}

// Lily skips the resend a never-opening window holds while its follow-up
// is failed (the desk's Skip: PutBackFailed, then the skip). The manager
// fixes the window and she resumes: the step is done again, the resend
// goes once before the product introduction. Resume took the skipped
// resend as the step done and went on to the product introduction.
func TestASkippedHeldResendOfAFailedFollowUpIsDoneAgainOnResume(t *testing.T) {
	fixAt := time.Date(2026, 11, 12, 10, 0, 0, 0, berlin) // a Thursday, in the window
	w, item := neverOpeningWeek(t)
	e := w.failedFollowUp()
	skipAt := fixAt.Add(-time.Hour)
	w.deskSkip(item.ID, "", skipAt, "put back")
	w.windowFixed(fixAt)
	w.resumeAt(e.ID, fixAt.Add(5*time.Minute))
	w.resumedWeek(fixAt.Add(10 * time.Minute))
	w.resendSentOnceFirst()
}

// The manager fixes key-customer's window by hand while keepwarm is
// stopped and starts it again: the new process starts with the fixed
// files and sees no change of them, yet its first run makes the resend
// the never-opening window held due again at once, as a change seen while
// it runs does. It waited up to a day.
func TestARestartAfterTheWindowIsFixedReleasesTheHeldResend(t *testing.T) {
	ctx := context.Background()
	fixAt := time.Date(2026, 11, 12, 10, 0, 0, 0, berlin) // a Thursday, in the window
	w, item := neverOpeningWeek(t)
	if it := w.item(item.ID); it.Status != keepwarm.OutboxQueued || !it.NextAttemptAt.After(fixAt) {
		t.Fatalf("the resend before the restart: %s, held until %s", it.Status, it.NextAttemptAt)
	}
	// keepwarm starts again over the fixed files.
	fixed, set := editedKeyCustomer(t)
	w.rejob(func(c *sequences.FollowUpConfig) { c.Definitions, c.Templates = fixed, set })
	w.run(fixAt)
	if it := w.item(item.ID); it.NextAttemptAt.After(fixAt) {
		t.Fatalf("the resend after the restart is still held until %s (%s)", it.NextAttemptAt, it.LastError)
	}
	// The job's later runs leave the look's holds alone.
	if err := w.db.HoldOutbox(ctx, item.ID, fixAt.Add(time.Hour), "held: the send window of key-customer test"); err != nil {
		t.Fatal(err)
	}
	w.run(fixAt.Add(time.Minute))
	if it := w.item(item.ID); !it.NextAttemptAt.Equal(fixAt.Add(time.Hour)) {
		t.Fatalf("a later run released the resend's hold: due %s", it.NextAttemptAt)
	}
}

// Under cron each `keepwarm tick` is a new process that starts with the
// files as they are and sees no change of the sequences, nor looks at its
// start at mail a never-opening window held. The manager fixes the
// workdays and Lily resumes the failed follow-up: the held resend goes at
// the next tick, not when its day's hold ends.
func TestAResumeUnderCronSendsTheStepANeverOpeningWindowHeldAtOnce(t *testing.T) {
	// A Wednesday afternoon, in the window, some hours after the last
	// daily look held the resend again until Thursday morning.
	fixAt := time.Date(2026, 11, 11, 15, 0, 0, 0, berlin)
	w, item := neverOpeningWeek(t)
	e := w.failedFollowUp()
	if it := w.item(item.ID); it.Status != keepwarm.OutboxQueued || !it.NextAttemptAt.After(fixAt.Add(12*time.Hour)) {
		t.Fatalf("the resend before the fix: %s, held until %s; want it held past %s", it.Status, it.NextAttemptAt, fixAt.Add(12*time.Hour))
	}
	// The fixed files, read by a tick's new process.
	fixed, set := editedKeyCustomer(t)
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Definitions, c.Templates, c.NoStartRelease = fixed, set, true
	})
	w.run(fixAt)
	w.resumeAt(e.ID, fixAt.Add(5*time.Minute))
	next := fixAt.Add(10 * time.Minute)
	w.rejob(func(*sequences.FollowUpConfig) {})
	w.run(next)
	w.look(next.Add(time.Minute))
	if it := w.item(item.ID); it.Status != keepwarm.OutboxSent {
		t.Fatalf("the resend at the tick after Resume: %s, next look %s (%q); want it sent", it.Status, it.NextAttemptAt, it.LastError)
	}
}

// As TestASkippedHeldResendOfAFailedFollowUpIsDoneAgainOnResume, but the
// resend composed again after the Resume is put back once more before it
// goes: Lily pauses the follow-up, and the send's last look skips that
// resend and puts its step back. She resumes again: the resend goes, once,
// before the product introduction. The resend she skipped on the desk
// while the follow-up was failed read, one put-back later, as the step
// done: the resend never went, and the next step was counted from it.
func TestASkippedHeldResendPutBackTwiceIsStillDoneAgain(t *testing.T) {
	skippedHeldResendPutBackTwice(t, "")
}

// As TestASkippedHeldResendPutBackTwiceIsStillDoneAgain, but the desk's
// Skip was made by a version before its reason said the step is done
// again on resume: the plain "skipped by lily@…" those versions wrote. Her
// skip was followed by the step composed again, so it was not the step
// skipped for good: the resend goes, once, before the introduction.
func TestASkipFromBeforeTheUpgradePutBackTwiceIsStillDoneAgain(t *testing.T) {
	skippedHeldResendPutBackTwice(t, "skipped by lily@seller.example")
}

// heldResendSkippedAndQueuedAgain is the resend a never-opening window
// holds skipped on the desk (with reason, empty: the put-back's own) while
// its follow-up is failed, the window fixed at fixAt and the follow-up
// resumed: it returns the resend queued again.
func heldResendSkippedAndQueuedAgain(t *testing.T, reason string) (w *fuWorld, e keepwarm.Enrollment, fixAt time.Time, again keepwarm.OutboxItem) {
	t.Helper()
	fixAt = time.Date(2026, 11, 12, 10, 0, 0, 0, berlin) // a Thursday, in the window
	w, item := neverOpeningWeek(t)
	e = w.failedFollowUp()
	w.deskSkip(item.ID, reason, fixAt.Add(-time.Hour), "put back")
	w.windowFixed(fixAt)
	w.resumeAt(e.ID, fixAt.Add(5*time.Minute))
	return w, e, fixAt, w.resendQueuedAgain(fixAt.Add(6 * time.Minute))
}

// skippedHeldResendPutBackTwice runs the scenario of
// TestASkippedHeldResendPutBackTwiceIsStillDoneAgain, the held resend
// skipped with reason (empty: the put-back's own).
func skippedHeldResendPutBackTwice(t *testing.T, reason string) {
	t.Helper()
	ctx := context.Background()
	w, e, fixAt, again := heldResendSkippedAndQueuedAgain(t, reason)
	if _, err := w.job.Pause(ctx, e.ID, time.Time{}, fixAt.Add(7*time.Minute)); err != nil {
		t.Fatal(err)
	}
	w.look(fixAt.Add(8 * time.Minute))
	if it := w.item(again.ID); it.Status != keepwarm.OutboxSkipped {
		t.Fatalf("the resend at the last look after the pause: %s (%q); want it skipped", it.Status, it.LastError)
	}
	w.resumeAt(e.ID, fixAt.Add(9*time.Minute))
	w.resumedWeek(fixAt.Add(10 * time.Minute))
	w.resendSentOnceFirst()
}

// Two desk Skips by a version before the put-back's reason said the
// step is done again on resume (the plain "skipped by lily@…" it wrote),
// of the same step's held mail while the follow-up was failed: the
// resend held by a never-opening window is skipped, the window fixed and
// the follow-up resumed; the resend composed again is held once more by
// the window broken again, the follow-up fails again, and Lily skips that
// one too. The window fixed and the follow-up resumed, the resend goes,
// once, before the product introduction: the newer skip put the step
// back (it is the item the follow-up's put-back replaced), so the older
// one is not the step done. The older skip read as the step done and the
// resend never went.
func TestTwoSkipsFromBeforeTheUpgradeOfAHeldResendStillDoItAgain(t *testing.T) {
	ctx := context.Background()
	w, e, fixAt, again := heldResendSkippedAndQueuedAgain(t, "skipped by lily@seller.example")
	// The window broken again before that resend goes: it is held, and
	// the follow-up fails when its next step falls due.
	never, set := editedKeyCustomer(t, "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n")
	brokenAt := fixAt.Add(7 * time.Minute)
	if _, err := w.job.Reload(ctx, never, set, brokenAt); err != nil {
		t.Fatal(err)
	}
	for d := 0; d <= 6; d++ {
		at := brokenAt.Add(time.Hour).AddDate(0, 0, d)
		w.look(at)
		w.run(at.Add(time.Minute))
	}
	e = w.failedFollowUp()
	if it := w.item(again.ID); it.Status != keepwarm.OutboxQueued {
		t.Fatalf("the resend composed again: %s (%q); want it held, queued", it.Status, it.LastError)
	}
	skipAt := brokenAt.AddDate(0, 0, 7)
	w.deskSkip(again.ID, "skipped by lily@seller.example", skipAt, "the second put back")
	if e = w.enrollment(); e.RedoOf != again.ID {
		t.Fatalf("after the second skip the follow-up's put-back replaced outbox %d; want %d", e.RedoOf, again.ID)
	}
	refixAt := skipAt.Add(time.Hour)
	w.windowFixed(refixAt)
	w.resumeAt(e.ID, refixAt.Add(5*time.Minute))
	w.resumedWeek(refixAt.Add(10 * time.Minute))
	w.resendSentOnceFirst()
}
