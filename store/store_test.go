package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// openTest opens a fresh database file in a temp dir.
func openTest(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestOpenMigratesOnceAndReopens(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.r.Get(&n, `SELECT count(*) FROM schema_migrations`); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no migration recorded")
	}
	var mode string
	if err := db.w.Get(&mode, `PRAGMA journal_mode`); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v; want wal", mode, err)
	}
	var fk int
	if err := db.r.Get(&fk, `PRAGMA foreign_keys`); err != nil || fk != 1 {
		t.Fatalf("foreign_keys on the read pool = %d, %v; want 1", fk, err)
	}
	db.Close()
	db, err = Open(ctx, path, now.Add(time.Hour))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	var m int
	db.r.Get(&m, `SELECT count(*) FROM schema_migrations`)
	if m != n {
		t.Fatalf("reopen recorded %d migrations, first open %d", m, n)
	}
}

func TestEveryQueryPrepares(t *testing.T) {
	db := openTest(t)
	for name, sql := range queries {
		stmt, err := db.w.Preparex(sql)
		if err != nil {
			t.Errorf("query %s: %v", name, err)
			continue
		}
		stmt.Close()
	}
}

// Two keepwarm processes starting on a new database at once (a `run` and a
// `sync`, say) must not both apply a migration.
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	const n = 4
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() {
			db, err := Open(context.Background(), path, now)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent open: %v", err)
		}
	}
}

// A database path is a file name, not a URI: '#', '?' and '%' in it must
// name that very file (subtests named "memserver#01" make such paths).
func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a#b?c%20d")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "kw#1.db")
	db, err := Open(context.Background(), path, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the database is not at %s: %v", path, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if e.Name() != filepath.Base(dir) {
			t.Errorf("a stray file %s was created beside the intended directory", e.Name())
		}
	}
}

func TestQueryBlocksAreCleaned(t *testing.T) {
	fsys := fstest.MapFS{"queries/x.sql": {Data: []byte(`-- name: one
SELECT 1 AS n; -- trailing note
-- a comment after the statement, which the driver would run as an empty one

-- name: two
SELECT ';' AS semi, 2 AS n;
`)}}
	got, err := loadQueries(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got["one"], "a comment after") {
		t.Fatalf("trailing comment kept: %q", got["one"])
	}
	db := openTest(t)
	var n int
	if err := db.r.Get(&n, got["one"]); err != nil || n != 1 {
		t.Fatalf("query one returned %d, %v", n, err)
	}
	if err := db.r.QueryRowx(got["two"]).Scan(new(string), &n); err != nil || n != 2 {
		t.Fatalf("query two returned %d, %v", n, err)
	}
	bad := fstest.MapFS{"queries/x.sql": {Data: []byte("-- name: twice\nSELECT 1;\nSELECT 2;\n")}}
	if _, err := loadQueries(bad); err == nil || !strings.Contains(err.Error(), "more than one statement") {
		t.Fatalf("two statements in one block: %v", err)
	}
}

// TestNewDatabasePageSize: a database Open creates gets the larger page
// size; one that exists keeps its own.
func TestNewDatabasePageSize(t *testing.T) {
	db := openTest(t)
	var size int
	if err := db.w.Get(&size, "PRAGMA page_size"); err != nil || size != pageSize {
		t.Fatalf("new database page_size %d, %v; want %d", size, err, pageSize)
	}
	var mode string
	if err := db.w.Get(&mode, "PRAGMA journal_mode"); err != nil || mode != "wal" {
		t.Fatalf("journal_mode %q, %v", mode, err)
	}

	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.Exec("PRAGMA page_size = 4096; CREATE TABLE x (a)"); err != nil {
		t.Fatal(err)
	}
	old.Close()
	db2, err := Open(context.Background(), path, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if err := db2.w.Get(&size, "PRAGMA page_size"); err != nil || size != 4096 {
		t.Fatalf("existing database page_size %d, %v; want 4096 kept", size, err)
	}
}

// A database that ran a migration under its earlier name (renamedMigrations)
// opens: the migration is recorded under its new name, not run twice.
func TestRenamedMigrationIsNotRunAgain(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	for renamed, old := range renamedMigrations {
		if _, err := db.w.Exec(`UPDATE schema_migrations SET version = ? WHERE version = ?`, old, renamed); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db, err = Open(ctx, path, now.Add(time.Hour))
	if err != nil {
		t.Fatalf("reopen after a renamed migration: %v", err)
	}
	defer db.Close()
	for renamed := range renamedMigrations {
		var n int
		if err := db.r.Get(&n, `SELECT count(*) FROM schema_migrations WHERE version = ?`, renamed); err != nil || n != 1 {
			t.Errorf("%s recorded %d times (%v)", renamed, n, err)
		}
	}
}
