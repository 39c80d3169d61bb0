package sequences_test

import (
	"errors"
	"testing"
	"time"

	"keepwarm"
)

// bobsLetterBeforeHisBirthday is Bob's December letter queued on 1
// December, with his birthday, 2 December, entered in the book and
// greeted.
func bobsLetterBeforeHisBirthday(t *testing.T) (*greetRig, keepwarm.OutboxItem) {
	t.Helper()
	r, item := queuedDecemberLetter(t, "Bob Smith")
	if _, err := r.raw.Exec(`UPDATE contacts SET birthday = '1980-12-02' WHERE email = ?`, usBuyer.email); err != nil {
		t.Fatal(err)
	}
	r.cfg.Occasions = []string{"birthday"}
	r.start(decemberLetter)
	return r, item
}

// Bob's December letter, held at its last look (an answer awaited, a
// follow-up), is let go on 2 December, his birthday: it does not go the
// morning his birthday greeting does, but the next working day.
func TestTheLastLookHoldsALetterOnTheDayOfAGreeting(t *testing.T) {
	r, item := bobsLetterBeforeHisBirthday(t)
	ny, _ := time.LoadLocation(usBuyer.tz)
	why, err := r.job.Precheck(r.ctx, item, time.Date(2026, 12, 2, 9, 0, 0, 0, ny))
	var hold *keepwarm.Hold
	if why != "" || !errors.As(err, &hold) {
		t.Fatalf("the last look on Bob's birthday: %q %v; want a hold", why, err)
	}
	if want := time.Date(2026, 12, 3, 9, 0, 0, 0, ny); !hold.Until.Equal(want) ||
		hold.Reason != "bob@acme-us.com has a greeting from keepwarm today: the letter goes Thu 3 Dec 09:00 their time, one a day at most" {
		t.Fatalf("hold: %s %q; want until %s, Bob's greeting today", hold.Until.In(ny), hold.Reason, want)
	}
	if why, err := r.job.Precheck(r.ctx, item, time.Date(2026, 12, 3, 9, 0, 0, 0, ny)); why != "" || err != nil {
		t.Fatalf("the last look the next day: %q %v; want it sent", why, err)
	}
}

// Carried past the window's end on 1 December (the daily cap, the gap
// between sends), the letter waits for the window, not on 2 December,
// Bob's birthday, but on the 3rd.
func TestAWindowHoldPassesOverTheDayOfAGreeting(t *testing.T) {
	r, item := bobsLetterBeforeHisBirthday(t)
	ny, _ := time.LoadLocation(usBuyer.tz)
	why, err := r.job.Precheck(r.ctx, item, time.Date(2026, 12, 1, 17, 30, 0, 0, ny))
	var hold *keepwarm.Hold
	if why != "" || !errors.As(err, &hold) {
		t.Fatalf("the last look after the window: %q %v; want a hold", why, err)
	}
	if want := time.Date(2026, 12, 3, 9, 0, 0, 0, ny); !hold.Until.Equal(want) {
		t.Fatalf("hold: %s %q; want until %s, past Bob's birthday", hold.Until.In(ny), hold.Reason, want)
	}
}
