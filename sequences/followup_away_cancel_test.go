package sequences_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// awayFromDesk makes w's job read absences from the desk (and Lily's mail).
func awayFromDesk(w *fuWorld) {
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Away = sequences.NewAway(sequences.AwayConfig{Salespeople: map[string]bool{"lily@seller.example": true},
			People: map[string]string{"lily@seller.example": "lily@seller.example"}}, w.db)
	})
}

// Lily enters 4-12 November on the desk; her resend due on 5 November
// waits for the 12th. The trip is called off and she cancels the absence
// on the 6th: the step goes that day, not on the old return date.
func TestCancelledAbsenceBringsTheStepBack(t *testing.T) {
	w := newFUWorld(t, "A")
	awayFromDesk(w)
	ctx := context.Background()
	w.run(day0.Add(time.Minute))
	ab, err := w.db.AddAbsence(ctx, keepwarm.Absence{Person: "lily@seller.example", From: day0.AddDate(0, 0, 2), Until: day0.AddDate(0, 0, 10)}, "lily@seller.example", day0)
	if err != nil {
		t.Fatal(err)
	}
	w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
	if e := w.enrollment(); len(w.outbox()) != 0 || !strings.Contains(e.Reason, "is away (desk) until") || e.DueAt.Before(day0.AddDate(0, 0, 10)) {
		t.Fatalf("while away: %d items, due %s, %q", len(w.outbox()), e.DueAt, e.Reason)
	}
	cancel := day0.AddDate(0, 0, 4).Add(time.Hour) // Friday 6 November, 10:06 Berlin
	if _, err := w.db.CancelAbsence(ctx, ab.ID, "lily@seller.example", cancel); err != nil {
		t.Fatal(err)
	}
	w.run(cancel.Add(time.Minute))
	if items := w.outbox(); len(items) != 1 {
		e := w.enrollment()
		t.Fatalf("after the cancel: %d items; enrollment due %s, %q", len(items), e.DueAt, e.Reason)
	}
}

// A step queued before the absence is held until the return date; when
// the absence is cancelled, the next run makes it due again at once, and
// it is no longer held.
func TestCancelledAbsenceFreesAHeldStep(t *testing.T) {
	w := newFUWorld(t, "A")
	awayFromDesk(w)
	ctx := context.Background()
	w.run(day0.Add(time.Minute))
	due := day0.AddDate(0, 0, 3)
	w.run(due)
	items := w.outbox()
	if len(items) != 1 {
		t.Fatalf("%d items queued before the absence", len(items))
	}
	from := due.Add(time.Hour)
	ab, err := w.db.AddAbsence(ctx, keepwarm.Absence{Person: "lily@seller.example", From: from, Until: from.AddDate(0, 0, 7)}, "lily@seller.example", from)
	if err != nil {
		t.Fatal(err)
	}
	h, err := w.job.Hold(ctx, items[0], from.Add(time.Minute))
	if err != nil || h == nil {
		t.Fatalf("Hold while away: %+v %v", h, err)
	}
	if err := w.db.HoldOutbox(ctx, items[0].ID, h.Until, "held: "+h.Reason); err != nil {
		t.Fatal(err)
	}
	cancel := from.Add(2 * time.Hour)
	if _, err := w.db.CancelAbsence(ctx, ab.ID, "lily@seller.example", cancel); err != nil {
		t.Fatal(err)
	}
	w.run(cancel)
	it := w.outbox()[0]
	if it.NextAttemptAt.After(cancel) {
		t.Fatalf("after the cancel the item still waits until %s (%q)", it.NextAttemptAt, it.LastError)
	}
	if h, err := w.job.Hold(ctx, it, cancel); h != nil || err != nil {
		var hold *keepwarm.Hold
		if errors.As(err, &hold) {
			t.Fatalf("still held: %+v", hold)
		}
		t.Fatalf("Hold after the cancel: %+v %v", h, err)
	}
}

// A letter held because its sender was away (desk, 6-20 November) is
// looked at again by the greetings' next run once the absence is
// cancelled, not on the 20th.
func TestCancelledAbsenceFreesAHeldLetter(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	r, letter, _ := queuedLetter(t)
	r.cfg.Away = sequences.NewAway(sequences.AwayConfig{Salespeople: map[string]bool{lily: true}}, r.db)
	r.start(nil)
	at := time.Date(2026, 11, 6, 10, 20, 0, 0, berlin)
	back := time.Date(2026, 11, 20, 0, 0, 0, 0, berlin)
	ab, err := r.db.AddAbsence(r.ctx, keepwarm.Absence{Person: lily, From: at.Add(-time.Hour), Until: back}, lily, at)
	if err != nil {
		t.Fatal(err)
	}
	letter.MessageID, letter.Mailbox, letter.CreatedAt = "letter-1@seller.example", "lily", at
	letter.From, letter.To = keepwarm.Address{Email: lily}, []keepwarm.Address{{Email: deBuyer.email}}
	it, _, err := r.db.Enqueue(r.ctx, letter)
	if err != nil {
		t.Fatal(err)
	}
	reason, err := r.job.Precheck(r.ctx, it, at)
	var hold *keepwarm.Hold
	if reason != "" || !errors.As(err, &hold) || !hold.Until.Equal(back) {
		t.Fatalf("precheck while away: %q %v", reason, err)
	}
	if err := r.db.HoldOutbox(r.ctx, it.ID, hold.Until, "held: "+hold.Reason); err != nil {
		t.Fatal(err)
	}
	cancel := at.Add(time.Hour)
	if _, err := r.db.CancelAbsence(r.ctx, ab.ID, lily, cancel); err != nil {
		t.Fatal(err)
	}
	if _, err := r.job.Run(r.ctx, cancel); err != nil {
		t.Fatal(err)
	}
	items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{})
	if err != nil || len(items) != 1 || items[0].NextAttemptAt.After(cancel) {
		t.Fatalf("after the cancel: %+v %v", items, err)
	}
}

// The sequence's call task falls due while Lily is away: it waits for her
// like the mails do, with the same reason, and is given to her when she is
// back, not left on her desk out of her backup's reach.
func TestCallTaskWaitsWhileTheOwnerIsAway(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	back := day0.AddDate(0, 0, 14)
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Away = sequences.NewAway(sequences.AwayConfig{Salespeople: map[string]bool{"lily@seller.example": true},
			Configured: []keepwarm.Absence{{Person: "lily@seller.example", From: day0.AddDate(0, 0, 9), Until: back, Source: keepwarm.AwayConfig}}}, w.db)
	})
	w.run(day0.Add(time.Minute))
	for _, d := range []int{3, 7} {
		w.run(day0.AddDate(0, 0, d))
		w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
	}
	w.run(day0.AddDate(0, 0, 10))
	if tasks, _ := w.db.ListTasks(ctx, false, "lily@seller.example"); len(tasks) != 0 {
		t.Fatalf("a call task for Lily while she is away: %+v", tasks)
	}
	if e := w.enrollment(); !strings.Contains(e.Reason, "lily@seller.example is away (config) until") || e.DueAt.Before(back) {
		t.Fatalf("enrollment while away: due %s, %q", e.DueAt, e.Reason)
	}
	w.run(w.enrollment().DueAt)
	if tasks, _ := w.db.ListTasks(ctx, false, "lily@seller.example"); len(tasks) != 1 {
		t.Fatalf("back: %d call tasks, want 1", len(tasks))
	}
}
