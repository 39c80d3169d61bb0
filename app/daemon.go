package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// shutdownGrace bounds how long run waits for its parts after a signal.
const shutdownGrace = 4 * time.Second

// Daemon is keepwarm's long-running part: one live Syncer per mailbox.
// Later parts (the engine, the dispatcher) hang off the same ingest signal.
type Daemon struct {
	a       *App
	syncers []*mailsync.Syncer
	// ingested is signalled (never blocking) after a batch stored new mail.
	ingested chan keepwarm.SaveResult
	engine   *sequences.Engine    // clock-driven jobs; kicked after ingest
	disp     *mailsync.Dispatcher // the one sending path (nudges, sequences)
	chat     *chat.Dispatcher     // nudges to team chats; nil when none is configured
	ops      *opsServer           // /healthz and /metrics; nil when [ops].listen is ""
	web      *WebServer           // the web application; nil when [web].listen is ""
}

// NewDaemon builds the daemon's parts from the config; Run starts them.
func (a *App) NewDaemon(ctx context.Context) (*Daemon, error) {
	d := &Daemon{a: a, ingested: make(chan keepwarm.SaveResult, 16)}
	opts := mailsync.SyncOptions{OnIngest: func(r keepwarm.SaveResult) {
		if d.ops != nil {
			d.ops.synced.Add(int64(r.New))
		}
		select {
		case d.ingested <- r:
		default: // a wake-up is already pending
		}
	}}
	syncers, err := a.Syncers(ctx, "", opts)
	if err != nil {
		return nil, err
	}
	d.syncers = syncers
	a.staggerStarts(ctx, syncers)
	if a.Cfg.Ops.Listen != "" {
		var names []string
		for _, mb := range a.Cfg.Mailboxes {
			names = append(names, mb.Name)
		}
		// Every folder is checked every poll_interval even when IDLE sees
		// nothing, and each pass is recorded, new mail or not: no pass in
		// three intervals means the sync is stuck.
		stale := 3 * a.Cfg.Sync.PollInterval.Duration
		d.ops = newOpsServer(a.DB, a.Clock, a.Log, names, stale)
	}
	parts, err := a.NewEngineParts(ctx, d.look)
	if err != nil {
		return nil, err
	}
	d.engine, d.disp, d.chat = parts.Engine, parts.Disp, parts.Chat
	return d, nil
}

// lookTimeout bounds the look before nudges: a mailbox that takes longer
// (a large first sync under way) does not hold the nudges back.
const lookTimeout = 10 * time.Second

// look has every connected mailbox sync every folder now, on its own
// connection, and waits for them all (at most lookTimeout): the reply
// watch calls it before it nudges.
func (d *Daemon) look(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, lookTimeout)
	defer cancel()
	errs := make([]error, len(d.syncers))
	var wg sync.WaitGroup
	for i, s := range d.syncers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Look(ctx)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Run blocks until ctx is cancelled, then waits (at most shutdownGrace) for
// every part to stop. A part failing for good (the store) stops the daemon.
func (d *Daemon) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(d.syncers))
	for _, s := range d.syncers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Run(ctx); err != nil {
				errs <- err
				cancel()
			}
		}()
	}
	if d.ops != nil {
		if err := d.ops.Start(d.a.Cfg.Ops.Listen); err != nil {
			return err
		}
	}
	if l := d.a.Cfg.Web.Listen; l != "" {
		w, err := d.a.StartWeb(ctx, l)
		if err != nil {
			if d.ops != nil {
				d.ops.Close(context.Background())
			}
			return err
		}
		d.web = w
	}
	d.disp.Start(ctx)
	if d.chat != nil {
		d.chat.Start(ctx)
	}
	d.engine.Start(ctx)
	d.a.Log.Info("keepwarm running", "mailboxes", len(d.syncers))
	var failure error
	for done := false; !done; {
		select {
		case <-ctx.Done():
			done = true
		case r := <-d.ingested:
			d.a.Log.Info("new mail stored", "new", r.New, "threads", len(r.Threads))
			d.engine.Kick()
			// An answer may have come in: the dispatcher takes the
			// thread's "received" draft out of Drafts.
			d.disp.Kick()
		case err := <-errs:
			failure = err
			done = true
		}
	}
	cancel()
	stopped := make(chan struct{})
	go func() {
		wg.Wait()
		grace, done := context.WithTimeout(context.Background(), shutdownGrace)
		defer done()
		d.engine.Close(grace)
		d.disp.Close(grace)
		if d.chat != nil {
			d.chat.Close(grace)
		}
		if d.ops != nil {
			d.ops.Close(grace)
		}
		d.web.Close(grace)
		close(stopped)
	}()
	select {
	case <-stopped:
	case <-time.After(shutdownGrace):
		d.a.Log.Warn("shutdown: some mailboxes did not stop in time")
	}
	if failure != nil && !errors.Is(failure, context.Canceled) {
		return failure
	}
	d.a.Log.Info("keepwarm stopped")
	return nil
}
