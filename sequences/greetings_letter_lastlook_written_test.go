package sequences_test

import (
	"errors"
	"testing"
	"time"

	"keepwarm"
)

// Bob's December letter was queued on 1 December and waited (for an
// answer, a follow-up, the send gap). Lily answers Bob herself at 08:45 on
// 2 December: at the letter's last look that morning it does not follow
// her personal mail; it waits for his next working day, and goes then.
func TestTheLastLookHoldsALetterOnADayTheTeamWrote(t *testing.T) {
	r, item := queuedDecemberLetter(t, "Bob Smith")
	ny, _ := time.LoadLocation(usBuyer.tz)
	look := time.Date(2026, 12, 2, 9, 30, 0, 0, ny)
	if why, err := r.job.Precheck(r.ctx, item, look); why != "" || err != nil {
		t.Fatalf("the last look with no mail of Lily's: %q %v; want it sent", why, err)
	}
	r.ownMail("own-1", "Re: panels", time.Date(2026, 12, 2, 8, 45, 0, 0, ny), 1,
		"Dear Bob,\n\nthe panels ship on Friday.\n\nBest regards\nLily Chen", false)
	why, err := r.job.Precheck(r.ctx, item, look)
	var hold *keepwarm.Hold
	if why != "" || !errors.As(err, &hold) {
		t.Fatalf("the last look after Lily's own mail of the day: %q %v; want a hold", why, err)
	}
	if want := time.Date(2026, 12, 3, 9, 0, 0, 0, ny); !hold.Until.Equal(want) ||
		hold.Reason != "the team wrote to Acme Inc. today (08:45 EST): the letter goes Thu 3 Dec 09:00 their time, not after a personal mail the same day" {
		t.Fatalf("hold: %s %q; want until %s, the team wrote today", hold.Until.In(ny), hold.Reason, want)
	}
	// A "%" in the customer's name is written as it is.
	if _, err := r.raw.Exec(`UPDATE customers SET name = 'Acme 100% Inc.' WHERE key = ?`, usBuyer.key); err != nil {
		t.Fatal(err)
	}
	if _, err := r.job.Precheck(r.ctx, item, look); !errors.As(err, &hold) ||
		hold.Reason != "the team wrote to Acme 100% Inc. today (08:45 EST): the letter goes Thu 3 Dec 09:00 their time, not after a personal mail the same day" {
		t.Fatalf("the last look, the customer named with a %%: %v", err)
	}
	// The next day it goes.
	if why, err := r.job.Precheck(r.ctx, item, time.Date(2026, 12, 3, 9, 0, 0, 0, ny)); why != "" || err != nil {
		t.Fatalf("the last look the next day: %q %v; want it sent", why, err)
	}
	// On the month's last working day, it is not sent.
	why, err = r.job.Precheck(r.ctx, item, time.Date(2026, 12, 31, 11, 0, 0, 0, ny))
	if err != nil || why != "" {
		t.Fatalf("31 December, before Lily writes again: %q %v; want it sent", why, err)
	}
	r.ownMail("own-2", "Re: panels", time.Date(2026, 12, 31, 10, 0, 0, 0, ny), 2, "Dear Bob,\n\nthanks.\n\nLily Chen", false)
	why, err = r.job.Precheck(r.ctx, item, time.Date(2026, 12, 31, 11, 0, 0, 0, ny))
	if want := "the team wrote to Acme 100% Inc. on 2026-12-31 (10:00 EST), the last working day of the letter's month: it is not sent, not after a personal mail the same day"; err != nil || why != want {
		t.Fatalf("31 December after Lily's mail: %q %v; want %q", why, err, want)
	}
}

// skip_if_written_within is asked again at the last look: Lily writes to
// Bob on 1 December after his letter was queued, and the letter, still
// waiting the next morning, is not sent.
func TestTheLastLookSkipsALetterWrittenToWithin(t *testing.T) {
	r, item := queuedDecemberLetter(t, "Bob Smith")
	ny, _ := time.LoadLocation(usBuyer.tz)
	r.cfg.SkipIfWrittenWithin = 7 * 24 * time.Hour
	r.start(decemberLetter)
	look := time.Date(2026, 12, 2, 9, 30, 0, 0, ny)
	if why, err := r.job.Precheck(r.ctx, item, look); why != "" || err != nil {
		t.Fatalf("the last look with no mail of Lily's: %q %v; want it sent", why, err)
	}
	written := time.Date(2026, 12, 1, 20, 0, 0, 0, ny)
	if !written.After(item.CreatedAt) {
		t.Fatalf("the letter was queued at %s, after Lily's mail", item.CreatedAt.In(ny))
	}
	r.ownMail("own-1", "Re: panels", written, 1, "Dear Bob,\n\nthe panels ship on Friday.\n\nBest regards\nLily Chen", false)
	why, err := r.job.Precheck(r.ctx, item, look)
	if want := "not sent: written to on 2026-12-01 (within 7d)"; err != nil || why != want {
		t.Fatalf("the last look after Lily's mail of 1 December: %q %v; want %q", why, err, want)
	}
}

// The server was down over New Year: Bob's December letter is looked at
// on 2 January, after Lily answered him at 08:45. It is not sent because
// its month ended, and says so: not that 2 January was "the last working
// day of the letter's month", nor that Bob was written to within
// skip_if_written_within.
func TestALetterLookedAtAfterItsMonthSaysItsMonthEnded(t *testing.T) {
	r, item := queuedDecemberLetter(t, "Bob Smith")
	ny, _ := time.LoadLocation(usBuyer.tz)
	r.ownMail("own-1", "Re: panels", time.Date(2027, 1, 2, 8, 45, 0, 0, ny), 1,
		"Dear Bob,\n\nthe panels ship on Monday.\n\nBest regards\nLily Chen", false)
	const want = "the letter's month (2026-12) ended in the customer's time (America/New_York) before it could go inside their send window"
	look := time.Date(2027, 1, 2, 9, 30, 0, 0, ny)
	if why, err := r.job.Precheck(r.ctx, item, look); err != nil || why != want {
		t.Fatalf("the last look on 2 January after Lily's mail: %q %v; want %q", why, err, want)
	}
	r.cfg.SkipIfWrittenWithin = 7 * 24 * time.Hour
	r.start(decemberLetter)
	if why, err := r.job.Precheck(r.ctx, item, look); err != nil || why != want {
		t.Fatalf("the same with skip_if_written_within: %q %v; want %q", why, err, want)
	}
}
