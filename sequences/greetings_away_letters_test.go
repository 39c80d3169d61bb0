package sequences_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Lily is away from 1 to 3 December, when her six December letters would
// start, two a day (letters_per_day = 2). They are not queued in her name
// while she is away (the plan says why), and on her first day back two go,
// not the whole pile of held letters at once.
func TestLettersHeldWhileTheSenderIsAwayStillGoLettersPerDay(t *testing.T) {
	ny, _ := time.LoadLocation(usBuyer.tz)
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil
	s := r.cfg.Senders[lily]
	s.LettersPerDay = 2
	r.cfg.Senders[lily] = s
	back := time.Date(2026, 12, 4, 8, 0, 0, 0, ny)
	r.cfg.Away = sequences.NewAway(sequences.AwayConfig{Configured: []keepwarm.Absence{{Person: lily,
		From: time.Date(2026, 11, 30, 0, 0, 0, 0, ny), Until: back, Source: keepwarm.AwayConfig}},
		Salespeople: map[string]bool{lily: true}}, r.db)
	for i := range 6 {
		c := usBuyer
		c.key = fmt.Sprintf("domain:buyer%d.example", i)
		c.name = fmt.Sprintf("Buyer %d Inc.", i)
		c.email = fmt.Sprintf("anna%d@buyer%d.example", i, i)
		c.contact = "Anna Jones"
		r.add(c)
	}
	r.start(decemberLetter)

	r.replay(time.Date(2026, 12, 3, 20, 0, 0, 0, ny), 30*time.Minute)
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range plan.Items {
		if it.Status == sequences.PlanDue && !strings.HasPrefix(it.Reason, lily+" is away (config) until Fri 4 Dec 08:00") {
			t.Errorf("a letter due while Lily is away says %q", it.Reason)
		}
	}
	r.replay(time.Date(2026, 12, 4, 20, 0, 0, 0, ny), 30*time.Minute)
	var going int
	if err := r.raw.Get(&going, `SELECT count(*) FROM outbox WHERE origin = 'letter' AND status <> 'skipped'`); err != nil {
		t.Fatal(err)
	}
	var sent int
	for i := range 6 {
		sent += r.sentTo(fmt.Sprintf("anna%d@buyer%d.example", i, i))
	}
	if going > 2 || sent > 2 || sent == 0 {
		t.Errorf("by the evening of Lily's first day back %d letters are queued or sent and %d went; want letters_per_day, 2", going, sent)
	}
}
