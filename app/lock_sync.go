package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"
)

// syncLockSuffix is the file beside the database a `keepwarm sync` holds a
// shared lock on while it syncs. It is not the dispatch lock: a sync runs
// beside `run` (a new mailbox's first sync), and several syncs beside each
// other. A keepwarm about to apply migrations takes it exclusively, so an
// older build's sync, which would go on storing mail with the meaning it
// knows, is seen as a running run is.
const syncLockSuffix = ".sync.lock"

// SyncLock is the shared lock a `keepwarm sync` holds while it syncs.
type SyncLock struct{ f *os.File }

// LockSync takes the shared sync lock of the database at dbPath and adds
// the line "sync PID since" to the file for a keepwarm that finds it held
// to name: several syncs hold it at once, and the one that started last
// may end first. A file that names no live process is emptied first. It
// fails, saying so, while another keepwarm applies migrations (which holds
// the lock exclusively).
func LockSync(dbPath string) (*SyncLock, error) {
	f, path, err := openSyncLock(dbPath)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another keepwarm is applying the new migration(s) to %s now: run this command again when it has finished", dbPath)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// Best effort: two syncs starting at the same instant may both empty
	// the file, and the refusal then names one of them, or says it does
	// not know the process.
	line := []byte(fmt.Sprintf("sync %d %d\n", os.Getpid(), time.Now().Unix()))
	if b, err := os.ReadFile(path); err == nil && len(syncHolders(b)) == 0 {
		_ = f.Truncate(0)
	}
	_, _ = f.Write(line) // O_APPEND: each its own line
	return &SyncLock{f: f}, nil
}

// Release unlocks and closes the lock file.
func (l *SyncLock) Release() {
	if l == nil || l.f == nil {
		return
	}
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	_ = l.f.Close()
	l.f = nil
}

func openSyncLock(dbPath string) (*os.File, string, error) {
	real, err := realPath(dbPath)
	if err != nil {
		return nil, "", fmt.Errorf("lock %s: %w", dbPath, err)
	}
	path := real + syncLockSuffix
	f, err := os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		if fix := foreignDatabaseFiles(real, uint32(os.Geteuid())); fix != "" && errors.Is(err, fs.ErrPermission) {
			return nil, "", fmt.Errorf("lock %s: %w: %s", path, err, fix)
		}
		return nil, "", fmt.Errorf("lock %s: %w", path, err)
	}
	return f, path, nil
}

// syncHolders reads the live processes the sync lock file names, in the
// order they took it, each once (an older build wrote one line only).
func syncHolders(b []byte) []int {
	var pids []int
	seen := map[int]bool{}
	for line := range strings.Lines(string(b)) {
		var holder string
		var pid int
		if n, _ := fmt.Sscanf(line, "%s %d", &holder, &pid); n == 2 && holder == "sync" && pid > 0 && !seen[pid] && alive(pid) {
			seen[pid] = true
			pids = append(pids, pid)
		}
	}
	return pids
}

// noSyncRunning takes the sync lock exclusively for the migrations, or
// says which keepwarm syncs hold it (their live processes, none when the
// file names none): the caller holds the dispatch lock, and refuses as
// for a running run. release gives it back.
func noSyncRunning(dbPath string) (release func(), pids []int, err error) {
	f, path, err := openSyncLock(dbPath)
	if err != nil {
		return nil, nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if b, err := os.ReadFile(path); err == nil {
			pids = syncHolders(b)
		}
		return nil, pids, errSyncRunning
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil, nil
}

var errSyncRunning = errors.New("a keepwarm sync holds the sync lock")
