package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
)

// shutdownGrace bounds how long Run waits for its parts after a signal;
// the sender and the chat dispatcher have longer (their StopBudget) when a
// send or a post is under way.
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
	// started is when Run started the syncers (real time, as their
	// connect_spread is): the nudges wait for their first syncs from then
	// on, at most firstSyncHold.
	started time.Time
}

// NewDaemon builds the daemon's parts from the config; Run starts them.
func (a *App) NewDaemon(ctx context.Context) (*Daemon, error) {
	d := &Daemon{a: a, ingested: make(chan keepwarm.SaveResult, 16)}
	for _, p := range store.RemoveKeyLeftovers(a.KeyPath()) {
		a.Log.Info("removed a copy of the key file that a crash while it was written left", "file", p)
	}
	opts := mailsync.SyncOptions{OnIngest: func(r keepwarm.SaveResult) {
		if d.ops != nil {
			d.ops.synced.Add(int64(r.New))
		}
		select {
		case d.ingested <- r:
		default: // a wake-up is already pending
		}
	}}
	syncers, err := a.DaemonSyncers(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := allUnusable(syncers); err != nil {
		return nil, err
	}
	d.syncers = syncers
	a.syncFaults = d.syncFaultsSince
	a.starting = d.starting
	a.staggerStarts(ctx, syncers)
	if a.Cfg.Ops.Listen != "" {
		var names []string
		for _, mb := range a.Cfg.Mailboxes {
			names = append(names, mb.Name)
		}
		d.ops = newOpsServer(a.DB, a.Clock, a.Log, names, healthzStale(a.Cfg.Sync.PollInterval.Duration))
		var channels []string
		for _, ch := range a.Cfg.Notify.Channels {
			channels = append(channels, ch.Name)
		}
		var sending []string
		for _, mb := range a.Cfg.Mailboxes {
			if mb.SMTPURL != "" {
				sending = append(sending, mb.Name)
			}
		}
		d.ops.watchSenders(a.Cfg.Notify.Enabled(), channels, sending...)
		d.ops.noSent = d.noSentFolders
		d.ops.syncing = d.syncedFolders
		d.ops.storeTrouble = d.storeTroubles
		d.ops.syncFaults = d.syncFaults
	}
	parts, err := a.NewEngineParts(ctx, d.look)
	if err != nil {
		return nil, err
	}
	d.engine, d.disp, d.chat = parts.Engine, parts.Disp, parts.Chat
	wireSyncVerdicts(d.disp, d.syncers)
	for _, s := range d.syncers {
		s.OnFirstSync(d.engine.Kick) // the nudges waiting for it (see look)
	}
	a.warnSimplifiedInTraditional(ctx)
	// A [notify] sender held at start fails no item, so notifyAlert never
	// tells the team chat; without [ops] nothing but the log would.
	if _, err := a.notifyOffAlert(ctx, parts.NotifyOff); err != nil {
		a.Log.Error("[notify] cannot be used: could not queue the alert to the team chat", "err", err)
	}
	if d.ops != nil {
		d.ops.sendStopped, d.ops.copyErrors, d.ops.sendLimited = d.disp.SendingStopped, d.disp.CopyErrors, d.disp.SendingLimited
		d.ops.followUpsOff = parts.FollowUpsOff
		d.ops.greetingsOff = parts.GreetingsOff
		d.ops.jobsFailing = d.engine.Failing
		d.ops.outboxFaults = d.disp.Faults
		if d.chat != nil {
			d.ops.chatStopped = d.chat.Unusable
		}
	}
	return d, nil
}

// wireSyncVerdicts shares the syncers' verdicts on their mailboxes with
// the dispatcher, in `run` and in `tick` alike (a tick's syncs run before
// its dispatcher's pass).
func wireSyncVerdicts(disp *mailsync.Dispatcher, syncers []*mailsync.Syncer) {
	find := func(mailbox string) *mailsync.Syncer {
		for _, s := range syncers {
			if s.Name() == mailbox {
				return s
			}
		}
		return nil
	}
	// A mailbox whose sync gave up after refused logins is not logged in
	// to by the sender either (copies, drafts, interrupted sends).
	disp.SetIMAPStopped(func(mailbox string) bool {
		if s := find(mailbox); s != nil {
			return s.Stopped()
		}
		return false
	})
	// A salesperson's mailbox that sync reads without its Sent folder
	// sends no mail in her name: keepwarm could not see her own mail to
	// the customer, nor file the copy where she would see it.
	disp.SetNoSent(func(mailbox string) string {
		if s := find(mailbox); s != nil {
			return s.NoSentFolder()
		}
		return ""
	})
	// A new message the server has not served yet may be the customer's
	// answer, or her own: her mail waits until it is read.
	disp.SetUnread(func(mailbox string) string {
		if s := find(mailbox); s != nil {
			return s.UnreadMessage()
		}
		return ""
	})
	// A mailbox's mail waits for its first sync of Sent in this process:
	// after a restore, a mail queued in the backup and sent since is known
	// as sent only from its copy there.
	disp.SetFirstSync(func(mailbox string) string {
		if s := find(mailbox); s != nil {
			return s.FirstSyncPending()
		}
		return ""
	})
	for _, s := range syncers {
		s.OnFirstSync(disp.Kick)
	}
	// Where a mailbox's server lists folders keepwarm cannot read, a
	// missing Sent or Drafts folder may be among them: the reason says to
	// ask the mail administrator, not to set a key that cannot reach it.
	disp.SetUnreadable(func(mailbox string) []string {
		if s := find(mailbox); s != nil {
			return s.UnreadableFolders()
		}
		return nil
	})
}

// lookTimeout bounds the look before nudges: a mailbox that takes longer
// (a large first sync under way) does not hold the nudges back.
const lookTimeout = 10 * time.Second

// firstSyncHold bounds how long after the start the nudges wait for a
// mailbox's first sync: a server that is down does not hold them for ever.
const firstSyncHold = 10 * time.Minute

// look has every connected mailbox sync every folder now, on its own
// connection, and waits for them all (at most lookTimeout): the reply
// watch calls it before it nudges. While a mailbox that may yet connect
// (not stopped, not unusable) has not synced once since the start, it
// answers a *sequences.StartingError at once and the nudges wait: mail from
// while keepwarm was down, the salesperson's answer among it, is not
// stored yet (at most firstSyncHold after the start).
func (d *Daemon) look(ctx context.Context) error {
	if names := d.starting(); len(names) > 0 {
		return &sequences.StartingError{Mailboxes: names}
	}
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

// starting names the mailboxes whose first sync since the start is still
// awaited: within firstSyncHold of it, neither stopped nor unusable.
func (d *Daemon) starting() []string {
	if d.started.IsZero() || time.Since(d.started) >= firstSyncHold {
		return nil
	}
	var names []string
	for _, s := range d.syncers {
		if s.FirstSyncPending() != "" && !s.Stopped() && s.Unusable() == nil {
			names = append(names, s.Name())
		}
	}
	return names
}

// syncedFolders names, for each mailbox whose sync has discovered its
// folders, the folders it picked.
func (d *Daemon) syncedFolders() map[string][]string {
	out := map[string][]string{}
	for _, s := range d.syncers {
		if f := s.Folders(); f != nil {
			out[s.Name()] = f
		}
	}
	return out
}

// noSentFolders names the mailboxes whose last folder discovery found no
// folder they need, with why: a salesperson's Sent, or a Gmail mailbox's
// All Mail (read through INBOX, an archived reply is not seen); or chose
// its Sent folder among several (none marked \Sent); or that wait for a
// new message the server has not served yet.
func (d *Daemon) noSentFolders() map[string]string {
	out := map[string]string{}
	for _, s := range d.syncers {
		var why []string
		for _, w := range []string{s.NoSentFolder(), s.NoAllFolder(), s.SeveralSentFolders(), s.UnreadMessage()} {
			if w != "" {
				why = append(why, w)
			}
		}
		if len(why) > 0 {
			out[s.Name()] = strings.Join(why, "; ")
		}
	}
	return out
}

// startAttrs say on the start line what runs: the build, which config and
// database, the mailboxes by name, the chat channels by name and kind (never
// their URLs or secrets), and where the web and ops listeners are.
func (d *Daemon) startAttrs() []any {
	var attrs []any
	if d.a.Version != "" {
		attrs = append(attrs, "version", d.a.Version)
	}
	config := d.a.ConfigPath
	if abs, err := filepath.Abs(config); err == nil && config != "" {
		config = abs
	}
	var mailboxes, channels []string
	for _, mb := range d.a.Cfg.Mailboxes {
		mailboxes = append(mailboxes, mb.Name)
	}
	for _, ch := range d.a.Cfg.Notify.Channels {
		channels = append(channels, ch.Name+" ("+ch.Kind+")")
	}
	chats, web, ops := "none", "off", "off"
	if len(channels) > 0 {
		chats = strings.Join(channels, ", ")
	}
	if d.web != nil {
		web = d.web.Addr()
	}
	if d.ops != nil {
		ops = d.ops.Addr()
	}
	return append(attrs, "config", config, "database", d.a.Cfg.DatabasePath(),
		"mailboxes", strings.Join(mailboxes, ", "), "chat", chats, "web", web, "ops", ops)
}

// Run blocks until ctx is cancelled, then stops every part (see shutdown).
// A part failing for good (the store) stops the daemon.
func (d *Daemon) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The listeners first: an address taken (a second unit, a typo) fails
	// the start before any mailbox is logged in to, so a restart loop
	// makes no logins (providers limit them) and closes the store under
	// no sync.
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
		if l := d.a.Cfg.Web.PlainWarning(); l != "" {
			d.a.Log.Warn(l)
		}
	} else if l := d.a.Cfg.Web.PathWarning(); l != "" {
		d.a.Log.Warn(l)
	}
	d.started = time.Now()
	errs := make(chan error, len(d.syncers))
	syncerDone := make([]chan struct{}, len(d.syncers))
	for i, s := range d.syncers {
		syncerDone[i] = make(chan struct{})
		go func() {
			defer close(syncerDone[i])
			if err := s.Run(ctx); err != nil {
				errs <- err
				cancel()
			}
		}()
	}
	d.disp.Start(ctx)
	if d.chat != nil {
		d.chat.Start(ctx)
	}
	d.engine.Start(ctx)
	d.a.Log.Info("keepwarm running", d.startAttrs()...)
	if names := d.a.Cfg.UnverifiedTLS(); len(names) > 0 {
		d.a.Log.Warn("TLS certificates not checked (insecure_skip_verify = true): anyone on the path can read the password or token and the mail",
			"mailboxes", strings.Join(names, ", "))
	}
	if names := d.a.Cfg.ProxyPasswordsInFile(); len(names) > 0 {
		d.a.Log.Warn(ProxyPasswordWarning, "mailboxes", strings.Join(names, ", "))
	}
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
	d.shutdown(syncerDone)
	if failure != nil && !errors.Is(failure, context.Canceled) {
		return failure
	}
	d.a.Log.Info("keepwarm stopped")
	return nil
}

