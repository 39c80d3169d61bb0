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

// A greeting to Hans was queued yesterday afternoon and is still waiting
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
		Key: "greet:hans:birthday", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
		Subject: "Happy birthday", Text: "Dear Hans, happy birthday.", Mode: keepwarm.ModeSend, Origin: "greeting",
		CustomerID: w.enrollment().CustomerID, DueAt: queued, CreatedAt: queued,
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

// Hans's monthly letter was queued three days before his resend falls due
// and still waits: his follow-up started after it was queued, so the last
// look holds the letter until the follow-up ends. The letter is not going,
// so the resend goes on its day rather than waiting, day after day, for a
// letter that waits for it.
func TestFollowUpStepDoesNotWaitForALetterHeldForTheFollowUp(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	e := w.enrollment()
	due := e.DueAt
	queued := due.AddDate(0, 0, -3)
	letter, _, err := w.db.Enqueue(ctx, keepwarm.OutboxItem{
		Key: "letter:2026-11:hans", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, To: []keepwarm.Address{{Email: "hans@buyer.de"}},
		Subject: "News from Bright LED", Text: "Dear Hans, our news this month.", Mode: keepwarm.ModeSend, Origin: "letter",
		CustomerID: e.CustomerID, DueAt: queued, CreatedAt: queued,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.HoldOutbox(ctx, letter.ID, due.Add(30*time.Minute), "a follow-up is running (enrollment 1): the letter waits for it to end"); err != nil {
		t.Fatal(err)
	}
	w.run(due)
	var steps int
	for _, o := range w.outbox() {
		if o.Origin == "sequence" {
			steps++
		}
	}
	if steps != 1 {
		t.Fatalf("%d follow-up steps queued on the due day, want 1; the enrollment says %q", steps, w.enrollment().Reason)
	}
}
