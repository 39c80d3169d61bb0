package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
)

// 0532 dates only the items a digest can still report, greetings and
// letters (not dry-run records) that ended in the last 40 days: an upgrade
// does not rewrite years of skipped and failed rows, bodies and all, in
// its one transaction.
func TestMigrationDatesOnlyRecentEndedGreetingsAndLetters(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	db, err := Open(ctx, path, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	// The migration runs by SQLite's clock: the rows' times are the wall
	// clock's.
	wall := time.Now().Unix()
	recent, old := wall-3*86400, wall-400*86400
	rows := []struct {
		key, origin, status string
		mode                keepwarm.SendMode
		at                  int64
		dated               bool
	}{
		{"greet:1:birthday:2026", "greeting", "skipped", keepwarm.ModeSend, recent, true},
		{"letter:1:2026-12", "letter", "failed", keepwarm.ModeSend, recent, true},
		{"greet:2:birthday:2026", "greeting", "skipped", keepwarm.ModeDryRun, recent, false},
		{"seq:1:1", "sequence", "skipped", keepwarm.ModeSend, recent, false},
		{"letter:1:2025-10", "letter", "uncertain", keepwarm.ModeSend, old, false},
		{"greet:3:birthday:2026", "greeting", "queued", keepwarm.ModeSend, recent, false},
	}
	for _, r := range rows {
		it := testItem(r.key, time.Unix(r.at, 0))
		it.Origin, it.Mode = r.origin, r.mode
		if _, _, err := db.Enqueue(ctx, it); err != nil {
			t.Fatal(err)
		}
		if _, err := db.w.ExecContext(ctx, `UPDATE outbox SET status = ?, created_at = ?, next_attempt_at = ?, ended_at = NULL WHERE key = ?`,
			r.status, r.at, r.at, r.key); err != nil {
			t.Fatal(err)
		}
	}
	// Back to the schema before 0532.
	for _, q := range []string{`DROP INDEX outbox_ended`,
		`DELETE FROM schema_migrations WHERE version = '0532_outbox_ended_index'`} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	db, err = Open(ctx, path, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("reopen applying 0532: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	for _, r := range rows {
		var got sql.NullInt64
		if err := db.r.Get(&got, `SELECT ended_at FROM outbox WHERE key = ?`, r.key); err != nil {
			t.Fatalf("%s: %v", r.key, err)
		}
		switch {
		case r.dated && (!got.Valid || got.Int64 != r.at):
			t.Errorf("%s: ended_at %+v after 0532; want %d", r.key, got, r.at)
		case !r.dated && got.Valid:
			t.Errorf("%s (%s, %s, %s): ended_at %d after 0532; want it left NULL", r.key, r.origin, r.mode, r.status, got.Int64)
		}
	}
}
