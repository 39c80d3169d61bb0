package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// DispatchLock is an exclusive flock on "<database>.lock", held by `run` and
// `tick` for as long as they may send. Two processes dispatching from one
// database would each take the other's in-flight sends for crash leftovers
// (Recover marks them uncertain). The kernel releases the lock when the
// process dies, even by SIGKILL, so a crash never leaves it behind.
//
// The lock belongs to the database file, not to the path a config names: the
// path is resolved through every symbolic link (of the file and of its
// directories) first, so two configs reaching one file by different paths
// take one lock.
type DispatchLock struct{ f *os.File }

// LockHeldError is LockDispatch failing because another process holds
// the lock; Holder is what that process wrote in the file ("run", "tick",
// "digest", ...), PID its process id and Since when it took the lock.
// Holder is "" and PID 0 when the file does not say, or names a process
// that is no longer alive (words left by an earlier holder, written by a
// keepwarm from before holders were written); Since is zero when unknown.
type LockHeldError struct {
	Path   string
	Holder string
	PID    int
	Since  time.Time
}

// Error names the holder when the lock file does: a `run` or `tick` is to
// be stopped, a short-lived holder (Passing) waited for.
func (e *LockHeldError) Error() string {
	if e.Holder == "" || e.Holder == "keepwarm" {
		return fmt.Sprintf("another keepwarm run or tick is sending from this database (lock %s held): stop it first", e.Path)
	}
	who := fmt.Sprintf("another keepwarm %s (pid %d", e.Holder, e.PID)
	if !e.Since.IsZero() {
		who += ", since " + e.Since.UTC().Format(time.RFC3339)
	}
	who += ")"
	if e.Passing() {
		return fmt.Sprintf("%s holds this database's dispatch lock (%s) for as long as it takes: try again when it has finished", who, e.Path)
	}
	return fmt.Sprintf("%s is sending from this database (lock %s held): stop it first", who, e.Path)
}

// Passing reports whether the holder lets the lock go by itself soon: a
// `digest --send` sending its digests, a keepwarm applying migrations.
func (e *LockHeldError) Passing() bool {
	return e.Holder == "digest" || e.Holder == migratingHolder || e.Holder == "upgrade"
}

// LockDispatch is LockDispatchFor a keepwarm command it does not name.
func LockDispatch(dbPath string) (*DispatchLock, error) {
	return LockDispatchFor(dbPath, "keepwarm")
}

// LockDispatchFor takes the lock or fails at once, naming the file; a
// lock held by another process is a *LockHeldError. It writes who holds
// it ("run", "tick", "digest", "demo"), its process id and when it took
// it in the file, for a process that finds it held to say what it met.
func LockDispatchFor(dbPath, who string) (*DispatchLock, error) {
	real, err := realPath(dbPath)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", dbPath, err)
	}
	path := real + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		if fix := foreignDatabaseFiles(real, uint32(os.Geteuid())); fix != "" && errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("lock %s: %w: %s", path, err, fix)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			held := &LockHeldError{Path: path}
			held.Holder, held.PID, held.Since = lockWords(path)
			return nil, held
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	// Best effort: the lock is the flock, not the words; but never leave an
	// earlier holder's words for the next process to read as this one's.
	if f.Truncate(0) == nil {
		_, _ = f.WriteAt([]byte(fmt.Sprintf("%s %d %d\n", who, os.Getpid(), time.Now().Unix())), 0)
	}
	return &DispatchLock{f: f}, nil
}

// lockWords reads who the lock file at path says holds it: the holder,
// its process id and since when (zero when the file does not say); "" and
// 0 when the file cannot be read or names a process no longer alive.
func lockWords(path string) (holder string, pid int, since time.Time) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", 0, time.Time{}
	}
	var unix int64
	n, _ := fmt.Sscanf(string(b), "%s %d %d", &holder, &pid, &unix)
	if n < 2 || pid <= 0 || !alive(pid) {
		return "", 0, time.Time{}
	}
	if n == 3 {
		since = time.Unix(unix, 0)
	}
	return holder, pid, since
}

