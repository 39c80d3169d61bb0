package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Bob's letter is due on 1 December, but a follow-up step went to him
// that morning, so it waits until the 2nd; Lily is away from the 2nd to
// January. The plan's away verdict (greetings plan, /forecast, the
// digest) judges the letter when its wait ends, as its last look will:
// it is not sent in her name, not "goes on the 2nd".
func TestAwayVerdictJudgesADueLetterWhenItsWaitEnds(t *testing.T) {
	ny, _ := time.LoadLocation(usBuyer.tz)
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil
	r.cfg.Away = sequences.NewAway(sequences.AwayConfig{Configured: []keepwarm.Absence{{Person: lily,
		From: time.Date(2026, 12, 2, 0, 0, 0, 0, ny), Until: time.Date(2027, 1, 6, 8, 0, 0, 0, ny), Source: keepwarm.AwayConfig}},
		Salespeople: map[string]bool{lily: true}}, r.db)
	r.start(decemberLetter)
	r.automated("seq:7:1", usBuyer.email, time.Date(2026, 12, 1, 8, 30, 0, 0, ny))
	r.replay(time.Date(2026, 12, 1, 14, 0, 0, 0, ny), 10*time.Minute)
	now := r.clock.Now()
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", now)
	if err != nil {
		t.Fatal(err)
	}
	roster, _, err := r.job.AwayRoster(r.ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	var l *sequences.PlanItem
	for i := range plan.Items {
		if plan.Items[i].Kind == sequences.OriginLetter {
			l = &plan.Items[i]
		}
	}
	if l == nil || l.Status != sequences.PlanDue || !strings.Contains(l.Reason, "waits until 2026-12-02") {
		t.Fatalf("the letter before the away verdict: %+v, want due, waiting until 2 December", l)
	}
	sequences.MarkAway(plan.Items, roster, now)
	if want := "is away (config) and not back before the letter's month ends"; l.Status != sequences.PlanSkip || !strings.Contains(l.Reason, want) {
		t.Errorf("the letter: %s %q, want a skip saying %q", l.Status, l.Reason, want)
	}
}