// shutdown stops the parts Run started, all at once, and waits for each:
// at most shutdownGrace, and the sender and the chat dispatcher at most
// their StopBudget, so a send or chat post under way can finish and be
// recorded. It says what it waits for, and
// names what was still busy when it gave up.
func (d *Daemon) shutdown(syncerDone []chan struct{}) {
	type part struct {
		name   string
		done   chan struct{}
		within time.Duration
	}
	var parts []part
	for i, s := range d.syncers {
		parts = append(parts, part{"mailbox " + s.Name(), syncerDone[i], shutdownGrace})
	}
	closing := func(name string, stop func(context.Context) error, within time.Duration) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			ctx, cancel := context.WithTimeout(context.Background(), within)
			defer cancel()
			_ = stop(ctx)
		}()
		parts = append(parts, part{name, done, within})
	}
	start := time.Now()
	if id, ok := d.disp.Sending(); ok {
		d.a.Log.Info("stopping: waiting for the send under way to finish and be recorded", "outbox", id, "at_most", d.disp.StopBudget())
	}
	closing("sender", d.disp.Close, d.disp.StopBudget())
	closing("engine", d.engine.Close, shutdownGrace)
	if d.chat != nil {
		closing("chat", d.chat.Close, d.chat.StopBudget())
	}
	if d.ops != nil {
		closing("ops server", d.ops.Close, shutdownGrace)
	}
	closing("web server", d.web.Close, shutdownGrace)
	var busy []string
	for _, p := range parts {
		t := time.NewTimer(time.Until(start.Add(p.within)))
		select {
		case <-p.done:
		case <-t.C:
			busy = append(busy, p.name)
		}
		t.Stop()
	}
	if len(busy) > 0 {
		d.a.Log.Warn("shutdown: stopping anyway; still busy", "parts", busy, "waited", time.Since(start).Round(time.Millisecond))
	}
}