// DispatchHolder says which process holds the dispatch lock of the
// database at dbPath now, as the kernel says (/proc/locks, which any user
// can read), without taking the lock: a look (check's) must not make a run
// starting at that moment fail on a lock held. pid is 0 when no process
// holds it: words left in the file by a run that has ended (its pid may be
// another process's by now) are not taken for a holder. holder is what the
// file says ("run", "tick", ...) when it names that same process, "" when
// it cannot be read (it is its holder's user's, mode 0600) or names
// another. err is not nil when who holds it cannot be told; it says why
// (the kernel's table cannot be read, the lock file cannot be looked at
// as this user, or a process's open files cannot be) in words that follow
// "check cannot tell, as". Nothing else is known then.
func DispatchHolder(dbPath string) (holder string, pid int, err error) {
	real, err := realPath(dbPath)
	if err != nil {
		return "", 0, fmt.Errorf("it cannot find the database's directory: %w", err)
	}
	path := real + ".lock"
	var st syscall.Stat_t
	if err := syscall.Stat(path, &st); err != nil {
		if errors.Is(err, syscall.ENOENT) {
			// No lock file: no keepwarm has sent from this database yet.
			return "", 0, nil
		}
		return "", 0, fmt.Errorf("it cannot look at the lock file %s: %w", path, err)
	}
	pid, err = flockHolder(procLocks, uint64(st.Dev), st.Ino)
	if pid == 0 || err != nil {
		return "", 0, err
	}
	if h, p, _ := lockWords(path); p == pid {
		holder = h
	}
	return holder, pid, nil
}

// procLocks is the kernel's table of file locks: a variable for tests.
var procLocks = "/proc/locks"

// flockHolder finds in the lock table at table the process holding a
// flock(2) write lock on the file dev/ino; 0 when none does, and an error
// when the table cannot be read or when who holds it cannot be told. A
// line is "1: FLOCK  ADVISORY  WRITE 812 08:01:1234567 0 EOF", its
// device's major and minor numbers in hex; a waiter's is marked "->".
// The table's device is the filesystem's, which on btrfs (and overlayfs
// over several filesystems) is not the one stat gives: a line with this
// inode on another device counts when that process has this very file
// open (its /proc/PID/fd, whose stat gives stat's device), and, when its
// open files cannot be read, leaves the answer unknown rather than "no
// one".
func flockHolder(table string, dev, ino uint64) (pid int, err error) {
	b, err := os.ReadFile(table)
	if err != nil {
		return 0, fmt.Errorf("it cannot read %s: %w", table, err)
	}
	major := (dev>>8)&0xfff | (dev>>32)&^uint64(0xfff)
	minor := dev&0xff | (dev>>12)&^uint64(0xff)
	want := fmt.Sprintf("%02x:%02x:%d", major, minor, ino)
	suffix := fmt.Sprintf(":%d", ino)
	var unsure error
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 6 || f[1] == "->" || f[1] != "FLOCK" || f[3] != "WRITE" || !strings.HasSuffix(f[5], suffix) {
			continue
		}
		p, err := strconv.Atoi(f[4])
		if err != nil || p <= 0 {
			continue
		}
		if f[5] == want {
			return p, nil
		}
		switch has, ok := hasOpen(p, dev, ino); {
		case has:
			return p, nil
		case !ok && unsure == nil:
			unsure = fmt.Errorf("it cannot read which files process %d holds open as this user: %w", p, fs.ErrPermission)
		}
	}
	return 0, unsure
}

// hasOpen says whether process pid has the file dev/ino open; ok is false
// when its open files cannot be read: another user's without root, or the
// service's own user's when the unit grants run a capability (the kernel
// then lets the list be read, but not what each entry is). An entry gone
// meanwhile (a file closed) is passed over.
func hasOpen(pid int, dev, ino uint64) (has, ok bool) {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false, false
	}
	ok = true
	for _, e := range ents {
		var st syscall.Stat_t
		if err := statFD(dir+"/"+e.Name(), &st); err != nil {
			if !errors.Is(err, syscall.ENOENT) {
				ok = false
			}
			continue
		}
		if uint64(st.Dev) == dev && st.Ino == ino {
			return true, true
		}
	}
	return false, ok
}

// statFD stats one of a process's open files (/proc/PID/fd/N): a variable
// for tests, as the kernel refuses it only across users or capabilities.
var statFD = syscall.Stat

// alive reports whether a process with this id exists (one of another
// user's counts: EPERM).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
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

// realPath is the absolute path of the file p leads to, every symbolic link
// resolved, also when the file does not exist yet (a link may point at a
// database not created yet; its directory must exist).
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	for range 40 { // as the kernel's limit on links in one lookup
		if r, err := filepath.EvalSymlinks(abs); err == nil {
			return r, nil
		}
		fi, err := os.Lstat(abs)
		if err != nil || fi.Mode()&os.ModeSymlink == 0 {
			// The file does not exist: resolve where it would be.
			dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
			if err != nil {
				return "", err
			}
			return filepath.Join(dir, filepath.Base(abs)), nil
		}
		target, err := os.Readlink(abs) // a link to a file not there yet
		if err != nil {
			return "", err
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(abs), target)
		}
		abs = target
	}
	return "", fmt.Errorf("too many levels of symbolic links")
}

