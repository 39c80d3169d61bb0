package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
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

// LockSync takes the shared sync lock of the database at dbPath and
// writes "sync PID since" in the file for a keepwarm that finds it held to
// name. It fails, saying so, while another keepwarm applies migrations
// (which holds the lock exclusively).
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
	// Best effort: with several syncs the words are the last one's.
	if f.Truncate(0) == nil {
		_, _ = f.WriteAt([]byte(fmt.Sprintf("sync %d %d\n", os.Getpid(), time.Now().Unix())), 0)
	}
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
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if fix := foreignDatabaseFiles(real, uint32(os.Geteuid())); fix != "" && errors.Is(err, fs.ErrPermission) {
			return nil, "", fmt.Errorf("lock %s: %w: %s", path, err, fix)
		}
		return nil, "", fmt.Errorf("lock %s: %w", path, err)
	}
	return f, path, nil
}

// noSyncRunning takes the sync lock exclusively for the migrations, or
// says which keepwarm sync holds it: the caller holds the dispatch lock,
// and refuses as for a running run. release gives it back.
func noSyncRunning(dbPath string) (release func(), pid int, err error) {
	f, path, err := openSyncLock(dbPath)
	if err != nil {
		return nil, 0, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, 0, fmt.Errorf("lock %s: %w", path, err)
		}
		if b, err := os.ReadFile(path); err == nil {
			var holder string
			if n, _ := fmt.Sscanf(string(b), "%s %d", &holder, &pid); n < 2 || holder != "sync" || !alive(pid) {
				pid = 0
			}
		}
		return nil, pid, errSyncRunning
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, 0, nil
}

var errSyncRunning = errors.New("a keepwarm sync holds the sync lock")
