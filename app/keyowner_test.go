package app

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKeyFileUnreadableSaysWhoToGiveItTo: a key file this process may not
// read (made by `sudo keepwarm auth`) is explained with the chown that
// gives it to the database's owner; other errors pass as they are.
func TestKeyFileUnreadableSaysWhoToGiveItTo(t *testing.T) {
	dir := t.TempDir()
	db, key := filepath.Join(dir, "kw.db"), filepath.Join(dir, "kw.db.key")
	for _, p := range []string{db, key} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	owner := userName(uint32(os.Geteuid()))
	err := keyFileUnreadable(key, db, &fs.PathError{Op: "open", Path: key, Err: fs.ErrPermission})
	if err == nil || !strings.Contains(err.Error(), "chown "+owner+" "+key) || !strings.Contains(err.Error(), "sudo") {
		t.Fatalf("err = %v, want the chown to the database's owner", err)
	}
	other := &fs.PathError{Op: "open", Path: key, Err: fs.ErrNotExist}
	if got := keyFileUnreadable(key, db, other); got != other {
		t.Fatalf("another error became %v", got)
	}
}
