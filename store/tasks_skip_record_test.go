package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"keepwarm"
)

// A Skip of a call whose key holds a call task closed by the customer's
// answer (answered_by -1 too, since 0267, for one answered before
// answered_by named the message) is no skip record: the store writes
// nothing, and its caller says the step was done meanwhile. It read -1
// alone as a skip record and wrote the follow-up moved on, while the
// caller told her nothing was skipped.
func TestSkipCallStepOverACallClosedByAnAnswerWritesNothing(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	save(t, db, at(msg("s1@acme.com"), "team", "INBOX", 1, t0))
	var thread, customer int64
	if err := db.r.QueryRow(`SELECT thread_id, customer_id FROM messages WHERE key = 's1@acme.com'`).Scan(&thread, &customer); err != nil {
		t.Fatal(err)
	}
	e, err := db.Enroll(ctx, keepwarm.Enrollment{ThreadID: thread, CustomerID: customer, Sequence: "default", Status: keepwarm.EnrollActive,
		Step: 1, AnchorAt: t0, ClockAt: t0, DueAt: t0.Add(time.Hour), To: []keepwarm.Address{{Email: "bob@acme.com"}}, CreatedAt: t0, UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	key := fmt.Sprintf("seq:%d:1", e.ID)
	if _, err := db.w.Exec(`INSERT INTO tasks (key, enrollment_id, customer_id, thread_id, owner, title, sequence, step, due_at, created_at, done_at, outcome, answered_by)
		VALUES (?, ?, ?, ?, 'lily@team.example', 'Phone the customer', 'default', 1, ?, ?, ?, 'no call needed: bob@acme.com answered on 2 Nov', -1)`,
		key, e.ID, customer, thread, t0.Unix(), t0.Unix(), t0.Add(time.Minute).Unix()); err != nil {
		t.Fatal(err)
	}
	moved := e
	moved.Step, moved.Reason = 2, "step 2 skipped by lily@team.example"
	got, saved, created, err := db.SkipCallStep(ctx, keepwarm.Task{Key: key, EnrollmentID: e.ID, CustomerID: customer, ThreadID: thread,
		Owner: "lily@team.example", Title: "Phone the customer", Sequence: "default", Step: 1, Outcome: "skipped by lily@team.example: no call made", CreatedAt: t0.Add(time.Hour)}, moved)
	if err != nil {
		t.Fatal(err)
	}
	if created || got.Outcome != "no call needed: bob@acme.com answered on 2 Nov" || saved.Rev != e.Rev {
		t.Errorf("SkipCallStep over an answered call: created %v, task %q, rev %d -> %d; want nothing written", created, got.Outcome, e.Rev, saved.Rev)
	}
	after, err := db.GetEnrollment(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Step != 1 || after.Rev != e.Rev {
		t.Errorf("the follow-up after it: step %d rev %d (%q); want step 2 of it untouched, rev %d", after.Step+1, after.Rev, after.Reason, e.Rev)
	}
}
