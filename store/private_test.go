package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The database holds customers' mail: its files are the owner's alone, even
// under a permissive umask.
func TestOpenCreatesPrivateFiles(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "data")
	path := filepath.Join(dir, "kw.db")
	db, err := Open(context.Background(), path, t0)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	save(t, db, at(msg("m1@acme.com"), "team", "INBOX", 1, t0)) // the WAL has content
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %s; want -rw-------", filepath.Base(p), fi.Mode().Perm())
		}
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("directory made for the database: %v %v; want drwx------", fi.Mode().Perm(), err)
	}
	if got := Exposed(path); len(got) != 0 {
		t.Errorf("Exposed = %q; want none", got)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Exposed(path); len(got) != 1 || !strings.Contains(got[0], "kw.db (-rw-r--r--)") {
		t.Errorf("Exposed after chmod 644 = %q", got)
	}
}

// A first sync's rollback journal is as private as the database.
func TestFirstSyncJournalIsPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	path := filepath.Join(t.TempDir(), "kw.db")
	db, err := Open(context.Background(), path, t0, FirstSync())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	save(t, db, at(msg("m1@acme.com"), "team", "INBOX", 1, t0)) // a commit through the journal
	fi, err := os.Stat(path + "-journal")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("kw.db-journal: mode %s; want -rw-------", fi.Mode().Perm())
	}
	if err := os.Chmod(path+"-journal", 0o644); err != nil {
		t.Fatal(err)
	}
	if got := Exposed(path); len(got) != 1 || !strings.Contains(got[0], "kw.db-journal (-rw-r--r--)") {
		t.Errorf("Exposed with a readable journal = %q", got)
	}
}
