package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Lily is away from 20 December until 8 January and Bob's December letter
// has not gone by the 20th: the plan says then that it is not sent in her
// name while she is away, and after the month it says so again, never
// "was keepwarm running?".
func TestALetterHeldByItsSendersAbsenceIsNotReportedAsMissedByAStop(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	ny, _ := time.LoadLocation(usBuyer.tz)
	away := keepwarm.Absence{Person: lily, From: time.Date(2026, 12, 20, 0, 0, 0, 0, ny), Until: time.Date(2027, 1, 8, 8, 0, 0, 0, ny), Source: keepwarm.AwayConfig}
	r.cfg.Away = sequences.NewAway(sequences.AwayConfig{Configured: []keepwarm.Absence{away}, Salespeople: map[string]bool{lily: true}}, r.db)
	r.start(decemberLetter)
	at := time.Date(2026, 12, 21, 10, 0, 0, 0, ny)
	if l := letterPlan(t, r, "2026-12", at); !strings.Contains(l.Reason, lily+" is away (config)") || !strings.Contains(l.Reason, "not back before the letter's month ends") {
		t.Errorf("the letter on 21 December: %s %q", l.Status, l.Reason)
	}
	l := letterPlan(t, r, "2026-12", time.Date(2027, 1, 2, 10, 0, 0, 0, ny))
	if !strings.Contains(l.Reason, lily+" was away (config)") || strings.Contains(l.Reason, "was keepwarm running") {
		t.Fatalf("the letter on 2 January: %s %q", l.Status, l.Reason)
	}
}

// Lily wrote to Bob on 31 December, the last working day of his December
// letter, which waited for that: after the month the plan says so, not
// "was keepwarm running?".
func TestALetterHeldByAPersonalMailOnItsLastDayIsNotReportedAsMissedByAStop(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.start(decemberLetter)
	ny, _ := time.LoadLocation(usBuyer.tz)
	r.ownMail("own-1", "Re: 60x60 panels", time.Date(2026, 12, 31, 9, 0, 0, 0, ny), 1,
		"Dear Bob,\n\nfor the 60x60 panels we can do 5 %.\n\nBest regards\nLily Chen", false)
	l := letterPlan(t, r, "2026-12", time.Date(2027, 1, 2, 10, 0, 0, 0, ny))
	if !strings.Contains(l.Reason, "the team wrote to Acme Inc. on the last working day") || strings.Contains(l.Reason, "was keepwarm running") {
		t.Fatalf("the letter on 2 January: %s %q", l.Status, l.Reason)
	}
}
