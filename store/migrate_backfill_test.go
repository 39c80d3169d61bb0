package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestMigrationSettlesSendsDealtWithBefore0258: a failed follow-up mail a
// person resumed (its step done again under a new key) or whose follow-up
// ended before migration 0258 recorded what became of such mail must not
// come back on the desk as needing someone, with "send it again by hand".
// What would still need a person stays: a failed mail whose step was not
// done again on a live follow-up, the mail of a follow-up still failed, and
// an uncertain mail of one replaced by another sequence (it may have gone
// out).
func TestMigrationSettlesSendsDealtWithBefore0258(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	day := now.Add(-72 * time.Hour).Unix()
	enroll := func(id int64, status, reason string, step int) {
		rollBack(t, db, `INSERT INTO enrollments(id, thread_id, customer_id, sequence, status, step, anchor_id, anchor_at, clock_at, due_at, reason, created_at, updated_at)
			VALUES (`+itoa(id)+`, `+itoa(id)+`, 1, 'standard', '`+status+`', `+itoa(int64(step))+`, 1, 0, 0, 0, '`+reason+`', 0, `+itoa(day+3600*id)+`)`)
	}
	item := func(id, enrollment int64, step int, status string, created int64) {
		rollBack(t, db, `INSERT INTO outbox(id, key, message_id, mailbox, from_email, mode, status, next_attempt_at, due_at, created_at, enrollment_id, step, last_error)
			VALUES (`+itoa(id)+`, 'k`+itoa(id)+`', 'm`+itoa(id)+`@x', 'lily', 'lily@x', 'send', '`+status+`', 0, 0, `+itoa(created)+`, `+itoa(enrollment)+`, `+itoa(int64(step))+`, '550 no')`)
	}
	enroll(1, "active", "resumed by a person", 2) // resumed: step 2 done again, sent
	item(1, 1, 1, "failed", day)
	item(2, 1, 1, "sent", day+600)
	enroll(2, "stopped", "stopped by a person", 1) // stopped after its failed step
	item(3, 2, 1, "failed", day)
	enroll(3, "replied", "bob@acme.com answered", 0)
	item(4, 3, 0, "uncertain", day)
	enroll(4, "superseded", "moved to sequence vip", 0) // an uncertain one may have gone out
	item(5, 4, 0, "uncertain", day)
	enroll(5, "failed", "step 1 failed", 0) // still waits for a person
	item(6, 5, 0, "failed", day)
	enroll(6, "active", "", 1) // failed, not done again: still needs someone
	item(7, 6, 0, "failed", day)
	enroll(7, "superseded", "moved to sequence vip", 0)
	item(8, 7, 0, "failed", day)
	rollBack(t, db, `DELETE FROM schema_migrations WHERE version = '0267_backfill_settled_answered'`)
	db.Close()
	db, err = Open(ctx, path, now)
	if err != nil {
		t.Fatalf("reopen applying 0267: %v", err)
	}
	t.Cleanup(func() { db.Close() })

	for _, c := range []struct {
		id   int64
		at   int64 // 0: not settled
		note string
	}{
		{1, day + 600, "step 2 was done again"},
		{2, 0, ""},
		{3, day + 3600*2, "the follow-up ended after step 2: stopped by a person"},
		{4, day + 3600*3, "the follow-up ended after step 1: bob@acme.com answered"},
		{5, 0, ""},
		{6, 0, ""},
		{7, 0, ""},
		{8, day + 3600*7, "the follow-up ended after step 1: moved to sequence vip"},
	} {
		var at sql.NullInt64
		var note string
		if err := db.r.QueryRowContext(ctx, `SELECT settled_at, settled FROM outbox WHERE id = ?`, c.id).Scan(&at, &note); err != nil {
			t.Fatal(err)
		}
		if at.Int64 != c.at || note != c.note {
			t.Errorf("item %d: settled %v %q after the upgrade; want %d %q", c.id, at, note, c.at, c.note)
		}
	}
}

// TestMigrationMarksCallTasksAnswerClosedBefore0252: call tasks keepwarm
// closed because the customer answered, before migration 0252 recorded the
// answer, are no calls made: the reports of calls leave them out. A call a
// person closed stays.
func TestMigrationMarksCallTasksAnswerClosedBefore0252(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	done := now.Add(-48 * time.Hour).Unix()
	for i, outcome := range []string{
		"no call needed: hans@buyer.de answered on 2026-12-03 09:00",
		"no call: hans@buyer.de asked for no more mail on 2026-12-03 09:00",
		"reached Hans: orders next week",
	} {
		rollBack(t, db, `INSERT INTO tasks(key, enrollment_id, customer_id, owner, title, sequence, step, due_at, created_at, done_at, outcome)
			VALUES ('seq:`+itoa(int64(i+1))+`:1', `+itoa(int64(i+1))+`, 1, 'lily@x', 'Call Hans', 'standard', 1, 0, 0, `+itoa(done)+`, '`+outcome+`')`)
	}
	rollBack(t, db, `DELETE FROM schema_migrations WHERE version = '0267_backfill_settled_answered'`)
	db.Close()
	db, err = Open(ctx, path, now)
	if err != nil {
		t.Fatalf("reopen applying 0267: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	got, err := db.DoneTasks(ctx, now.Add(-72*time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Outcome != "reached Hans: orders next week" {
		t.Errorf("calls done after the upgrade: %+v; want only the one a person made", got)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
