package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// rollBack runs statements that put a database back in the state an
// earlier build left it in.
func rollBack(t *testing.T, db *DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := db.w.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestMigrationAfterFirst0265: for a few minutes of 5 December 2026 the
// migration numbered 0265 was 0265_tasks_enrollment, which made the index
// tasks_enrollment alone; 0265_followup_indexes replaced it and makes the
// same index and one more. A database that ran the first must still open,
// and gets the index it lacks.
func TestMigrationAfterFirst0265(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	rollBack(t, db, `DROP INDEX outbox_enrollment`,
		`DELETE FROM schema_migrations WHERE version = '0265_followup_indexes'`,
		`INSERT INTO schema_migrations(version, applied_at) VALUES ('0265_tasks_enrollment', 0)`)
	db.Close()
	db, err = Open(ctx, path, now)
	if err != nil {
		t.Fatalf("reopen a database that ran the first 0265: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	for _, name := range []string{"tasks_enrollment", "outbox_enrollment"} {
		var n int
		if err := db.r.Get(&n, `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?`, name); err != nil || n != 1 {
			t.Errorf("index %s: %d (%v) after the upgrade; want it there", name, n, err)
		}
	}
}

// TestMigrationNamesShipped: a database in the field has every migration
// name it ran recorded. A migration file that disappears or changes its
// name makes the next build run its replacement on a database that has
// it already (0244->0245, 0265): each name ever shipped must stay a file,
// or be mapped in renamedMigrations or retiredMigrations.
func TestMigrationNamesShipped(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "migrations_shipped.txt"))
	if err != nil {
		t.Fatal(err)
	}
	shipped := map[string]bool{}
	for line := range strings.Lines(string(raw)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			shipped[line] = true
		}
	}
	files := map[string]bool{}
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	for _, name := range names {
		files[strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")] = true
	}
	old := map[string]bool{}
	for now, was := range renamedMigrations {
		old[was] = true
		if !files[now] {
			t.Errorf("renamedMigrations maps %s to %s, which is no file", was, now)
		}
	}
	for was, by := range retiredMigrations {
		old[was] = true
		if !files[by] {
			t.Errorf("retiredMigrations replaces %s by %s, which is no file", was, by)
		}
	}
	for name := range shipped {
		if !files[name] && !old[name] {
			t.Errorf("migration %s was shipped and is gone: databases that ran it have it recorded; keep the file, or map it in renamedMigrations (same work, new name) or retiredMigrations (replaced by one that is safe to run after it)", name)
		}
	}
	for name := range files {
		if !shipped[name] {
			t.Errorf("migration %s is not in testdata/migrations_shipped.txt: add it there", name)
		}
	}
}

// TestMigrationNewerDatabaseRefused: a database a newer keepwarm migrated
// holds data whose meaning this build does not know (an older build would
// list settled sends again, or place follow-ups by bare step index): Open
// refuses it, naming the migrations it does not know, and changes nothing.
func TestMigrationNewerDatabaseRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	rollBack(t, db, `INSERT INTO schema_migrations(version, applied_at) VALUES ('9999_future', 0), ('9998_later', 0)`,
		`ALTER TABLE away_returns DROP COLUMN ended`,
		`DELETE FROM schema_migrations WHERE version = '0266_away_returns_ended'`)
	db.Close()
	db, err = Open(ctx, path, now)
	if err == nil {
		db.Close()
		t.Fatal("a database upgraded by a newer keepwarm opened")
	}
	for _, want := range []string{path, "newer keepwarm", "9998_later, 9999_future", "backup"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	// Nothing ran: the migration this build has and the database lacks
	// waits for a build that knows the database.
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = '0266_away_returns_ended'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("0266 recorded %d times (%v) on a refused database; want it left alone", n, err)
	}
}

// upgradeWith makes a database the build before 0286_upgrade_backfills
// left, then opens it with the shipped migrations and one more, name.sql
// holding body: an upgrade of two migrations in one transaction. It
// returns the database's path and the error of that open (a database that
// opened is closed).
func upgradeWith(t *testing.T, now time.Time, name, body string) (string, error) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	rollBack(t, db, `DELETE FROM schema_migrations WHERE version = '0286_upgrade_backfills'`)
	db.Close()

	files := fstest.MapFS{"migrations/" + name + ".sql": {Data: []byte(body)}}
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	for _, shipped := range names {
		data, _ := migrationFS.ReadFile(shipped)
		files[shipped] = &fstest.MapFile{Data: data}
	}
	migrationFiles = files
	defer func() { migrationFiles = migrationFS }()
	db, err = Open(ctx, path, now)
	if err == nil {
		db.Close()
	}
	return path, err
}

