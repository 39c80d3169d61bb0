package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Mail that arrived while Lily's customer was merged into Tom's, from her
// customer's contact, goes back with it when the merge is undone: the
// message (in a conversation of its own or in one the unmerge gives back),
// its reply clock, now Lily's to answer, and the follow-up started on it,
// paused, so Tom's name does not keep writing to Lily's customer.
func TestUnmergeGivesBackTheMailThatCameDuringTheMerge(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	const lily, tom = "lily@team.example", "tom@team.example"
	save(t, db,
		at(mail("old@x", "bob@acme.com", "pumps", t0), "team", "INBOX", 1, t0),
		at(mail("sue@x", "sue@acmeltd.com", "valves", t0), "team", "INBOX", 2, t0))
	drop, keep := customerOf(t, db, "old@x"), customerOf(t, db, "sue@x")
	for id, owner := range map[int64]string{keep: tom, drop: lily} {
		if _, err := db.w.Exec(`UPDATE customers SET owner = ? WHERE id = ?`, owner, id); err != nil {
			t.Fatal(err)
		}
	}
	merged := t0.Add(24 * time.Hour)
	if _, err := db.MergeCustomers(ctx, keep, drop, merged, "boss"); err != nil {
		t.Fatal(err)
	}
	since := merged.Add(24 * time.Hour)
	re := mail("re-old@x", "bob@acme.com", "re: pumps", since)
	re.InReplyTo = []string{"old@x"}
	re.References = []string{"old@x"}
	save(t, db,
		at(mail("new@x", "bob@acme.com", "motors", since), "team", "INBOX", 3, since),
		at(re, "team", "INBOX", 4, since.Add(time.Minute)),
		at(mail("sue2@x", "sue@acmeltd.com", "valves again", since), "team", "INBOX", 5, since))
	for _, k := range []string{"new@x", "re-old@x", "sue2@x"} {
		if got := customerOf(t, db, k); got != keep {
			t.Fatalf("%s during the merge: customer %d, want %d", k, got, keep)
		}
	}
	measure(t, db, since.Add(2*time.Minute))
	r, err := db.w.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at, owner)
		VALUES ((SELECT thread_id FROM messages WHERE key = 'new@x'), ?, 'follow-up', 'active', 0, 0, 0, 0, ?, ?, ?)`, keep, since.Unix(), since.Unix(), tom)
	if err != nil {
		t.Fatal(err)
	}
	enr, _ := r.LastInsertId()

	undone := since.Add(24 * time.Hour)
	res, err := db.UnmergeCustomer(ctx, drop, undone, "boss")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"new@x", "re-old@x"} {
		if got := customerOf(t, db, k); got != drop {
			t.Errorf("%s after the unmerge: customer %d, want %d (Lily's)", k, got, drop)
		}
		if n := count(t, db, `SELECT count(*) FROM threads t JOIN messages m ON m.thread_id = t.id WHERE m.key = ? AND t.customer_id = ?`, k, drop); n != 1 {
			t.Errorf("%s after the unmerge: its conversation is not Lily's customer's", k)
		}
	}
	if got := customerOf(t, db, "sue2@x"); got != keep {
		t.Errorf("Sue's mail after the unmerge: customer %d, want %d (Tom's)", got, keep)
	}
	measure(t, db, undone.Add(time.Minute))
	for _, k := range []string{"new@x", "re-old@x"} {
		c := clockOf(t, db, k)
		if c.CustomerID != drop || c.Owner != lily {
			t.Errorf("clock of %s: customer %d owner %q, want %d and %s", k, c.CustomerID, c.Owner, drop, lily)
		}
	}
	if c := clockOf(t, db, "sue2@x"); c.CustomerID != keep || c.Owner != tom {
		t.Errorf("clock of Sue's mail: customer %d owner %q, want %d and %s", c.CustomerID, c.Owner, keep, tom)
	}
	e, err := db.GetEnrollment(ctx, enr)
	if err != nil || e.CustomerID != drop || e.Status != keepwarm.EnrollPaused || !strings.Contains(e.Reason, "undone") {
		t.Fatalf("the follow-up started during the merge: %+v %v, want Lily's customer's and paused", e, err)
	}
	if !strings.Contains(strings.Join(res.Notes, "; "), "since the merge") {
		t.Errorf("notes %v, want them to say what came since the merge went back", res.Notes)
	}
}
