package sequences_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// greetReadCounter counts the customer book's reads of the greetings job:
// the whole book's, and one customer's.
type greetReadCounter struct {
	*store.DB
	whole, one int
}

func (s *greetReadCounter) GreetingRecipients(ctx context.Context) ([]keepwarm.Recipient, error) {
	s.whole++
	return s.DB.GreetingRecipients(ctx)
}

func (s *greetReadCounter) GreetingRecipientsOf(ctx context.Context, id int64) ([]keepwarm.Recipient, error) {
	s.one++
	return s.DB.GreetingRecipientsOf(ctx, id)
}

// The last look at a letter runs on the dispatcher's send path, once for
// every letter of the day: it reads the letter's customer, once, not the
// whole customer book (the plan's heaviest read) nor the same customer
// again for each rule.
func TestALettersLastLookReadsOneCustomerOnce(t *testing.T) {
	r, item := bobsLetterBeforeHisBirthday(t)
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	cs := &greetReadCounter{DB: r.db}
	job, err := sequences.NewGreetings(r.cfg, cs, set, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation(usBuyer.tz)
	if why, err := job.Precheck(r.ctx, item, time.Date(2026, 12, 3, 9, 0, 0, 0, ny)); why != "" || err != nil {
		t.Fatalf("the last look on 3 December: %q %v; want it sent", why, err)
	}
	if cs.whole != 0 || cs.one != 1 {
		t.Fatalf("the last look read the whole book %d times and the customer %d times; want 0 and 1", cs.whole, cs.one)
	}
}

// Lily stops Bob's birthday greeting (2 December) with "Don't send" on 1
// December: she will phone him. His letter, let go on the 2nd after a
// wait, is not held for a greeting that does not go.
func TestALetterIsNotHeldForAGreetingStoppedWithDontSend(t *testing.T) {
	r, item := bobsLetterBeforeHisBirthday(t)
	ny, _ := time.LoadLocation(usBuyer.tz)
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	key := ""
	for _, it := range plan.Items {
		if it.To.Email == usBuyer.email && it.Occasion == "birthday" {
			key = it.Key
		}
	}
	if key == "" {
		t.Fatalf("no birthday greeting to Bob in the plan: %+v", plan.Items)
	}
	if _, _, err := r.job.SkipPlanned(r.ctx, key, lily, time.Date(2026, 12, 1, 12, 0, 0, 0, ny), func(int64) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if why, err := r.job.Precheck(r.ctx, item, time.Date(2026, 12, 2, 9, 0, 0, 0, ny)); why != "" || err != nil {
		t.Fatalf("the last look on Bob's birthday, his greeting stopped: %q %v; want it sent", why, err)
	}
	// Carried past 1 December's window, it waits for the 2nd, not the 3rd.
	_, err = r.job.Precheck(r.ctx, item, time.Date(2026, 12, 1, 17, 30, 0, 0, ny))
	var hold *keepwarm.Hold
	if !errors.As(err, &hold) || !hold.Until.Equal(time.Date(2026, 12, 2, 9, 0, 0, 0, ny)) {
		t.Fatalf("the last look after 1 December's window: %v; want a hold until 2 December 09:00", err)
	}
}
