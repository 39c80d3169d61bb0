package sequences_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// countingGreetingStore is the real store, counting the greetings
// outbox's and the desk's absences' reads.
type countingGreetingStore struct {
	*store.DB
	outbox, desk int
}

func (c *countingGreetingStore) GreetingOutbox(ctx context.Context, keys []string) (map[string]keepwarm.OutboxItem, error) {
	c.outbox++
	return c.DB.GreetingOutbox(ctx, keys)
}

func (c *countingGreetingStore) DeskAbsences(ctx context.Context, now time.Time) ([]keepwarm.Absence, error) {
	c.desk++
	return c.DB.DeskAbsences(ctx, now)
}

// On the December letters' day, ten of Lily's letters are due and every
// contact has a Christmas greeting this month: planning the month reads
// the greetings outbox and the absence roster once or twice, not again
// for each letter (whether its contact has a greeting that day, whether
// Lily is away).
func TestPlanningDueLettersReadsTheOutboxAndTheRosterOnce(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"christmas"}, nil
	for i := range 10 {
		r.add(customer{key: fmt.Sprintf("domain:buyer%d.com", i), name: fmt.Sprintf("Buyer %d Inc.", i), grade: "A", country: "US",
			tz: "America/New_York", lang: "en", email: fmt.Sprintf("ann@buyer%d.com", i), contact: fmt.Sprintf("Ann Buyer%d", i)})
	}
	counting := &countingGreetingStore{DB: r.db}
	r.cfg.Away = sequences.NewAway(sequences.AwayConfig{Salespeople: map[string]bool{lily: true}}, counting)
	r.start(decemberLetter) // sets r.cfg.Letters
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	job, err := sequences.NewGreetings(r.cfg, counting, set, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	plan, err := job.PlanMonth(r.ctx, "2026-12", time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var day time.Time
	for _, it := range plan.Items {
		if it.Kind == sequences.OriginLetter && it.SendAt.After(day) {
			day = it.SendAt
		}
	}
	now := day.Add(time.Minute)
	counting.outbox, counting.desk = 0, 0
	if plan, err = job.PlanMonth(r.ctx, "2026-12", now); err != nil {
		t.Fatal(err)
	}
	due, greetings := 0, 0
	for _, it := range plan.Items {
		switch {
		case it.Kind == sequences.OriginLetter && it.Status == sequences.PlanDue:
			due++
		case it.Kind != sequences.OriginLetter && it.Status == sequences.PlanPlanned:
			greetings++
		}
	}
	if due != 10 || greetings != 10 {
		t.Fatalf("at %s: %d letters due, %d greetings planned; want 10 and 10", now.In(ny), due, greetings)
	}
	t.Logf("PlanMonth with %d due letters: %d greetings outbox reads, %d desk absence reads", due, counting.outbox, counting.desk)
	if counting.outbox > 2 || counting.desk > 2 {
		t.Errorf("PlanMonth with %d due letters read the greetings outbox %d times and the desk's absences %d times; want 2 at most each",
			due, counting.outbox, counting.desk)
	}
}
