package app

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestMigratingHoldsTheLock: the lock a new build takes to apply its
// migrations is held until they are over, so a run or tick started
// meanwhile (an older build from another path among them) does not start
// on a database being migrated; it is free again afterwards.
func TestMigratingHoldsTheLock(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kw.db")
	release, err := notWhileRunning(db, []string{"0267_backfill_settled_answered"})
	if err != nil {
		t.Fatal(err)
	}
	var held *LockHeldError
	if _, err := LockDispatchFor(db, "run"); !errors.As(err, &held) || held.Holder != "migrating" {
		t.Fatalf("run while migrations are applied: %v; want the lock held by migrating", err)
	}
	release()
	l, err := LockDispatchFor(db, "run")
	if err != nil {
		t.Fatalf("run once the migrations are over: %v", err)
	}
	l.Release()
}
