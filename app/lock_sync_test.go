package app

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
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
	cmd := exec.Command(os.Args[0], "-test.run=^TestSyncLockHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), syncHelperEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- strings.TrimSpace(line)
		_, _ = io.Copy(io.Discard, stdout)
	}()
	var line string
	select {
	case line = <-lines:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("the other process said nothing within 20s")
	}
	pid, err := strconv.Atoi(strings.TrimPrefix(line, "locked "))
	if err != nil || pid != cmd.Process.Pid {
		_ = cmd.Process.Kill()
		t.Fatalf("the other process said %q", line)
	}
	done := make(chan error, 1)
	stop := func() {
		stdin.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			t.Error("the other process did not exit within 10s")
		}
	}
	go func() { done <- cmd.Wait(); close(done) }()
	t.Cleanup(stop)
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
