package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// TestLateSkipOfAMailItsLastLookPutBackSkipsTheStep: Lily's desk, open
// since before the send's last look, shows step 1's queued mail with
// Skip. Meanwhile she paused the follow-up, and the last look skipped the
// mail and put step 1 back, to be done again when it is resumed. Hans
// phones (he ordered) and she presses Skip on the page still open: the
// step itself is skipped, and after Resume no step-1 mail goes. The
// answer said "was skipped already: it does not go", and the step went
// after Resume. The same when the look put the step back because the
// follow-up's recipients changed, and the step was written again at once
// for them: the new mail is skipped (it went, to the new recipients).
func TestLateSkipOfAMailItsLastLookPutBackSkipsTheStep(t *testing.T) {
	t.Run("paused", func(t *testing.T) { lateSkipOfAPutBackStep(t, false) })
	t.Run("recipients changed", func(t *testing.T) { lateSkipOfAPutBackStep(t, true) })
}

func lateSkipOfAPutBackStep(t *testing.T, recipients bool) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	ctx := context.Background()
	w.save("lily", keepwarm.Message{MessageID: "q-1@lumina-export.example", From: keepwarm.Address{Email: "lily@lumina-export.example"},
		To: []keepwarm.Address{hansMeier}, Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	e, err := w.a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: msg.CustomerID, Sequence: "key-customer",
		Status: keepwarm.EnrollActive, AnchorID: msg.ID, AnchorAt: t0, ClockAt: t0, DueAt: t0.AddDate(0, 0, 3), Mailbox: "lily",
		Owner: "lily@lumina-export.example", To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	x, ok := w.runUntilQueued(t0.AddDate(0, 0, 3))
	if !ok || x.Step == nil || *x.Step != 0 {
		t.Fatalf("step 1 not queued: %+v", w.enrollments())
	}
	now := x.NextAttemptAt
	if recipients {
		cur, err := w.a.DB.GetEnrollment(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		cur.To = append(cur.To, keepwarm.Address{Name: "Anna Berg", Email: "anna.berg@globex.de"})
		if _, err := w.a.DB.UpdateEnrollment(ctx, cur); err != nil {
			t.Fatal(err)
		}
	} else if _, err := w.job.Pause(ctx, e.ID, time.Time{}, now.Add(-20*time.Minute)); err != nil {
		t.Fatal(err)
	}
	// The send's last look, as the dispatcher takes it.
	reason, err := w.job.Recheck(ctx, x, now)
	if err != nil || reason == "" {
		t.Fatalf("last look at the paused follow-up's mail: %q, %v; want it skipped", reason, err)
	}
	if err := w.a.DB.MarkSkipped(ctx, x.ID, reason); err != nil {
		t.Fatal(err)
	}
	if got, err := w.a.DB.GetEnrollment(ctx, e.ID); err != nil || got.RedoOf != x.ID || got.Step != 0 {
		t.Fatalf("after the last look: %+v, %v; want step 1 put back in place of outbox %d", got, err, x.ID)
	}

	b, lily := lilysDesk(t, w)
	late := now.Add(5 * time.Minute)
	var y keepwarm.OutboxItem // the step written again for the new recipients
	if recipients {
		if _, err := w.job.Run(ctx, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		items, err := w.a.DB.ListOutbox(ctx, keepwarm.OutboxFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.ID != x.ID && it.Step != nil && *it.Step == 0 && it.Status == keepwarm.OutboxQueued {
				y = it
			}
		}
		if y.ID == 0 {
			t.Fatalf("step 1 not written again for the new recipients: %+v", items)
		}
	}
	u, err := b.QueuedSend(ctx, lily, x.ID, late)
	if err != nil {
		t.Fatal(err)
	}
	if u.PutBack != 1 || u.Requeued != y.ID {
		t.Errorf("Skip's question on the mail the last look put back: put back %d, requeued %d; want step 1 put back, requeued %d", u.PutBack, u.Requeued, y.ID)
	}
	c, err := b.SkipSend(ctx, lily, x.ID, late)
	if err != nil {
		t.Fatalf("Skip on the page open since before the last look: %v; want its step skipped", err)
	}
	got, err := w.a.DB.GetEnrollment(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if recipients {
		if c.Action != "outbox.skip" || !strings.Contains(c.Subject, itoa(y.ID)) {
			t.Errorf("recorded as %+v; want outbox %d, the step written again, skipped", c, y.ID)
		}
		if it, err := w.a.DB.OutboxItem(ctx, y.ID); err != nil || it.Status != keepwarm.OutboxSkipped {
			t.Errorf("the step's mail for the new recipients after the late Skip: %+v, %v; want skipped", it, err)
		}
	} else {
		if c.Action != "enrollment.skip" || !strings.Contains(c.Before, "step 1") || !strings.Contains(c.After, "step 2") {
			t.Errorf("recorded as %+v; want the follow-up's step 1 skipped", c)
		}
		if got.Step != 1 || got.Status != keepwarm.EnrollPaused {
			t.Fatalf("after the late Skip: %+v; want paused at step 2", got)
		}
		if _, err := w.job.Resume(ctx, e.ID, late.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	for at := late.Add(time.Hour); at.Before(late.Add(24 * time.Hour)); at = at.Add(10 * time.Minute) {
		if _, err := w.job.Run(ctx, at); err != nil {
			t.Fatal(err)
		}
	}
	items, err := w.a.DB.ListOutbox(ctx, keepwarm.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Step != nil && *it.Step == 0 && it.Status != keepwarm.OutboxSkipped {
			t.Errorf("step 1 %s again after the late Skip and Resume: outbox %d %q", it.Status, it.ID, it.Subject)
		}
	}
}
