package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/app"
	"keepwarm/internal/mailtest"
)

func TestDispatchLockAllowsOneSender(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	db := filepath.Join(filepath.Dir(r.config), "kw.db")
	held, err := app.LockDispatchFor(db, "run")
	if err != nil {
		t.Fatal(err)
	}
	// A `run` holds it: a `tick` beside it does nothing and says why, and
	// a second `run` refuses to start.
	code, _, errs := r.run(day(0), "tick")
	if code != 1 || !strings.Contains(errs, fmt.Sprintf("keepwarm run (pid %d) is syncing and sending from this database", os.Getpid())) {
		t.Fatalf("tick beside a run: exit %d %s", code, errs)
	}
	code, _, errs = r.run(day(0), "run")
	if code != 1 || !strings.Contains(errs, "another keepwarm run or tick") {
		t.Fatalf("a second run: exit %d %s", code, errs)
	}
	held.Release()
	r.must(day(0), "tick")
}

// Under cron a tick that outlasts its interval meets the next one: the
// next one does nothing, says so, and exits 0, without telling the
// operator to stop the tick that is doing the work.
func TestTickOverlappingAnotherTickExitsQuietly(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	db := filepath.Join(filepath.Dir(r.config), "kw.db")
	held, err := app.LockDispatchFor(db, "tick")
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	code, _, errs := r.run(day(0), "tick")
	if code != 0 || strings.Contains(errs, "stop it first") || !strings.Contains(errs, "a previous keepwarm tick is still working on this database: this tick did nothing") {
		t.Fatalf("tick beside a tick: exit %d %s", code, errs)
	}
}
