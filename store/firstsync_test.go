package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// journalMode is the database file's mode as a fresh connection sees it
// (WAL is kept in the file; a rollback journal's name is not).
func journalMode(t *testing.T, path string) string {
	t.Helper()
	c, err := sql.Open("sqlite3", "file:"+uriPath(path)+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var mode string
	if err := c.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	return mode
}

// openFirstSync opens a new database for a first sync, closed at the
// test's end.
func openFirstSync(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "kw.db")
	db, err := Open(context.Background(), path, t0, FirstSync())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// A new database's first sync goes in a rollback journal, readers see each
// commit, and EndFirstSync leaves the file in WAL with no journal beside
// it; a database that holds mail opens in WAL, FirstSync or not.
func TestFirstSyncGoesInARollbackJournal(t *testing.T) {
	ctx := context.Background()
	db, path := openFirstSync(t)
	if !db.FirstSyncJournal() {
		t.Fatal("a new database opened for a first sync is not in its rollback journal")
	}
	if m := journalMode(t, path); m != "delete" {
		t.Fatalf("journal_mode %q during the first sync; want a rollback journal", m)
	}
	all := historyBatches(3000, 300)
	batches, later := all[:len(all)-2], all[len(all)-2:]
	tx := db.BeginSave()
	defer tx.Rollback()
	for i, fb := range batches {
		if _, err := tx.SaveBatch(ctx, fb.state, fb.batch); err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			// The read pool, in the same rollback journal.
			st, err := db.Stats(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Messages == 0 {
				t.Fatalf("after %d batches committed the reader sees %+v", i+1, st)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if exists(path + "-wal") {
		t.Fatal("a -wal file during the first sync: the batches went through WAL")
	}
	if db.checkpoints.Load() != 0 {
		t.Fatalf("%d checkpoints in a rollback journal", db.checkpoints.Load())
	}
	if err := db.EndFirstSync(ctx); err != nil {
		t.Fatal(err)
	}
	if db.FirstSyncJournal() {
		t.Fatal("still in the first sync's journal after EndFirstSync")
	}
	if m := journalMode(t, path); m != "wal" {
		t.Fatalf("journal_mode %q after EndFirstSync; want wal", m)
	}
	if exists(path + "-journal") {
		t.Fatal("the first sync's -journal file is left beside the database")
	}
	if err := db.EndFirstSync(ctx); err != nil {
		t.Fatalf("a second EndFirstSync: %v", err)
	}
	// Written in WAL from now on: the checkpointer runs again.
	before := db.checkpoints.Load()
	saveEach(t, db, later)
	for deadline := time.Now().Add(10 * time.Second); db.checkpoints.Load() == before; {
		if time.Now().After(deadline) {
			t.Fatal("no checkpoint after the first sync")
		}
		time.Sleep(5 * time.Millisecond)
	}
	want := openTest(t)
	saveEach(t, want, all)
	if w, g := dump(t, want), dump(t, db); w != g {
		t.Fatalf("stored through a first sync's journal differs from WAL:\n%s", firstDiff(w, g))
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	again, err := Open(ctx, path, t0, FirstSync())
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.FirstSyncJournal() {
		t.Fatal("a database that holds mail went back to a rollback journal")
	}
}

// Close ends the first sync's journal too, and a database created empty
// before (keepwarm people import, the web's first sign-in) still gets one.
func TestFirstSyncOfAnEmptyDatabaseAndClose(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	pre, err := Open(ctx, path, t0)
	if err != nil {
		t.Fatal(err)
	}
	if pre.FirstSyncJournal() {
		t.Fatal("opened without FirstSync, yet in a rollback journal")
	}
	if err := pre.Close(); err != nil {
		t.Fatal(err)
	}
	if m := journalMode(t, path); m != "wal" {
		t.Fatalf("journal_mode %q of a database opened without FirstSync", m)
	}
	db, err := Open(ctx, path, t0, FirstSync())
	if err != nil {
		t.Fatal(err)
	}
	if !db.FirstSyncJournal() {
		t.Fatal("an empty database in WAL is not given a rollback journal for its first sync")
	}
	saveEach(t, db, historyBatches(600, 300))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if m := journalMode(t, path); m != "wal" {
		t.Fatalf("journal_mode %q after Close; want wal", m)
	}
}

// Nothing depends on the mode: another process that opens the database in
// the middle of a first sync (its Open waits for the transaction under way,
// as any writer does) puts it in WAL, and the first sync goes on in WAL.
func TestFirstSyncMeetsAnotherProcess(t *testing.T) {
	ctx := context.Background()
	db, path := openFirstSync(t)
	batches := historyBatches(2000, 500)
	saveEach(t, db, batches[:1])
	tx := db.BeginSave()
	if _, err := tx.SaveBatch(ctx, batches[1].state, batches[1].batch); err != nil {
		t.Fatal(err)
	}
	committed := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond) // a first sync commits at least once a second
		committed <- tx.Commit()
	}()

	other, err := Open(ctx, path, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := <-committed; err != nil {
		t.Fatal(err)
	}
	if m := journalMode(t, path); m != "wal" || other.rollback.Load() {
		t.Fatalf("another Open between the first sync's transactions: journal_mode %q, knows a rollback journal %t", m, other.rollback.Load())
	}
	saveEach(t, db, batches[2:])
	st, err := other.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n, g := countCopies(batches), sumCopies(st); g != n {
		t.Fatalf("the other process sees %d copies; %d stored", g, n)
	}
	if err := db.EndFirstSync(ctx); err != nil || db.FirstSyncJournal() {
		t.Fatalf("EndFirstSync on a file in WAL already: %v, still in the journal %t", err, db.FirstSyncJournal())
	}

	// The file is in WAL and open twice: a new first sync cannot leave it.
	path2 := filepath.Join(t.TempDir(), "kw.db")
	open2, err := Open(ctx, path2, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer open2.Close()
	if _, err := open2.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	fs, err := Open(ctx, path2, t0, FirstSync())
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	if fs.FirstSyncJournal() || journalMode(t, path2) != "wal" {
		t.Fatal("a first sync left WAL while another connection had the file open")
	}
	saveEach(t, fs, batches)
}

func sumCopies(st Stats) int {
	n := 0
	for _, c := range st.Copies {
		n += c
	}
	return n
}

func countCopies(batches []folderBatch) int {
	n := 0
	for _, fb := range batches {
		n += len(fb.batch)
	}
	return n
}

// A refetchable batch in a first sync's rollback journal commits with
// synchronous=FULL: NORMAL there risks the file itself on a power cut, not
// only the last commits as in WAL.
func TestFirstSyncBatchesCommitDurably(t *testing.T) {
	for _, firstSync := range []bool{false, true} {
		var opts []OpenOption
		if firstSync {
			opts = append(opts, FirstSync())
		}
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), t0, opts...)
		if err != nil {
			t.Fatal(err)
		}
		var during int
		if err := db.inBatchTx(context.Background(), nil, refetchable, func(b *batchTx) error {
			rows, err := b.conn.Query("PRAGMA synchronous", nil)
			if err == nil {
				err = eachRow("synchronous", rows, func(row []driver.Value) error { during = int(integer(row[0])); return nil })
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		want := map[bool]int{false: 1, true: 2}[firstSync] // NORMAL, FULL
		if during != want {
			t.Errorf("first sync %t: synchronous %d during a refetchable batch; want %d", firstSync, during, want)
		}
		db.Close()
	}
}

// A reader in the middle of a read holds the switch to WAL up: toWAL gives
// up after its wait with BUSY, the database stays in the first sync's
// journal, and a later EndFirstSync puts it in WAL.
func TestEndFirstSyncWaitsABoundedTimeForReaders(t *testing.T) {
	ctx := context.Background()
	db, path := openFirstSync(t)
	saveEach(t, db, historyBatches(600, 300))
	reader, err := sql.Open("sqlite3", "file:"+uriPath(path)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	rtx, err := reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := rtx.QueryRow("SELECT count(*) FROM messages").Scan(&n); err != nil || n == 0 {
		t.Fatalf("the reader reads %d messages: %v", n, err)
	}
	start := time.Now()
	err = db.toWAL(ctx, 300*time.Millisecond)
	if !busy(err) || time.Since(start) > 3*time.Second {
		t.Fatalf("toWAL with a reader under way: %v after %s; want BUSY within its wait", err, time.Since(start))
	}
	if !db.FirstSyncJournal() || journalMode(t, path) == "wal" {
		t.Fatal("the database left its journal while the switch failed")
	}
	rtx.Rollback()
	if err := db.EndFirstSync(ctx); err != nil || journalMode(t, path) != "wal" {
		t.Fatalf("EndFirstSync once the reader is done: %v", err)
	}
}
