package cli

import (
	"context"
	"keepwarm/app"
)

// cmdRun runs the daemon until ctx is cancelled (SIGINT/SIGTERM in main).
type runCmd struct {
}

func (opt *runCmd) Run(ctx context.Context, m *Main) error {
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
	return d.Run(ctx)
}
