package app

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// DispatchLock is an exclusive flock on "<database>.lock", held by `run` and
// `tick` for as long as they may send. Two processes dispatching from one
// database would each take the other's in-flight sends for crash leftovers
// (Recover marks them uncertain). The kernel releases the lock when the
// process dies, even by SIGKILL, so a crash never leaves it behind.
type DispatchLock struct{ f *os.File }

// LockDispatch takes the lock or fails at once, naming the file.
func LockDispatch(dbPath string) (*DispatchLock, error) {
	path := dbPath + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("another keepwarm run or tick is sending from this database (lock %s held): stop it first", path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &DispatchLock{f: f}, nil
}

// Release unlocks and closes the lock file.
func (l *DispatchLock) Release() {
	if l == nil || l.f == nil {
		return
	}
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	_ = l.f.Close()
	l.f = nil
}
