package cli

import (
	"context"
	"strings"
	"syscall"

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
	lock, err := app.LockDispatchFor(m.cfg.DatabasePath(), "run")
	if err != nil {
		return err
	}
	defer lock.Release()
	m.app.Version = runVersion()
	d, err := m.app.NewDaemon(ctx)
	if err != nil {
		return err
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
