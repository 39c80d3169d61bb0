package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"time"

	"keepwarm/app"
)

// cmdRun runs the daemon until ctx is cancelled (SIGINT/SIGTERM in main).
type runCmd struct {
}

func (opt *runCmd) Run(ctx context.Context, m *Main) error {
	if err := m.liveOnly("keepwarm run would send what is due then to real people now, and record it as sent then"); err != nil {
		return err
	}
	// One process dispatches from a database at a time: a second one's
	// start-up Recover would take this one's in-flight sends for crash
	// leftovers.
	lock, err := lockForRun(ctx, m)
	if err != nil {
		return err
	}
	defer lock.Release()
	m.app.Version = runVersion()
	d, err := m.app.NewDaemon(ctx)
	if err != nil {
		return err
	}
	for _, l := range calendarWarnings(ctx, m) {
		m.log.Warn(l)
	}
	if err := d.Run(ctx); err != nil {
		return err
	}
	if cause := context.Cause(ctx); cause != nil && strings.HasPrefix(cause.Error(), syscall.SIGHUP.String()) {
		// Stopped by SIGHUP: a closed terminal, or under a service manager
		// someone's "reload" habit. keepwarm has no reload; a clean exit
		// there would read as an intended stop (Restart=on-failure does
		// not restart it), so it says 128+SIGHUP, as a shell would.
		m.log.Warn("stopped by SIGHUP: keepwarm has no reload, restart it to read the config; exiting with status 129")
		return exitError{code: 128 + int(syscall.SIGHUP)}
	}
	return nil
}

// lockDispatch takes the dispatch lock as who, and then refuses a database
// that a newer keepwarm migrated since this one opened it: the holder let
// go of the lock only just now may have been that keepwarm. Every command
// that sends takes the lock here. On an error nothing is held.
func (m *Main) lockDispatch(ctx context.Context, who string) (*app.DispatchLock, error) {
	if m.beforeDispatchLock != nil {
		m.beforeDispatchLock()
	}
	lock, err := app.LockDispatchFor(m.cfg.DatabasePath(), who)
	if err != nil {
		return nil, err
	}
	if err := m.db.RefuseNewer(ctx); err != nil {
		lock.Release()
		return nil, err
	}
	return lock, nil
}

// runLockWait bounds how long run waits for a short-lived holder of the
// dispatch lock (a digest --send, a keepwarm applying migrations) to let
// it go, polling every runLockPoll.
const (
	runLockWait = 2 * time.Minute
	runLockPoll = time.Second
)

// lockForRun takes the dispatch lock as "run". A short-lived holder (a cron
// `digest --send` sending, migrations being applied) is waited for, at most
// runLockWait, saying so once: a restart at that moment must not fail and
// tell the operator to stop something that ends by itself. A run or tick
// holding it is refused at once, naming it.
func lockForRun(ctx context.Context, m *Main) (*app.DispatchLock, error) {
	deadline := time.Now().Add(runLockWait)
	said := false
	for {
		lock, err := m.lockDispatch(ctx, "run")
		var held *app.LockHeldError
		if !errors.As(err, &held) || !held.Passing() || !time.Now().Before(deadline) {
			return lock, err
		}
		if !said {
			m.log.Info("waiting for the dispatch lock: another keepwarm holds it for a short while", "holder", held.Holder, "pid", held.PID, "at_most", runLockWait)
			said = true
		}
		t := time.NewTimer(runLockPoll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, fmt.Errorf("stopped while waiting for the dispatch lock, which keepwarm %s (process %d) holds: %w", held.Holder, held.PID, context.Cause(ctx))
		case <-t.C:
		}
	}
}
