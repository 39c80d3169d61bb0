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

// Lily pressed "Don't send" on Bob's birthday greeting on 23 November.
// The resend falls due at 09:00 on his birthday: no greeting goes that
// day, so the step goes, and says nothing of a greeting planned.
func TestAFollowUpStepTakesTheDayOfAGreetingStoppedWithDontSend(t *testing.T) {
	ny, _ := time.LoadLocation(usBuyer.tz)
	r, fu := birthdayFollowUpRig(t, "1980-11-25", time.Date(2026, 11, 22, 9, 0, 0, 0, ny))
	withFollowUpLastLook(r, fu)
	r.clock.Set(time.Date(2026, 11, 23, 10, 0, 0, 0, ny))
	plan, err := r.job.PlanMonth(r.ctx, "2026-11", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	key := ""
	for _, it := range plan.Items {
		if it.To.Email == usBuyer.email && it.Occasion == "birthday" {
			key = it.Key
		}
	}
	if key == "" {
		t.Fatalf("no birthday greeting to Bob in the plan: %+v", plan.Items)
	}
	if _, _, err := r.job.SkipPlanned(r.ctx, key, lily, r.clock.Now(), func(int64) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if ok, err := r.job.GreetingPlanned(r.ctx, 1, []string{usBuyer.email}, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), r.clock.Now()); ok || err != nil {
		t.Fatalf("a greeting stopped with Don't send planned on 25 November: %v %v; want none", ok, err)
	}
	replayBoth(r, fu, time.Date(2026, 11, 25, 0, 0, 0, 0, ny), time.Date(2026, 11, 25, 23, 55, 0, 0, ny), 5*time.Minute)
	got := bobsMailOn(r, "2026-11-25")
	if len(got) != 1 || !strings.HasPrefix(got[0], "09:00 Re: Quotation") {
		t.Fatalf("Bob's mail from keepwarm on his birthday: %q; want the resend at 09:00", got)
	}
	list, err := r.db.ListEnrollments(r.ctx, 0)
	if err != nil || len(list) != 1 {
		t.Fatalf("enrollments: %+v %v", list, err)
	}
	if e := list[0]; e.Step != 1 || strings.Contains(e.Reason, "greeting") {
		t.Fatalf("the follow-up after the resend: step %d, reason %q; want the resend done, no greeting named", e.Step, e.Reason)
	}
}

// Bob's address, to which a follow-up of Acme runs, is now held under
// another customer (moved there by a merge or an unmerge after the
// enrollment), with his birthday on 25 November: the step to him gives
// that day to his greeting all the same, as the forecast does, keyed by
// address.
func TestGreetingPlannedFindsAStepAddressHeldUnderAnotherCustomer(t *testing.T) {
	r, _ := bobsBirthdayRig(t)
	r.start(nil)
	other := deBuyer
	other.key, other.email = "domain:acme-group.com", "purchasing@acme-group.com"
	otherID, _ := r.add(other)
	if _, err := r.raw.Exec(`UPDATE contacts SET customer_id = ? WHERE email = ?`, otherID, usBuyer.email); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		email string
		day   time.Time
		want  bool
	}{
		{usBuyer.email, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), true},
		{usBuyer.email, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), false},
		{"nobody@acme-us.com", time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), false},
	} {
		got, err := r.job.GreetingPlanned(r.ctx, 1, []string{c.email}, c.day, now)
		if err != nil || got != c.want {
			t.Errorf("a greeting to %s planned on %s, the step's customer Acme: %v %v, want %v", c.email, c.day.Format("2006-01-02"), got, err, c.want)
		}
	}
}