// notWhileRunning refuses to apply a new build's migrations to a database
// another keepwarm process (run, tick, a cron digest) holds: that process
// is an older build, and would go on over data whose meaning changed (list
// again sends a person dealt with, place follow-ups by bare step index).
// The lock is held, as "migrating", until release is called once the
// migrations are over, so that no keepwarm starts on the database while
// they run; a process that meets it is told to try again, not to stop it.
func notWhileRunning(dbPath string, pending []string) (release func(), err error) {
	l, err := LockDispatchFor(dbPath, migratingHolder)
	var held *LockHeldError
	if errors.As(err, &held) {
		if held.Holder == migratingHolder || held.Holder == "upgrade" {
			return nil, fmt.Errorf("another keepwarm (process %d) is applying the new migration(s) to %s now: run this command again when it has finished",
				held.PID, dbPath)
		}
		who := "another keepwarm process"
		if held.Holder != "" {
			who = fmt.Sprintf("keepwarm %s (process %d)", held.Holder, held.PID)
		}
		return nil, fmt.Errorf("%s is using %s: stop it before this keepwarm applies its %d new migration(s) (%s), or it would go on with data it does not know; then run this command again (see Upgrading in the README)",
			who, dbPath, len(pending), strings.Join(pending, ", "))
	}
	if err != nil {
		return nil, err
	}
	return withoutSync(dbPath, pending, l)
}

// withoutSync takes the sync lock too once l, the dispatch lock, is held
// for the migrations, or releases l and refuses, naming the keepwarm syncs
// that hold it: an older build's sync would go on storing mail with the
// meaning it knows. release gives both back.
func withoutSync(dbPath string, pending []string, l *DispatchLock) (release func(), err error) {
	unsync, pids, err := noSyncRunning(dbPath)
	if errors.Is(err, errSyncRunning) {
		l.Release()
		if len(pids) > 1 {
			ids := make([]string, len(pids))
			for i, pid := range pids {
				ids[i] = strconv.Itoa(pid)
			}
			return nil, fmt.Errorf("keepwarm syncs (processes %s) are using %s: let them finish or stop them before this keepwarm applies its %d new migration(s) (%s), or they would go on with data they do not know; then run this command again (see Upgrading in the README)",
				strings.Join(ids, ", "), dbPath, len(pending), strings.Join(pending, ", "))
		}
		who := "a keepwarm sync (its process is not known)"
		if len(pids) == 1 {
			who = fmt.Sprintf("keepwarm sync (process %d)", pids[0])
		}
		return nil, fmt.Errorf("%s is using %s: let it finish or stop it before this keepwarm applies its %d new migration(s) (%s), or it would go on with data it does not know; then run this command again (see Upgrading in the README)",
			who, dbPath, len(pending), strings.Join(pending, ", "))
	}
	if err != nil {
		l.Release()
		return nil, err
	}
	return func() { unsync(); l.Release() }, nil
}

// migrationPoll is how often notWhileRunningWait tries the lock again.
const migrationPoll = time.Second

// notWhileRunningWait is notWhileRunning that, for at most wait, waits for
// a holder that lets the lock go by itself (another keepwarm applying
// migrations, a digest sending), saying so once, and then takes it; the
// migrations that keepwarm applied meanwhile are found applied. A run or
// tick holding it, or a wait that runs out, is refused as notWhileRunning
// refuses it.
func notWhileRunningWait(ctx context.Context, log *slog.Logger, dbPath string, pending []string, wait time.Duration) (func(), error) {
	deadline := time.Now().Add(wait)
	said := false
	for {
		l, err := LockDispatchFor(dbPath, migratingHolder)
		var held *LockHeldError
		if err == nil {
			return withoutSync(dbPath, pending, l)
		}
		if !errors.As(err, &held) || !held.Passing() || !time.Now().Before(deadline) {
			return notWhileRunning(dbPath, pending)
		}
		if !said {
			log.Info("waiting for the dispatch lock: another keepwarm holds it for a short while", "holder", held.Holder, "pid", held.PID, "at_most", wait)
			said = true
		}
		t := time.NewTimer(migrationPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("stopped while waiting for the dispatch lock, which keepwarm %s (process %d) holds: %w", held.Holder, held.PID, context.Cause(ctx))
		case <-t.C:
		}
	}
}

// migratingHolder is the lock's holder while a keepwarm applies migrations.
const migratingHolder = "migrating"
