package sequences_test

import (
	"errors"
	"testing"
	"time"

	"keepwarm"
)

// On Wednesday 30 December Bob's birthday greeting is due, but the weekly
// cap is full (a mail on the 24th at 10:00, a follow-up step this
// morning): it waits until the 31st at 10:00, after its day, and is
// missed. His letter, held today by the same step, waits for the 31st:
// the missed greeting does not take that day, and the letter is not
// dropped as if the 30th were the month's last free day.
func TestAGreetingMissedPastItsDayTakesNoDayFromTheLetter(t *testing.T) {
	r, item := queuedDecemberLetter(t, "Bob Smith")
	ny, _ := time.LoadLocation(usBuyer.tz)
	if _, err := r.raw.Exec(`UPDATE contacts SET birthday = '1980-12-30' WHERE email = ?`, usBuyer.email); err != nil {
		t.Fatal(err)
	}
	r.cfg.Occasions = []string{"birthday"}
	r.start(decemberLetter)
	// The queued letter stays out of the steps' claims (as behind the
	// dispatcher's gap), then is queued again as it was.
	if _, err := r.raw.Exec(`UPDATE outbox SET due_at = ?1, next_attempt_at = ?1 WHERE id = ?2`, time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC).Unix(), item.ID); err != nil {
		t.Fatal(err)
	}
	r.automated("seq:7:1", usBuyer.email, time.Date(2026, 12, 24, 10, 0, 0, 0, ny))
	r.automated("seq:7:2", usBuyer.email, time.Date(2026, 12, 30, 8, 30, 0, 0, ny))
	if _, err := r.raw.Exec(`UPDATE outbox SET due_at = ?1, next_attempt_at = ?1 WHERE id = ?2`, item.DueAt.Unix(), item.ID); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 30, 11, 0, 0, 0, ny)
	why, err := r.job.Precheck(r.ctx, item, now)
	var hold *keepwarm.Hold
	if why != "" || !errors.As(err, &hold) {
		t.Fatalf("the letter's last look on 30 December: %q %v; want a hold until the 31st", why, err)
	}
	if got := hold.Until.In(ny).Format("2006-01-02"); got != "2026-12-31" {
		t.Errorf("the letter is held until %s (%q); want 31 December", hold.Until.In(ny), hold.Reason)
	}
}
