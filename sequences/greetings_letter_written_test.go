package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// Lily answered Bob herself at 09:30 on the day his December letter is
// due (skip_if_written_within left at its default, off): the letter does
// not follow her personal mail that day. It waits for his next working
// day, the plan says why, and it goes then.
func TestTheLetterDoesNotFollowAPersonalMailTheSameDay(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.add(usBuyer)
	r.cfg.Occasions = nil // letters only
	r.start(decemberLetter)
	ny, _ := time.LoadLocation(usBuyer.tz)
	l := letterPlan(t, r, "2026-12", r.clock.Now())
	if l.SendAt.In(ny).Format("2006-01-02") != "2026-12-01" {
		t.Fatalf("the letter is planned for %s; want 1 December", l.SendAtLocal)
	}
	r.ownMail("own-1", "Re: 60x60 panels", time.Date(2026, 12, 1, 9, 0, 0, 0, ny), 1,
		"Dear Bob,\n\nfor the 60x60 panels we can do 5 %.\n\nBest regards\nLily Chen", false)
	r.clock.Set(l.SendAt)
	if _, err := r.job.Run(r.ctx, l.SendAt); err != nil {
		t.Fatal(err)
	}
	if got := letterPlan(t, r, "2026-12", l.SendAt); got.OutboxID != 0 ||
		got.Reason != "waits until 2026-12-02 09:00 EST: the team wrote to Acme Inc. today (09:00 EST): the letter does not follow a personal mail the same day" {
		t.Fatalf("the letter on the day of Lily's own mail: %q %q (outbox %d)", got.Status, got.Reason, got.OutboxID)
	}
	r.replay(time.Date(2026, 12, 2, 23, 0, 0, 0, time.UTC), 15*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Subject, "December news") || got[0].Date.In(ny).Format("2006-01-02") != "2026-12-02" {
		t.Fatalf("Bob's letters: %+v; want the December letter on 2 December", got)
	}
}
