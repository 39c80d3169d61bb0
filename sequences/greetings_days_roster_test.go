package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

// countingAway is the real store, counting the roster's reads of the
// desk's absences.
type countingAway struct {
	*store.DB
	desk int
}

func (c *countingAway) DeskAbsences(ctx context.Context, now time.Time) ([]keepwarm.Absence, error) {
	c.desk++
	return c.DB.DeskAbsences(ctx, now)
}

// Asking whether Bob has a greeting on a day (each follow-up step asks,
// once per address) reads the absence roster once at most, not once for
// each of his greetings of the month (his birthday and Christmas).
func TestGreetingPlannedReadsTheAbsenceRosterOnce(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	bob := usBuyer
	bob.birthday = "1980-12-02"
	r.add(bob)
	r.cfg.Occasions = []string{"birthday", "christmas"}
	counting := &countingAway{DB: r.db}
	r.cfg.Away = sequences.NewAway(sequences.AwayConfig{Salespeople: map[string]bool{lily: true}}, counting)
	r.start(nil)
	now := r.clock.Now()
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", now)
	if err != nil {
		t.Fatal(err)
	}
	greetings := 0
	for _, it := range plan.Items {
		if it.Kind != sequences.OriginLetter && it.Status == sequences.PlanPlanned {
			greetings++
		}
	}
	if greetings < 2 {
		t.Fatalf("%d greetings planned for Bob in December, want his birthday and Christmas", greetings)
	}
	counting.desk = 0
	got, err := r.job.GreetingPlanned(r.ctx, 1, []string{usBuyer.email}, time.Date(2026, 12, 10, 0, 0, 0, 0, time.UTC), now)
	if err != nil || got {
		t.Fatalf("a greeting to Bob on 10 December: %v %v, want none", got, err)
	}
	if counting.desk > 1 {
		t.Errorf("the absence roster read %d times for one question, want once at most", counting.desk)
	}
}
