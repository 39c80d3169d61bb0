package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/app"
	"keepwarm/internal/mailtest"
)

func TestDispatchLockAllowsOneSender(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	db := filepath.Join(filepath.Dir(r.config), "kw.db")
	held, err := app.LockDispatch(db)
	if err != nil {
		t.Fatal(err)
	}
	// A `run` holds it: a `tick` (or a second `run`) refuses to send.
	code, _, errs := r.run(day(0), "tick")
	if code != 1 || !strings.Contains(errs, "another keepwarm run or tick") {
		t.Fatalf("tick under a held lock: exit %d %s", code, errs)
	}
	held.Release()
	r.must(day(0), "tick")
}
