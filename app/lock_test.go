package app

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// lockHelperEnv makes the test binary, run again as a second process, take
// the dispatch lock on the path it names and hold it until its stdin closes.
const lockHelperEnv = "KEEPWARM_LOCK_HELPER_DB"

func TestDispatchLockHelperProcess(t *testing.T) {
	path := os.Getenv(lockHelperEnv)
	if path == "" {
		t.Skip("only run as the second process of TestDispatchLockOneFileManyPaths")
	}
	l, err := LockDispatch(path)
	if err != nil {
		fmt.Printf("refused: %v\n", err)
		return
	}
	fmt.Println("locked")
	_, _ = io.Copy(io.Discard, os.Stdin)
	l.Release()
}

// helperProcess starts the test binary again as another process running
// only the test named run, with env set to path in its environment. It
// returns the first line that process prints, the process, and a function
// that closes its stdin and waits for its exit (also run at cleanup; it may
// be called more than once).
func helperProcess(t *testing.T, run, env, path string) (string, *os.Process, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+run+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env+"="+path)
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
	return line, cmd.Process, stop
}

// lockInOtherProcess starts the test binary as a second process locking
// path. It returns its first line ("locked" or "refused: ...") and a
// function that makes it release the lock and exit.
func lockInOtherProcess(t *testing.T, path string) (string, func()) {
	t.Helper()
	line, _, stop := helperProcess(t, "TestDispatchLockHelperProcess", lockHelperEnv, path)
	return line, stop
}

// One database file reached by other paths (a symbolic link to the file, a
// link to its directory, a relative path) is one lock, across processes.
func TestDispatchLockOneFileManyPaths(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.Mkdir(data, 0o700); err != nil {
		t.Fatal(err)
	}
	real := filepath.Join(data, "keepwarm.db")
	if err := os.WriteFile(real, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fileLink := filepath.Join(dir, "b.db")
	dirLink := filepath.Join(dir, "current")
	if err := os.Symlink("data/keepwarm.db", fileLink); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(data, dirLink); err != nil {
		t.Fatal(err)
	}
	// A link made before the database exists.
	early := filepath.Join(dir, "early.db")
	if err := os.Symlink(filepath.Join(data, "later.db"), early); err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct{ held, other string }{
		{real, fileLink},
		{fileLink, real},
		{real, filepath.Join(dirLink, "keepwarm.db")},
		{filepath.Join(dirLink, "..", "b.db"), real},
		{early, filepath.Join(data, "later.db")},
	} {
		// This process holds the lock by one path; the other process,
		// by another path to the same file, is refused.
		held, err := LockDispatch(tt.held)
		if err != nil {
			t.Fatalf("lock %s: %v", tt.held, err)
		}
		line, stop := lockInOtherProcess(t, tt.other)
		if !strings.HasPrefix(line, "refused: another keepwarm run or tick is sending from this database") {
			t.Errorf("held via %s, second process via %s: %q; want refused", tt.held, tt.other, line)
		}
		stop()
		held.Release()

		// And the other way round: the other process holds it.
		line, stop = lockInOtherProcess(t, tt.other)
		if line != "locked" {
			t.Fatalf("second process via %s: %q; want locked", tt.other, line)
		}
		if l, err := LockDispatch(tt.held); err == nil {
			l.Release()
			t.Errorf("second process holds via %s; this one got it via %s", tt.other, tt.held)
		}
		stop()
	}
	// Another database is another lock.
	other, err := LockDispatch(filepath.Join(data, "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	line, stop := lockInOtherProcess(t, real)
	if line != "locked" {
		t.Errorf("a lock on another database blocked this one: %q", line)
	}
	stop()
	other.Release()
}

// The refusal names who holds the lock: a run or tick is to be stopped, a
// digest or a migration waited for (it ends by itself).
func TestLockHeldErrorNamesItsHolder(t *testing.T) {
	since := time.Date(2026, 11, 2, 8, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		held     LockHeldError
		want     []string
		wantNone string
	}{
		{LockHeldError{Path: "/db.lock", Holder: "digest", PID: 4242, Since: since},
			[]string{"keepwarm digest (pid 4242, since 2026-11-02T08:30:00Z)", "try again when it has finished"}, "stop it first"},
		{LockHeldError{Path: "/db.lock", Holder: migratingHolder, PID: 7},
			[]string{"keepwarm migrating (pid 7)", "try again when it has finished"}, "run or tick"},
		{LockHeldError{Path: "/db.lock", Holder: "tick", PID: 9, Since: since},
			[]string{"another keepwarm tick (pid 9, since 2026-11-02T08:30:00Z) is sending from this database", "stop it first"}, "run or tick"},
		{LockHeldError{Path: "/db.lock"},
			[]string{"another keepwarm run or tick is sending from this database (lock /db.lock held): stop it first"}, "pid"},
	} {
		msg := tt.held.Error()
		for _, w := range tt.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%+v: %q lacks %q", tt.held, msg, w)
			}
		}
		if strings.Contains(msg, tt.wantNone) {
			t.Errorf("%+v: %q says %q", tt.held, msg, tt.wantNone)
		}
	}
}

// lockedOnAnotherDevice takes the dispatch lock of a new database (db)
// and has DispatchHolder read a lock table (table) in which this process
// holds the lock file's inode (st.Ino) on another device, as btrfs lists
// it, until the test ends.
func lockedOnAnotherDevice(t *testing.T) (db string, st syscall.Stat_t, table string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "keepwarm.db")
	l, err := LockDispatch(db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Release() })
	if err := syscall.Stat(db+".lock", &st); err != nil {
		t.Fatal(err)
	}
	table = filepath.Join(t.TempDir(), "locks")
	line := fmt.Sprintf("1: FLOCK  ADVISORY  WRITE %d 00:2a:%d 0 EOF\n", os.Getpid(), st.Ino)
	if err := os.WriteFile(table, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	old := procLocks
	procLocks = table
	t.Cleanup(func() { procLocks = old })
	return db, st, table
}

