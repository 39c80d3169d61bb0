package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A follow-up step due on a day its recipient already had a mail from
// keepwarm (a birthday greeting that morning) waits for the next day: one
// a day at most, though the weekly cap has room.
func TestFollowUpStepWaitsADayAfterAGreeting(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	due := w.enrollment().DueAt
	greeted := due.Add(-2 * time.Hour)
	it, _, err := w.db.Enqueue(ctx, keepwarm.OutboxItem{
		Key: "greeting:birthday:hans", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
		Subject: "Happy birthday, Hans!", Text: "Dear Hans, happy birthday!", Mode: keepwarm.ModeSend, Origin: "greeting",
		DueAt: greeted, CreatedAt: greeted,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.ClaimDue(ctx, greeted, 10); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkSent(ctx, it.ID, greeted); err != nil {
		t.Fatal(err)
	}

	w.run(due)
	e := w.enrollment()
	for _, o := range w.outbox() {
		if o.Origin == "sequence" {
			t.Fatalf("a follow-up step was queued the day of the greeting: %+v", o)
		}
	}
	next := time.Date(due.In(berlin).Year(), due.In(berlin).Month(), due.In(berlin).Day()+1, 0, 0, 0, 0, berlin)
	if e.DueAt.Before(next) || !strings.Contains(e.Reason, "already had a mail from keepwarm today") {
		t.Fatalf("the step: due %s, reason %q; want the next day (from %s) and why", e.DueAt, e.Reason, next)
	}
	w.run(e.DueAt)
	var steps int
	for _, o := range w.outbox() {
		if o.Origin == "sequence" {
			steps++
		}
	}
	if steps != 1 {
		t.Fatalf("%d follow-up steps queued the next day, want 1", steps)
	}
}

// A letter to Hans was queued yesterday afternoon and is still waiting
// (the mailbox's daily cap was reached). His resend falls due this
// morning: it waits for the day after, so the two do not both go this
// morning.
func TestFollowUpStepWaitsADayForAMailStillWaitingFromYesterday(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	due := w.enrollment().DueAt
	queued := due.Add(-20 * time.Hour)
	if _, _, err := w.db.Enqueue(ctx, keepwarm.OutboxItem{
		Key: "letter:2026-11:hans", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
		Subject: "News from Bright LED", Text: "Dear Hans, our news this month.", Mode: keepwarm.ModeSend, Origin: "letter",
		DueAt: queued, CreatedAt: queued,
	}); err != nil {
		t.Fatal(err)
	}
	w.run(due)
	for _, o := range w.outbox() {
		if o.Origin == "sequence" {
			t.Fatalf("a follow-up step was queued beside a mail still waiting to go: %+v", o)
		}
	}
	e := w.enrollment()
	next := time.Date(due.In(berlin).Year(), due.In(berlin).Month(), due.In(berlin).Day()+1, 0, 0, 0, 0, berlin)
	if e.DueAt.Before(next) || !strings.Contains(e.Reason, "waiting to go") {
		t.Fatalf("the step: due %s, reason %q; want the next day (from %s) and why", e.DueAt, e.Reason, next)
	}
}
