package sequences_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// pausedFollowUpRig is a rig of Bob's December letter (letters only)
// whose follow-up Lily paused on the desk until 1 March ("call me after
// Chinese New Year"), with the letter queued first when queued.
func pausedFollowUpRig(t *testing.T, queued bool) (*greetRig, keepwarm.OutboxItem, string) {
	t.Helper()
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.start(decemberLetter)
	var letter keepwarm.OutboxItem
	if queued {
		letter = r.queueOnly(time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC))
	}
	id := r.enroll(usBuyer.key, time.Date(2026, 11, 30, 15, 0, 0, 0, time.UTC))
	until := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	if _, err := r.raw.Exec(`UPDATE enrollments SET status = 'paused', paused_until = ?, paused_by_person = 1, reason = 'paused by a person' WHERE id = ?`,
		until.Unix(), id); err != nil {
		t.Fatal(err)
	}
	return r, letter, "a follow-up is paused until 2027-02-28 19:00 EST (enrollment " + strconv.FormatInt(id, 10) + ")"
}

// Acme's follow-up is paused: its steps do not go. The December letter
// still waits for it, but the plan and the missed letter say the
// follow-up is paused, and until when, never that it is running.
func TestTheLetterPlanNamesAPausedFollowUpAsPaused(t *testing.T) {
	r, _, paused := pausedFollowUpRig(t, false)
	if l := letterPlan(t, r, "2026-12", time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)); l.Reason != paused+": the letter waits for it to end" {
		t.Errorf("the plan: %s %q, want %q", l.Status, l.Reason, paused+": the letter waits for it to end")
	}
	want := "not sent: " + paused + ": the letter waits for it to end, and it stayed paused until the month ended"
	if l := letterPlan(t, r, "2026-12", time.Date(2027, 1, 2, 15, 0, 0, 0, time.UTC)); l.Status != "missed" || l.Reason != want {
		t.Errorf("the plan after the month: %s %q, want missed %q", l.Status, l.Reason, want)
	}
}

// The letter was queued before the follow-up was paused: its last look
// says the same.
func TestTheLettersLastLookNamesAPausedFollowUpAsPaused(t *testing.T) {
	r, letter, paused := pausedFollowUpRig(t, true)
	want := paused + ": the letter waits for it to end"
	_, err := r.job.Precheck(r.ctx, letter, time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC))
	var hold *keepwarm.Hold
	if !errors.As(err, &hold) || hold.Reason != want {
		t.Errorf("the last look: %v, want held: %q", err, want)
	}
	reason, err := r.job.Precheck(r.ctx, letter, time.Date(2027, 1, 1, 4, 50, 0, 0, time.UTC))
	if err != nil || reason != "not sent: "+want+", and it stayed paused until the month ended" {
		t.Errorf("the last look at the month's end: %q %v", reason, err)
	}
}

// Paused with no end given: the plan says paused, with no date.
func TestTheLetterPlanNamesAPauseWithNoEnd(t *testing.T) {
	r, _, _ := pausedFollowUpRig(t, false)
	if _, err := r.raw.Exec(`UPDATE enrollments SET paused_until = NULL`); err != nil {
		t.Fatal(err)
	}
	want := "a follow-up is paused (enrollment 1): the letter waits for it to end"
	if l := letterPlan(t, r, "2026-12", time.Date(2026, 12, 2, 15, 0, 0, 0, time.UTC)); l.Reason != want {
		t.Errorf("the plan: %s %q, want %q", l.Status, l.Reason, want)
	}
}