// On btrfs /proc/locks names the filesystem's device, not the one stat
// gives the lock file: the holder is still found (by the inode, confirmed
// by the file among its open ones), not taken for "no one holds it".
func TestDispatchHolderOtherDeviceInLockTable(t *testing.T) {
	db, st, table := lockedOnAnotherDevice(t)
	if _, pid, err := DispatchHolder(db); err != nil || pid != os.Getpid() {
		t.Fatalf("DispatchHolder = pid %d, %v; want this process %d", pid, err, os.Getpid())
	}
	// The same inode on another device, held by a process without that
	// file open, is another file: no one holds this one.
	other := exec.Command("sleep", "30")
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = other.Process.Kill(); _ = other.Wait() }()
	line := fmt.Sprintf("1: FLOCK  ADVISORY  WRITE %d 00:2a:%d 0 EOF\n", other.Process.Pid, st.Ino)
	if err := os.WriteFile(table, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, pid, err := DispatchHolder(db); err != nil || pid != 0 {
		t.Fatalf("DispatchHolder = pid %d, %v; want 0, known", pid, err)
	}
}

// On btrfs, the holder's open files confirm the lock file: when the kernel
// lists them but refuses to say what each is (run holds a capability the
// checking user lacks), who holds the lock is not known. It is not "no
// one", which check would take for another program on run's port.
func TestDispatchHolderUnknownWhenHoldersFilesCannotBeRead(t *testing.T) {
	db, _, _ := lockedOnAnotherDevice(t)
	oldStat := statFD
	defer func() { statFD = oldStat }()
	statFD = func(string, *syscall.Stat_t) error { return syscall.EACCES }
	// The reason names what could not be read: the holder's open files,
	// not the kernel's lock table, which was read.
	_, pid, err := DispatchHolder(db)
	if err == nil {
		t.Fatalf("DispatchHolder = pid %d, known; want not known", pid)
	}
	want := fmt.Sprintf("it cannot read which files process %d holds open as this user", os.Getpid())
	if msg := err.Error(); !strings.Contains(msg, want) || strings.Contains(msg, "locks") {
		t.Errorf("DispatchHolder's reason %q; want %q, and not the lock table", msg, want)
	}
	// An entry closed meanwhile is passed over: the others still tell.
	statFD = func(name string, st *syscall.Stat_t) error {
		if strings.HasSuffix(name, "/0") {
			return syscall.ENOENT
		}
		return syscall.Stat(name, st)
	}
	if _, pid, err := DispatchHolder(db); err != nil || pid != os.Getpid() {
		t.Fatalf("DispatchHolder = pid %d, %v; want this process %d", pid, err, os.Getpid())
	}
}
