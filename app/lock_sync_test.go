package app

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// syncHelperEnv makes the test binary, run again as another process, take
// the sync lock of the database it names and hold it until its stdin
// closes.
const syncHelperEnv = "KEEPWARM_SYNC_LOCK_HELPER_DB"

func TestSyncLockHelperProcess(t *testing.T) {
	path := os.Getenv(syncHelperEnv)
	if path == "" {
		t.Skip("only run as another process of TestMigrationRefusalNamesTheSyncStillRunning")
	}
	l, err := LockSync(path)
	if err != nil {
		fmt.Printf("refused: %v\n", err)
		return
	}
	fmt.Printf("locked %d\n", os.Getpid())
	_, _ = io.Copy(io.Discard, os.Stdin)
	l.Release()
}

// syncInOtherProcess starts the test binary as another process holding the
// sync lock of path, as a keepwarm sync does. It returns that process's id
// and a function that makes it release the lock and waits for its exit.
func syncInOtherProcess(t *testing.T, path string) (int, func()) {
	t.Helper()
	line, proc, stop := helperProcess(t, "TestSyncLockHelperProcess", syncHelperEnv, path)
	pid, err := strconv.Atoi(strings.TrimPrefix(line, "locked "))
	if err != nil || pid != proc.Pid {
		_ = proc.Kill()
		t.Fatalf("the other process said %q", line)
	}
	return pid, stop
}

// TestMigrationRefusalNamesTheSyncStillRunning: two syncs overlap (one
// mailbox each); the one that started last ends first. A new build's
// refusal to migrate names the sync still running, which the operator
// lets finish; with both running it names both.
func TestMigrationRefusalNamesTheSyncStillRunning(t *testing.T) {
	db := filepath.Join(t.TempDir(), "kw.db")
	if err := os.WriteFile(db, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	pending := []string{"9999_future"}
	lily, _ := syncInOtherProcess(t, db)
	tom, endTom := syncInOtherProcess(t, db)

	_, err := notWhileRunning(db, pending)
	if err == nil {
		t.Fatal("migrations went ahead under two running syncs")
	}
	if want := fmt.Sprintf("keepwarm syncs (processes %d, %d) are using", lily, tom); !strings.Contains(err.Error(), want) {
		t.Errorf("refusal %q; want %q", err, want)
	}

	endTom()
	_, err = notWhileRunning(db, pending)
	if err == nil {
		t.Fatal("migrations went ahead under a running sync")
	}
	if want := fmt.Sprintf("keepwarm sync (process %d) is using", lily); !strings.Contains(err.Error(), want) {
		t.Errorf("refusal %q once the later sync ended; want %q", err, want)
	}
}
