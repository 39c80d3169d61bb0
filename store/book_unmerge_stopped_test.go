package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A follow-up the merge stopped (the customer was handed to the kept
// customer's owner) comes back paused with a true reason when the merge is
// undone, so a person can resume it; one stopped for another reason stays.
func TestUnmergePausesTheFollowUpsTheMergeStopped(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db,
		at(mail("a1@x", "hans@globex.de", "LED panels", t0), "team", "INBOX", 1, t0),
		at(mail("b1@x", "ana@initech.com", "quotation", t0), "team", "INBOX", 2, t0),
		at(mail("b2@x", "ana@initech.com", "samples", t0), "team", "INBOX", 3, t0))
	keep, drop := customerOf(t, db, "a1@x"), customerOf(t, db, "b1@x")
	for id, owner := range map[int64]string{keep: "lily@t.com", drop: "tom@t.com"} {
		if _, err := db.w.Exec(`UPDATE customers SET owner = ? WHERE id = ?`, owner, id); err != nil {
			t.Fatal(err)
		}
	}
	var enr []int64
	for _, key := range []string{"b1@x", "b2@x"} {
		r, err := db.w.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at, owner)
			VALUES ((SELECT thread_id FROM messages WHERE key = ?), ?, 'follow-up', 'active', 0, 0, 0, 0, ?, ?, 'tom@t.com')`, key, drop, t0.Unix(), t0.Unix())
		if err != nil {
			t.Fatal(err)
		}
		id, _ := r.LastInsertId()
		enr = append(enr, id)
	}
	if _, err := db.MergeCustomers(ctx, keep, drop, t0.Add(time.Hour), "boss"); err != nil {
		t.Fatal(err)
	}
	// The next step stops one as the follow-up engine does; the other the
	// customer answered.
	stop := func(id int64, reason string) {
		if _, err := db.w.Exec(`UPDATE enrollments SET status = 'stopped', reason = ?, updated_at = ? WHERE id = ?`, reason, t0.Add(2*time.Hour).Unix(), id); err != nil {
			t.Fatal(err)
		}
	}
	stop(enr[0], "the customer was handed to lily@t.com on 2026-12-01: no follow-up in tom@t.com's name; lily@t.com can follow up in their own name")
	stop(enr[1], "answered")
	res, err := db.UnmergeCustomer(ctx, drop, t0.Add(3*time.Hour), "boss")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(res.Notes, "; "), "1 follow-up(s) of #2 that the merge stopped are paused") {
		t.Fatalf("notes: %v", res.Notes)
	}
	e, err := db.GetEnrollment(ctx, enr[0])
	if err != nil || e.Status != keepwarm.EnrollPaused || !strings.Contains(e.Reason, "stopped by the merge of #2 into #1, which was undone") || !e.PausedUntil.IsZero() {
		t.Fatalf("the follow-up the merge stopped: %+v %v", e, err)
	}
	if e, _ := db.GetEnrollment(ctx, enr[1]); e.Status != keepwarm.EnrollStopped || e.Reason != "answered" {
		t.Fatalf("the answered follow-up: %+v", e)
	}
}
