package app

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// TestUndoneEditShowsTheNextStepOnTheCustomerPage: Hans's follow-up sent
// product-intro (step 2) as seq:E:1; the manager then gave that step
// another template (christmas), and the tick placed the follow-up back at
// step 2 under a fresh key, as stored here. She undoes the edit (the file
// is key-customer as shipped again). The daemon's next tick places the
// follow-up at product-intro again, which its mail already did: the
// customer page shows the call as the next step, due 3 days after that
// mail, not product-intro again. It showed product-intro, due 4 days
// later, which the tick would never send.
func TestUndoneEditShowsTheNextStepOnTheCustomerPage(t *testing.T) {
	const call = "task:Phone the customer: did our mail arrive, are they busy, did they choose another supplier?"
	t0 := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	w, _, _ := handEditableSequences(t, t0)
	ctx := context.Background()
	w.save("lily", keepwarm.Message{MessageID: "q-1@lumina-export.example", From: keepwarm.Address{Email: "lily@lumina-export.example"},
		To: []keepwarm.Address{hansMeier}, Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	sent := t0.AddDate(0, 0, 7)
	e, err := w.a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: msg.CustomerID, Sequence: "key-customer",
		Step: 1, Redo: 1, Plan: []string{"email:resend", "email:christmas", call}, Delays: []string{"3d", "4d", "3d"},
		Status: keepwarm.EnrollActive, Reason: "sequence key-customer changed under this follow-up after it did resend, product-intro; it goes on with step 2 (christmas)",
		AnchorID: msg.ID, AnchorAt: t0, ClockAt: sent, DueAt: sent.AddDate(0, 0, 4), Mailbox: "lily",
		Owner: "lily@lumina-export.example", To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: sent})
	if err != nil {
		t.Fatal(err)
	}
	one, enr := 1, e.ID
	a, _, err := w.a.DB.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:" + itoa(e.ID) + ":1", MessageID: "intro@lumina-export.example",
		Mailbox: "lily", From: keepwarm.Address{Email: "lily@lumina-export.example"}, To: []keepwarm.Address{hansMeier},
		Subject: "Our products", Text: "x", Mode: keepwarm.ModeSend, Status: keepwarm.OutboxQueued, NextAttemptAt: sent,
		CustomerID: msg.CustomerID, Origin: "sequence", Sequence: "key-customer", Step: &one, Enrollment: &enr,
		StepName: "email:product-intro", StepNth: 1, DueAt: sent, CreatedAt: sent})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := w.a.DB.Claim(ctx, a.ID, sent.Add(time.Hour)); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := w.a.DB.MarkSent(ctx, a.ID, sent.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	// The daemon's tick the morning after, with the edit undone.
	job, err := w.a.NewFollowUp(nil)
	if err != nil {
		t.Fatal(err)
	}
	now := sent.AddDate(0, 0, 1)
	if _, err := job.Run(ctx, now); err != nil {
		t.Fatal(err)
	}
	b, lily := lilysDesk(t, w)
	pg, err := b.Customer(ctx, lily, msg.CustomerID, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(pg.Enrollments) != 1 {
		t.Fatalf("the customer page lists %d follow-ups; want Hans's", len(pg.Enrollments))
	}
	callDue := sent.AddDate(0, 0, 3).Add(time.Hour)
	if r := pg.Enrollments[0]; r.Step != 2 || r.NextAt.After(callDue) {
		t.Errorf("the customer page's follow-up line: step %d next at %s (%q); want step 3, the call, by %s", r.Step+1, r.NextAt, r.Reason, callDue)
	}
}

// TestAFailedStepQueuedAtAnotherIndexIsTheOneTheDeskNames: Hans's
// follow-up queued product-intro as step 3 (a step before it, new-year,
// was still in key-customer then); the manager removed new-year, and the
// mail then failed: the follow-up failed naming step 2 (product-intro),
// one step past it. The customer page and the follow-up's view name step
// 2, offered again, not the call; they looked for the latest mail
// queued before step 3, new-year's (sent), and named the call, with no
// step to do again.
func TestAFailedStepQueuedAtAnotherIndexIsTheOneTheDeskNames(t *testing.T) {
	const call = "task:Phone the customer: did our mail arrive, are they busy, did they choose another supplier?"
	t0 := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	w, _, _ := handEditableSequences(t, t0)
	ctx := context.Background()
	w.save("lily", keepwarm.Message{MessageID: "q-1@lumina-export.example", From: keepwarm.Address{Email: "lily@lumina-export.example"},
		To: []keepwarm.Address{hansMeier}, Subject: "Quotation", SubjectKey: "quotation", Date: t0, Kind: keepwarm.KindOutbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{hansMeier}}, "")
	msg, err := w.a.DB.GetMessage(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	failed := t0.AddDate(0, 0, 10)
	e, err := w.a.DB.Enroll(ctx, keepwarm.Enrollment{ThreadID: msg.ThreadID, CustomerID: msg.CustomerID, Sequence: "key-customer",
		Step: 2, Redo: 1, Plan: []string{"email:resend", "email:product-intro", call}, Delays: []string{"3d", "4d", "3d"},
		Status: keepwarm.EnrollFailed, Reason: "step 2 could not be sent: 554 5.7.1 rejected; fix the cause, then resume or stop",
		AnchorID: msg.ID, AnchorAt: t0, ClockAt: failed, DueAt: failed, Mailbox: "lily",
		Owner: "lily@lumina-export.example", To: []keepwarm.Address{hansMeier}, CreatedAt: t0, UpdatedAt: failed})
	if err != nil {
		t.Fatal(err)
	}
	enr := e.ID
	var last keepwarm.OutboxItem
	for i, name := range []string{"email:resend", "email:new-year", "email:product-intro"} {
		step, at := i, t0.AddDate(0, 0, 3+i)
		it, _, err := w.a.DB.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:" + itoa(e.ID) + ":" + itoa(int64(i)), MessageID: itoa(int64(i)) + "@lumina-export.example",
			Mailbox: "lily", From: keepwarm.Address{Email: "lily@lumina-export.example"}, To: []keepwarm.Address{hansMeier},
			Subject: "Our products", Text: "x", Mode: keepwarm.ModeSend, Status: keepwarm.OutboxQueued, NextAttemptAt: at,
			CustomerID: msg.CustomerID, Origin: "sequence", Sequence: "key-customer", Step: &step, Enrollment: &enr,
			StepName: name, StepNth: 1, DueAt: at, CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := w.a.DB.Claim(ctx, it.ID, at); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
		if name == "email:product-intro" {
			err = w.a.DB.MarkFailed(ctx, it.ID, "554 5.7.1 rejected")
		} else {
			err = w.a.DB.MarkSent(ctx, it.ID, at)
		}
		if err != nil {
			t.Fatal(err)
		}
		last = it
	}
	now := failed.Add(time.Hour)
	b, lily := lilysDesk(t, w)
	pg, err := b.Customer(ctx, lily, msg.CustomerID, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(pg.Enrollments) != 1 || pg.Enrollments[0].Step != 1 {
		t.Fatalf("the customer page's follow-up lines: %+v; want Hans's, at step 2", pg.Enrollments)
	}
	v, _, err := b.Enrollment(ctx, lily, e.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if v.Again != 2 || v.AgainWhy != string(keepwarm.OutboxFailed) {
		t.Errorf("the follow-up's view: step %d again (%q); want step 2, failed (outbox %d)", v.Again, v.AgainWhy, last.ID)
	}
}
