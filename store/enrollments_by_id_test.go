package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"keepwarm"
)

// EnrollmentsByID reads the follow-ups of many queued steps in one query:
// those asked for, each once, with its customer's key; an id with none is
// left out.
func TestEnrollmentsByID(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 1, t0))
	var thread, customer int64
	if err := db.r.QueryRow(`SELECT thread_id, customer_id FROM messages WHERE key = 'a1@acme.com'`).Scan(&thread, &customer); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, s := range []keepwarm.EnrollmentStatus{keepwarm.EnrollStopped, keepwarm.EnrollStopped, keepwarm.EnrollPaused} {
		e, err := db.Enroll(ctx, keepwarm.Enrollment{ThreadID: thread, CustomerID: customer, Sequence: "default", Status: s,
			AnchorAt: t0, ClockAt: t0, DueAt: t0.Add(time.Hour), To: []keepwarm.Address{{Email: "bob@acme.com"}}, CreatedAt: t0, UpdatedAt: t0})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	got, err := db.EnrollmentsByID(ctx, []int64{ids[2], ids[0], ids[2], 9999})
	if err != nil {
		t.Fatal(err)
	}
	var gotIDs []int64
	for _, e := range got {
		gotIDs = append(gotIDs, e.ID)
		if e.Customer == "" {
			t.Errorf("enrollment %d without its customer's key", e.ID)
		}
	}
	slices.Sort(gotIDs)
	if want := []int64{ids[0], ids[2]}; !slices.Equal(gotIDs, want) {
		t.Fatalf("EnrollmentsByID = %v, want %v", gotIDs, want)
	}
	if got, err := db.EnrollmentsByID(ctx, nil); err != nil || len(got) != 0 {
		t.Fatalf("no ids: %v %v", got, err)
	}
}
