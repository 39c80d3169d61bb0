package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Bob's birthday greeting is queued in send mode and waits behind the gap
// between sends; meanwhile the manager sets [greetings] mode = "draft" and
// restarts. The queued greeting does not go as mail: it is planned again
// and filed in Lily's Drafts.
func TestAQueuedGreetingFollowsAMoreCarefulMode(t *testing.T) {
	r, _ := bobsBirthdayRig(t)
	r.startWith(nil)
	first := r.queueOnly(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC))
	if first.Mode != keepwarm.ModeSend {
		t.Fatalf("queued in %s", first.Mode)
	}
	r.cfg.Mode = keepwarm.ModeDraft
	r.startWith(nil)
	r.replay(time.Date(2026, 11, 25, 21, 0, 0, 0, time.UTC), 10*time.Minute)

	if n := r.sentTo(usBuyer.email); n != 0 {
		t.Fatalf("%d mail(s) sent to Bob", n)
	}
	if n := len(mailtest.Raw(t, r.imap, lily, "Drafts")); n != 1 {
		t.Fatalf("%d draft(s) in Lily's Drafts, want the greeting", n)
	}
	var drafted bool
	for _, it := range r.outbox() {
		switch {
		case it.ID == first.ID:
			if it.Status != keepwarm.OutboxSkipped || !strings.Contains(it.LastError, "the greetings' mode is now draft") {
				t.Fatalf("the greeting queued in send mode: %s %q", it.Status, it.LastError)
			}
		case it.Key == first.Key:
			drafted = it.Mode == keepwarm.ModeDraft && it.Status == keepwarm.OutboxDrafted
		}
	}
	if !drafted {
		t.Fatalf("no draft queued again under %s: %+v", first.Key, r.outbox())
	}
}

// The manager tries keepwarm out in dry-run on 1 December, the day letters
// start, and switches to send the next day: Bob, whose December letter was
// only recorded, gets it on the 2nd instead of no letter that month.
func TestALetterRecordedInDryRunGoesAfterTheSwitchToSend(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.cfg.Mode = keepwarm.ModeDryRun
	r.start(decemberLetter)
	r.replay(time.Date(2026, 12, 2, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	if n := r.sentTo(usBuyer.email); n != 0 {
		t.Fatalf("dry-run sent %d mail(s)", n)
	}
	if l := letterPlan(t, r, "2026-12", r.clock.Now()); l.Status != string(keepwarm.OutboxSkipped) || l.Reason != "dry-run: not sent" {
		t.Fatalf("in dry-run the letter is %s %q", l.Status, l.Reason)
	}

	r.cfg.Mode = keepwarm.ModeSend
	r.start(decemberLetter)
	if l := letterPlan(t, r, "2026-12", r.clock.Now()); l.Status != sequences.PlanDue || l.Mode != keepwarm.ModeSend {
		t.Fatalf("after the switch to send the letter is %s (%s) %q; want due", l.Status, l.Mode, l.Reason)
	}
	r.replay(time.Date(2026, 12, 3, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	ny, _ := time.LoadLocation(usBuyer.tz)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Subject, "December news") || got[0].Date.In(ny).Format("2006-01-02") != "2026-12-02" {
		t.Fatalf("Bob got %+v; want the December letter on the 2nd", got)
	}
	if l := letterPlan(t, r, "2026-12", r.clock.Now()); l.Status != string(keepwarm.OutboxSent) {
		t.Fatalf("the letter is %s %q", l.Status, l.Reason)
	}
}

// Bob's birthday greeting recorded in dry-run in his morning goes when the
// mode is switched to send before his day ends; one whose day is over when
// the switch comes is not made up for.
func TestAGreetingRecordedInDryRunGoesWhileItsDayLasts(t *testing.T) {
	for _, c := range []struct {
		name     string
		switchAt time.Time
		want     int
	}{
		{"same day", time.Date(2026, 11, 25, 18, 0, 0, 0, time.UTC), 1}, // 13:00 in New York
		{"next day", time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC), 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, _ := bobsBirthdayRig(t)
			r.cfg.Mode = keepwarm.ModeDryRun
			r.start(nil)
			r.replay(c.switchAt, 10*time.Minute)
			r.cfg.Mode = keepwarm.ModeSend
			r.start(nil)
			r.replay(time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC), 10*time.Minute)
			if n := len(r.inbox(usBuyer.email)); n != c.want {
				t.Fatalf("Bob got %d greeting(s), want %d", n, c.want)
			}
		})
	}
}

// In draft mode Bob's birthday greeting is queued in his morning, and
// keepwarm stops before filing it. Back the next day, it does not put
// "Happy birthday" in Lily's Drafts, ready to send a day late; within the
// day it is filed whenever it comes. A letter's draft is likewise not
// filed after its month.
func TestADraftIsNotFiledAfterItsDay(t *testing.T) {
	r, _ := bobsBirthdayRig(t)
	r.cfg.Mode = keepwarm.ModeDraft
	r.startWith(nil)
	greeting := r.queueOnly(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC))
	if greeting.Mode != keepwarm.ModeDraft {
		t.Fatalf("queued in %s", greeting.Mode)
	}
	ny, _ := time.LoadLocation(usBuyer.tz)
	if reason, err := r.job.Precheck(r.ctx, greeting, time.Date(2026, 11, 25, 16, 59, 0, 0, ny)); reason != "" || err != nil {
		t.Fatalf("within the day: %q %v", reason, err)
	}
	reason, err := r.job.Precheck(r.ctx, greeting, time.Date(2026, 11, 26, 9, 0, 0, 0, ny))
	if err != nil || reason != "the greeting's day ended in the customer's time (Wed 25 Nov 17:00, America/New_York): its draft is not filed late" {
		t.Fatalf("the next day: %q %v", reason, err)
	}

	lr, letter, _ := queuedLetter(t)
	letter.Mode = keepwarm.ModeDraft
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if reason, err := lr.job.Precheck(lr.ctx, letter, time.Date(2026, 11, 30, 22, 0, 0, 0, berlin)); reason != "" || err != nil {
		t.Fatalf("the letter's draft within its month: %q %v", reason, err)
	}
	if reason, err := lr.job.Precheck(lr.ctx, letter, time.Date(2026, 12, 1, 0, 5, 0, 0, berlin)); err != nil || !strings.Contains(reason, "the letter's month (2026-11) ended") {
		t.Fatalf("the letter's draft after its month: %q %v", reason, err)
	}
}
