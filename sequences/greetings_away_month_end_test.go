package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Thursday 31 December is the last working day of Bob's December letter,
// which waited, and Lily wrote to Bob that morning: the letter waits for a
// next working day the month does not have, so it is missed. Lily's
// absence from that night until 11 January does not turn it into a letter
// that "waits until they are back" (judged in January, as if its month
// were January): the plan, /forecast and the digest keep the plan's own
// reason, and the forecast does not move it to her return day.
func TestALetterWaitingPastItsMonthIsNotJudgedForAnAbsenceInTheNextMonth(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.start(decemberLetter)
	ny, _ := time.LoadLocation(usBuyer.tz)
	r.ownMail("own-1", "Re: 60x60 panels", time.Date(2026, 12, 31, 9, 0, 0, 0, ny), 1,
		"Dear Bob,\n\nfor the 60x60 panels we can do 5 %.\n\nBest regards\nLily Chen", false)
	now := time.Date(2026, 12, 31, 9, 30, 0, 0, ny)
	l := letterPlan(t, r, "2026-12", now)
	if l.Status != sequences.PlanDue || !l.Latest.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, ny)) {
		t.Fatalf("the letter on 31 December: %s (latest %s) %q; want due until 1 January", l.Status, l.Latest, l.Reason)
	}
	// Missed: it reaches Bob on no day, so it counts against none of
	// his follow-up's days.
	if at, ok := l.CountsAt(now); ok || !l.MissedAt(now) {
		t.Fatalf("the letter counts at %s (%v), missed %v; want it missed, counted on no day", at, ok, l.MissedAt(now))
	}
	away := keepwarm.Absence{Person: lily, From: time.Date(2026, 12, 31, 23, 0, 0, 0, ny), Until: time.Date(2027, 1, 11, 8, 0, 0, 0, ny),
		Source: keepwarm.AwayDesk}
	roster := sequences.Roster{At: now, Absences: []keepwarm.Absence{away}}
	if held, until, why, ok := sequences.AwayAtLook(l, roster, now); ok {
		t.Errorf("the letter judged for Lily's January absence: held %v until %s, %q; want the plan's own reason", held, until, why)
	}
	items := []sequences.PlanItem{l}
	sequences.MarkAway(items, roster, now)
	if items[0].Status != l.Status || items[0].Reason != l.Reason || strings.Contains(items[0].Reason, "is away") {
		t.Errorf("the plan's letter after MarkAway: %s %q; want %s %q", items[0].Status, items[0].Reason, l.Status, l.Reason)
	}
}

// AwayVerdict takes a letter's month from the month it is for, not from
// its send time: the December letter judged at 1 January 00:00 (where a
// wait past its month ends) is not held until 11 January.
func TestAwayVerdictTakesALettersMonthFromItsMonth(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.start(decemberLetter)
	ny, _ := time.LoadLocation(usBuyer.tz)
	l := letterPlan(t, r, "2026-12", r.clock.Now())
	if l.Month != "2026-12" {
		t.Fatalf("the letter: %+v", l)
	}
	l.SendAt = time.Date(2027, 1, 1, 0, 0, 0, 0, ny)
	away := keepwarm.Absence{Person: lily, From: time.Date(2026, 12, 31, 23, 0, 0, 0, ny), Until: time.Date(2027, 1, 11, 8, 0, 0, 0, ny),
		Source: keepwarm.AwayDesk}
	held, until, why, ok := sequences.AwayVerdict(l, sequences.Roster{At: l.SendAt, Absences: []keepwarm.Absence{away}})
	if !ok || held || !strings.Contains(why, "not back before the letter's month ends") {
		t.Fatalf("the December letter at 1 January: held %v until %s, %q; want not sent", held, until, why)
	}
}
