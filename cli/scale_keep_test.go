package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// KEEPWARM_SCALE_KEEP's copy of the database after the first tick: a
// -wal (or -shm) an earlier run left beside ticked-N.db is removed, so
// that opening the copy does not replay that run's frames over this one's
// database; this run's -wal, when the tick left one, is copied.
func TestScaleKeepDropsAnEarlierRunsWAL(t *testing.T) {
	keep := t.TempDir()
	r := &scaleRig{n: 20000, dir: t.TempDir()}
	write := func(path, body string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	read := func(path string) string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	kept := filepath.Join(keep, "ticked-20000.db")
	// The earlier run's copy, whose tick left a -wal.
	write(kept, "earlier database")
	write(kept+"-wal", "earlier frames")
	write(kept+"-shm", "earlier index")
	// This run's tick checkpointed and left none.
	write(filepath.Join(r.dir, "kw.db"), "this run's database")
	r.keep(t, keep)
	if got := read(kept); got != "this run's database" {
		t.Fatalf("kept %q", got)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(kept + suffix); !os.IsNotExist(err) {
			t.Errorf("the earlier run's ticked-20000.db%s is still beside this run's copy (%v)", suffix, err)
		}
	}
	// A tick that left a -wal: it is kept with the database.
	write(filepath.Join(r.dir, "kw.db-wal"), "this run's frames")
	r.keep(t, keep)
	if got := read(kept + "-wal"); got != "this run's frames" {
		t.Fatalf("kept -wal %q", got)
	}
}
