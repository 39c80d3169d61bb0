package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// withFollowUpLastLook gives the rig's dispatcher the daemon's last look
// at a follow-up step (FollowUp.Hold: away, window, quiet period, a
// greeting planned today) and at a greeting or letter (Precheck).
func withFollowUpLastLook(r *greetRig, fu *sequences.FollowUp) {
	r.t.Helper()
	r.dispatcher(mailsync.DispatcherOptions{Precheck: func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
		if item.Enrollment != nil {
			if hold, err := fu.Hold(ctx, item, r.clock.Now()); err != nil {
				return "", err
			} else if hold != nil {
				return "", hold
			}
			return "", nil
		}
		return r.job.Precheck(ctx, item, r.clock.Now())
	}})
}

// Lily's quotation went on Saturday 21 November at 16:50; its resend
// falls due at 16:50 on Tuesday 24 November, the day before Bob's
// birthday, and is queued then. The dispatcher is down until 17:00, past
// the send window, so the step is held until the window opens on 25
// November, his birthday, whose greeting goes later that morning. At its
// last look the step sees the greeting planned for the day it would now
// go, and waits for the next day in the window (Friday 27 November: the
// 26th is Thanksgiving), and says why: Bob gets one mail from keepwarm on
// his birthday, the greeting.
func TestAFollowUpStepCarriedIntoABirthdayWaitsForTheNextDay(t *testing.T) {
	ny, _ := time.LoadLocation(usBuyer.tz)
	r, fu := birthdayFollowUpRig(t, "1980-11-25", time.Date(2026, 11, 21, 16, 50, 0, 0, ny))
	withFollowUpLastLook(r, fu)
	greetingAt(r, time.Date(2026, 11, 25, 0, 0, 0, 0, ny))
	// The step is queued at 16:50 and the dispatcher does not run until 17:00.
	eng := sequences.NewEngine(r.clock, testLog(), fu, r.job)
	for now := time.Date(2026, 11, 24, 16, 40, 0, 0, ny); now.Before(time.Date(2026, 11, 24, 17, 0, 0, 0, ny)); now = now.Add(5 * time.Minute) {
		r.clock.Set(now)
		if err := eng.Tick(r.ctx); err != nil {
			t.Fatal(err)
		}
	}
	steps, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginSequence})
	if err != nil || len(steps) != 1 || steps[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("the resend before 17:00 on 24 November: %+v %v; want it queued", steps, err)
	}
	replayBoth(r, fu, time.Date(2026, 11, 24, 17, 0, 0, 0, ny), time.Date(2026, 11, 25, 23, 55, 0, 0, ny), 5*time.Minute)
	if got := bobsMailOn(r, "2026-11-24"); len(got) != 0 {
		t.Fatalf("Bob's mail on 24 November: %q; want none (the resend was carried past the window)", got)
	}
	got := bobsMailOn(r, "2026-11-25")
	if len(got) != 1 || !strings.Contains(strings.ToLower(got[0]), "birthday") {
		t.Fatalf("Bob's mail from keepwarm on his birthday: %q; want the birthday greeting alone", got)
	}
	steps, err = r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginSequence})
	if err != nil || len(steps) != 1 {
		t.Fatalf("the resend: %+v %v", steps, err)
	}
	s := steps[0]
	if s.Status != keepwarm.OutboxQueued || !s.NextAttemptAt.Equal(time.Date(2026, 11, 27, 9, 0, 0, 0, ny)) ||
		!strings.Contains(s.LastError, "bob@acme-us.com has a greeting from keepwarm planned today") {
		t.Fatalf("the resend at the end of Bob's birthday: %s, next %s, %q; want it held until 27 November 09:00, and why",
			s.Status, s.NextAttemptAt.In(ny), s.LastError)
	}
	replayBoth(r, fu, time.Date(2026, 11, 27, 8, 55, 0, 0, ny), time.Date(2026, 11, 27, 9, 10, 0, 0, ny), 5*time.Minute)
	if got := bobsMailOn(r, "2026-11-27"); len(got) != 1 {
		t.Fatalf("Bob's mail on 27 November: %q; want the resend", got)
	}
}