// allUnusable is the first mailbox's reason when no mailbox can be used
// (every password unreadable: a secrets file not loaded at all), nil when
// one can: a daemon with nothing to read would only look alive.
func allUnusable(syncers []*mailsync.Syncer) error {
	var first error
	for _, s := range syncers {
		err := s.Unusable()
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// syncFaults names the mailboxes whose latest sync session ended in a
// panic, with it (each Syncer's Fault).
func (d *Daemon) syncFaults() map[string]string {
	out := map[string]string{}
	for _, s := range d.syncers {
		if why := s.Fault(); why != "" {
			out[s.Name()] = why
		}
	}
	return out
}

// syncFaultsSince is syncFaults for the digests, with when each began.
func (d *Daemon) syncFaultsSince() []sequences.DigestMailbox {
	var out []sequences.DigestMailbox
	for _, s := range d.syncers {
		if why, since := s.FaultSince(); why != "" {
			out = append(out, sequences.DigestMailbox{Mailbox: s.Name(), Problem: why, Since: since, Fault: true})
		}
	}
	return out
}

// storeTroubles names the mailboxes whose sync cannot store what it reads
// now, with why (each Syncer's StoreTrouble).
func (d *Daemon) storeTroubles() map[string]string {
	out := map[string]string{}
	for _, s := range d.syncers {
		if why := s.StoreTrouble(); why != "" {
			out[s.Name()] = why
		}
	}
	return out
}
