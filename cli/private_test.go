package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

func TestWarnsWhenDatabaseIsReadableByOthers(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	db := filepath.Join(filepath.Dir(r.config), "kw.db")
	r.must(day(0), "threads") // creates it
	if code, _, errs := r.run(day(0), "threads"); code != 0 || strings.Contains(errs, "can read it") {
		t.Fatalf("a private database: exit %d, stderr %q; want no warning", code, errs)
	}
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := r.run(day(0), "threads")
	if code != 0 || !strings.Contains(errs, "other users of this machine can read it") || !strings.Contains(errs, db) {
		t.Fatalf("a database readable by others: exit %d, stderr %q; want a warning naming it", code, errs)
	}
}
