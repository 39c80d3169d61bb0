package store

import (
	"context"
	"testing"
	"time"
)

// A follow-up step's draft that may be in Drafts (given up as failed after
// its APPEND lost the answer) is settled off every list when the customer
// answers, and removal then finds it changed ("edited": every draft on
// Microsoft 365) or cannot expunge it ("kept"): it is listed on Lily's
// desk as a draft nobody should send, until she says she dealt with it.
func TestEndedStepDraftRemovalLeftIsOnTheDesk(t *testing.T) {
	for _, outcome := range []string{"edited", "kept: no UIDPLUS"} {
		t.Run(outcome, func(t *testing.T) {
			db, ctx := openTest(t), context.Background()
			const lily = "lily@seller.example"
			r, err := db.w.Exec(`INSERT INTO customers (key, name, owner, created_at) VALUES ('domain:buyer.de', 'Buyer', ?, ?)`, lily, t0.Unix())
			if err != nil {
				t.Fatal(err)
			}
			cust, _ := r.LastInsertId()
			if r, err = db.w.Exec(`INSERT INTO threads (customer_id, created_at) VALUES (?, ?)`, cust, t0.Unix()); err != nil {
				t.Fatal(err)
			}
			thread, _ := r.LastInsertId()
			if r, err = db.w.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at, owner)
				VALUES (?, ?, 'key-customer', 'replied', 0, 0, 0, 0, ?, ?, ?)`, thread, cust, t0.Unix(), t0.Unix(), lily); err != nil {
				t.Fatal(err)
			}
			enr, _ := r.LastInsertId()
			if r, err = db.w.Exec(`INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, due_at, created_at,
					customer_id, enrollment_id, append_lost, settled_at, settled, attempted_at)
				VALUES ('seq:1:2', 'step@seller', 'lily', ?, 'draft', 'failed', 0, 'sequence', 0, ?, ?, ?, 1, ?, 'the customer answered', ?)`,
				lily, t0.Unix(), cust, enr, t0.Add(time.Hour).Unix(), t0.Unix()); err != nil {
				t.Fatal(err)
			}
			id, _ := r.LastInsertId()
			if got, err := db.AnsweredDrafts(ctx, t0.Add(-time.Hour)); err != nil || len(got) != 1 || got[0].ID != id {
				t.Fatalf("the rig: drafts to remove %+v %v; want the step's %d", got, err, id)
			}
			now := t0.Add(2 * time.Hour)
			if err := db.SettleDraft(ctx, id, outcome, now); err != nil {
				t.Fatal(err)
			}
			v := Viewer{Email: lily}
			got, err := db.StaleDrafts(ctx, v, now.Add(-14*24*time.Hour))
			if err != nil || len(got) != 1 || got[0].ID != id {
				t.Fatalf("stale drafts on Lily's desk: %+v %v; want the step's %d, still in her Drafts", got, err, id)
			}
			if got, err := db.StaleDrafts(ctx, Viewer{Email: "tom@seller.example"}, now.Add(-14*24*time.Hour)); err != nil || len(got) != 0 {
				t.Fatalf("stale drafts on Tom's desk: %+v %v; want none", got, err)
			}
			if err := db.SettleOutbox(ctx, id, "dealt with by "+lily, now.Add(time.Minute)); err != nil {
				t.Fatalf("I dealt with it: %v", err)
			}
			if got, err := db.StaleDrafts(ctx, v, now.Add(-14*24*time.Hour)); err != nil || len(got) != 0 {
				t.Fatalf("stale drafts after she dealt with it: %+v %v; want none", got, err)
			}
			if err := db.SettleOutbox(ctx, id, "dealt with by "+lily, now.Add(2*time.Minute)); err == nil {
				t.Fatal("dealt with twice: want a conflict")
			}
		})
	}
}