// TestMigrationFailingLeavesTheDatabaseAsItWas: an upgrade whose second
// migration fails (on the customer's rows, a full disk) applies none of
// them: the database is the one the build before opens, not half upgraded
// and refused by both builds, and the error says so.
func TestMigrationFailingLeavesTheDatabaseAsItWas(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	path, err := upgradeWith(t, now, "9990_broken", "UPDATE no_such_table SET x = 1;")
	if err == nil {
		t.Fatal("an upgrade with a failing migration opened")
	}
	for _, want := range []string{"9990_broken", "nothing was applied", "still opens this database"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version IN ('0286_upgrade_backfills', '9990_broken')`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d of the upgrade's migrations recorded (%v) after it failed; want none", n, err)
	}
	raw.Close()
	// The build before (this one, without the broken file) opens it.
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatalf("the build before cannot open the database the failed upgrade left: %v", err)
	}
	db.Close()
}

// TestMigrationCommitFailingSaysNothingWasApplied: every migration of the
// upgrade ran, but their one transaction's commit fails (here a deferred
// constraint; a full disk where its journal cannot grow does the same).
// Nothing is applied, and the error says so, as for a migration that fails.
func TestMigrationCommitFailingSaysNothingWasApplied(t *testing.T) {
	path, err := upgradeWith(t, time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC), "9991_commit_fails", `
CREATE TABLE t9991_parent (id INTEGER PRIMARY KEY);
CREATE TABLE t9991_child (parent INTEGER REFERENCES t9991_parent (id) DEFERRABLE INITIALLY DEFERRED);
INSERT INTO t9991_child VALUES (42);`)
	if err == nil {
		t.Fatal("an upgrade whose commit fails opened")
	}
	for _, want := range []string{"commit", "9991_commit_fails", "FOREIGN KEY", "nothing was applied", "still opens this database"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version IN ('0286_upgrade_backfills', '9991_commit_fails')`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d of the upgrade's migrations recorded (%v) after its commit failed; want none", n, err)
	}
	if err := raw.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 't9991_child'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the failed upgrade's table exists (%d, %v); want none", n, err)
	}
}

// TestMigrationContentShipped: a database that ran a migration has it
// recorded and never runs it again, so a change to a committed migration
// reaches only new databases (0352 first made fetch_refusals without the
// column sync reads; 0332's first trigger filed pool clocks under nobody).
// Each file must hash as testdata/migrations_sha256.txt records it.
func TestMigrationContentShipped(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "migrations_sha256.txt"))
	if err != nil {
		t.Fatal(err)
	}
	recorded := map[string]string{}
	for line := range strings.Lines(string(raw)) {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		sum, file, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("testdata/migrations_sha256.txt: %q is not \"<sha256>  <file>\"", line)
		}
		recorded[file] = sum
	}
	names, _ := fs.Glob(migrationFS, "migrations/*.sql")
	for _, name := range names {
		body, err := fs.ReadFile(migrationFS, name)
		if err != nil {
			t.Fatal(err)
		}
		sum := fmt.Sprintf("%x", sha256.Sum256(body))
		file := strings.TrimPrefix(name, "migrations/")
		switch want, ok := recorded[file]; {
		case !ok:
			t.Errorf("migration %s has no sha256 in testdata/migrations_sha256.txt: add the line %q", file, sum+"  "+file)
		case want != sum:
			t.Errorf("migration %s changed (sha256 %s, recorded %s): databases that ran it keep what it did before and never run it again; put it back as it was and make the change in a new migration", file, sum, want)
		}
	}
}

// TestMigrationNewerAppliedWhileWaitingRefused: a build whose migrations
// are all applied finds nothing newer, then waits for the write lock while
// a newer keepwarm applies its migrations. Once that commits, Open still
// refuses the database, as it would have a moment later.
func TestMigrationNewerAppliedWhileWaitingRefused(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	newer, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer newer.Close()
	if _, err := newer.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	if _, err := newer.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES ('9999_future', 0)`); err != nil {
		t.Fatal(err)
	}
	committed := make(chan error, 1)
	go func() {
		time.Sleep(500 * time.Millisecond)
		_, err := newer.ExecContext(ctx, `COMMIT`)
		committed <- err
	}()
	db, err = Open(ctx, path, now)
	if cerr := <-committed; cerr != nil {
		t.Fatal(cerr)
	}
	if err == nil {
		db.Close()
		t.Fatal("a database a newer keepwarm migrated while Open waited for it opened")
	}
	if !strings.Contains(err.Error(), "newer keepwarm") || !strings.Contains(err.Error(), "9999_future") {
		t.Fatalf("error %q; want the newer keepwarm's 9999_future named", err)
	}
	if strings.Contains(err.Error(), "nothing was applied") {
		t.Errorf("error %q reads as a failed migration", err)
	}
}
