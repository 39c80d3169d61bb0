package mailsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
)

// errConnLost reports that the server or the network closed the connection.
var errConnLost = errors.New("connection closed")

// Run keeps the mailbox in sync until ctx is cancelled, and blocks until
// then. It holds one connection: after a full pass it IDLEs on the inbox and
// syncs the inbox as soon as the server announces new mail; every
// PollInterval it stops IDLE and syncs every folder (Sent included). Where
// the server has no IDLE it just polls. Once caught up, and before it
// IDLEs, it fills in the texts of the messages a first sync stored from
// their header (the text backfill), one batch at a time: new mail and the
// poll go before each batch, so they never wait behind it. A lost connection is re-made with
// backoff on the injected clock. Run returns nil once ctx is cancelled
// (promptly: the connection is closed under any pending command). A store
// failure (the database busy beyond its timeout, the disk full) holds this
// mailbox's sync and is retried after at least RetryMax, said once in the
// log and kept for StoreTrouble; Run only returns an error for one
// StoreFatal says waiting cannot fix.
func (s *Syncer) Run(ctx context.Context) error {
	if s.startDelay > 0 {
		// Pacing toward the servers, like the network timeouts, runs on real
		// time: a clock set to replay a week must not hold the logins back.
		t := time.NewTimer(s.startDelay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
	if s.cfg.Unusable != nil {
		return s.unusable(ctx)
	}
	bo := newBackoff(s.opts.RetryMin, s.opts.RetryMax)
	refused := 0       // logins refused in a row
	connected := false // a session began since Run started
	saidPanic := ""    // the panic last logged with its stack
	for {
		started := s.clock.Now()
		err := s.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var ce connectError
		connected = connected || !errors.As(err, &ce)
		s.noteFail(err)
		var pe *panicError
		if errors.As(err, &pe) {
			// A fault in keepwarm's own code meeting mail it did not
			// expect ends this session, not the daemon and every other
			// mailbox with it. The same mail meets it again at the next
			// session: its stack is logged once, said again at ERROR
			// every hour it lasts, and the retry waits as long as for a
			// store error.
			why := err.Error()
			level, tries := s.fails.say(why, s.clock.Now())
			switch {
			case why != saidPanic:
				saidPanic = why
				s.log.Error("mailbox sync stopped by a fault in keepwarm (a panic); the other mailboxes go on, this one is tried again every few minutes", "err", err, "stack", string(pe.stack))
			case level != slog.LevelDebug:
				s.log.Error("mailbox sync still stopped by a fault in keepwarm (a panic): its new mail is not read until keepwarm is fixed; the stack was logged before", "err", err, "tries", tries)
			}
			f := &fault{why: why, since: s.clock.Now(), fill: pe.fill}
			if was := s.fault.Load(); was != nil {
				f.since = was.since // the same streak of faults
			}
			s.fault.Store(f)
			if s.fails.record(why, s.clock.Now()) {
				if err := s.failed(ctx, err); err != nil {
					if s.fatal(err) {
						return err
					}
					s.noteStoreTrouble(err)
				}
			}
			if wait(ctx, s.clock, max(bo.delay(), s.opts.RetryMax)) != nil {
				return nil
			}
			continue
		}
		if isStoreErr(err) {
			if s.fatal(err) {
				return err
			}
			s.noteStoreTrouble(err)
			if wait(ctx, s.clock, max(bo.delay(), s.opts.RetryMax)) != nil {
				return nil
			}
			continue
		}
		switch {
		case IsAuthError(err):
			refused++
		case IsLoginBusy(err):
			// The server did not look at the password: the run of
			// refusals goes on, neither counted nor ended.
		default:
			refused = 0
		}
		if max := s.opts.MaxLoginFailures; max > 0 && refused >= max {
			return s.giveUp(ctx, err, refused)
		}
		if s.fails.record(err.Error(), s.clock.Now()) {
			if err := s.failed(ctx, err); err != nil {
				if s.fatal(err) {
					return err
				}
				s.noteStoreTrouble(err) // /healthz hears of it from StoreTrouble
			}
		}
		if s.clock.Now().Sub(started) > s.opts.RetryMax {
			bo.reset() // the last connection was healthy for a while
		}
		d := bo.delay()
		if IsLoginBusy(err) {
			// Too many connections or a sign-in service down lasts a while:
			// a quick retry only adds one more.
			d = max(d, s.opts.RetryMax)
		}
		s.logRetry(connected, retryable(err), err, d)
		if wait(ctx, s.clock, d) != nil {
			return nil
		}
	}
}

// panicError is a session ended by a panic, with the stack it was
// raised on.
type panicError struct {
	mailbox string
	val     any
	stack   []byte
	fill    bool // raised in the backfill, not in a pass
}

func (e *panicError) Error() string { return fmt.Sprintf("mailsync: %s: panic: %v", e.mailbox, e.val) }

// session is Run's life on one connection: it returns when the connection
// fails or ctx is cancelled. A panic on its goroutine (storing a batch,
// the backfill, the callbacks) is its error, a *panicError. A Look waiting
// for the pass is answered the error the session ends with, whichever
// step failed (the LIST looking again for a missing folder too), not left
// to wait out its context.
func (s *Syncer) session(ctx context.Context) (err error) {
	var ask chan error // a Look waiting for this pass, not answered yet
	filling := false   // in the backfill
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{mailbox: s.cfg.Name, val: r, stack: keepwarm.PanicStack(r), fill: filling}
		}
		if ask != nil && err != nil {
			ask <- err // buffered, and not answered yet
		}
	}()
	c, err := s.connect(ctx)
	if err != nil {
		return connectError{err}
	}
	defer c.close()
	folders, err := s.discoverFolders(ctx, c, false)
	if err != nil {
		return err
	}
	inbox := inboxOf(folders)
	s.live.Store(true)
	defer s.live.Store(false)

	poll := s.clock.NewTimer(0)
	defer poll.Stop()
	var sum Summary
	var bf backfill
	for {
		full := false
		ask = nil
		if bf.pending() {
			// Caught up, texts to fill: a batch at a time, while nothing
			// new waits. New mail and the poll come first.
			woke := true
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-c.Closed():
				return fmt.Errorf("mailsync: %s: %w", s.cfg.Name, errConnLost)
			case <-c.exists:
				s.log.Debug("woken by EXISTS")
			case <-poll.C():
				full = true
			case ask = <-s.asks:
				full = true
			default:
				woke = false
			}
			if !woke {
				filling = true
				if err := s.fillStep(ctx, c, &bf, inbox, &sum); err != nil {
					return err
				}
				filling = false
				s.fillPassed()
				continue
			}
		} else if full, ask, err = s.await(ctx, c, inbox, poll); err != nil {
			return err
		}
		start := time.Now()
		if full && s.folderMissing() {
			// A configured folder is gone, or the Sent folder or the
			// folder of all mail was not found: each full pass (the poll,
			// a Look) looks whether it is there now, with one LIST, so
			// that the folder an admin creates as the warning asks is
			// read without waiting for a reconnect.
			if folders, err = s.discoverFolders(ctx, c, false); err != nil {
				return err
			}
			inbox = inboxOf(folders)
		}
		synced := folders
		if full || inbox == nil {
			err = s.syncFolders(ctx, c, folders, &sum)
			poll.Reset(s.opts.PollInterval)
			if err == nil {
				err = s.armBackfill(ctx, &bf, folders)
			}
		} else {
			err = s.syncFolder(ctx, c, *inbox, &sum)
			synced = []FolderSpec{*inbox}
		}
		if err == nil {
			err = s.alive(ctx, synced)
		}
		if err == nil && len(synced) == len(folders) {
			s.markSynced()
		}
		if ask != nil {
			ask <- lookResult(err, s.cfg.Name, s.goneFolders()) // buffered: Look may have given up waiting
			ask = nil
		}
		if err != nil {
			return err
		}
		s.log.Debug("synced", "full", full, "took", time.Since(start), "fetched", sum.Fetched)
	}
}

// folderMissing says whether the last discovery left a folder wanted and
// not found: a configured folder gone, no Sent folder of a salesperson's
// mailbox, no folder of all mail of a mailbox that needs one.
func (s *Syncer) folderMissing() bool {
	s.goneMu.Lock()
	defer s.goneMu.Unlock()
	return len(s.gone) > 0 || s.noSent != "" || s.noAll != ""
}

// inboxOf returns the folder of folders that plays the inbox, or nil.
func inboxOf(folders []FolderSpec) *FolderSpec {
	var inbox *FolderSpec
	for i := range folders {
		if folders[i].Role == keepwarm.RoleInbox {
			inbox = &folders[i]
		}
	}
	return inbox
}

// await waits for something to sync, in IDLE where the server has it: new
// mail in the inbox, the renewal of IDLE, the poll timer or a Look (full:
// sync every folder; ask is the Look's, answered after the pass). It
// returns with no command running.
func (s *Syncer) await(ctx context.Context, c *conn, inbox *FolderSpec, poll keepwarm.Timer) (full bool, ask chan error, err error) {
	// IDLE needs the inbox selected: the last folder synced is the
	// inbox, so a full pass or an inbox sync leaves it selected.
	var idle *imapclient.IdleCommand
	var renew <-chan time.Time
	var renewT keepwarm.Timer
	if c.idle && inbox != nil && c.Mailbox() != nil {
		cmd, err := c.Idle()
		if err != nil {
			return false, nil, fmt.Errorf("mailsync: %s: idle: %w", s.cfg.Name, err)
		}
		idle = cmd
		c.idling()
		renewT = s.clock.NewTimer(c.timeouts.IdleRenew)
		renew = renewT.C()
		s.log.Debug("idle started")
	} else {
		c.quiet() // nothing asked: the server may stay silent until the next poll
	}
	select {
	case <-ctx.Done():
		return false, nil, ctx.Err()
	case <-c.Closed():
		return false, nil, fmt.Errorf("mailsync: %s: %w", s.cfg.Name, errConnLost)
	case <-c.exists:
		s.log.Debug("woken by EXISTS")
	case <-renew:
		// Servers end an IDLE after about 30 minutes; a fresh one, and
		// an inbox check on the way, keeps the link known alive.
		s.log.Debug("renewing idle")
	case <-poll.C():
		full = true
	case ask = <-s.asks:
		full = true
		s.log.Debug("woken by a look before a nudge")
	}
	if renewT != nil {
		renewT.Stop()
	}
	c.busy()
	if idle != nil {
		err := idle.Close()
		if err != nil {
			err = fmt.Errorf("mailsync: %s: stop idle: %w", s.cfg.Name, err)
		} else if err = idle.Wait(); err != nil {
			err = fmt.Errorf("mailsync: %s: idle: %w", s.cfg.Name, err)
		}
		if err != nil {
			if ask != nil {
				ask <- err // buffered
			}
			return false, nil, err
		}
	}
	return full, ask, nil
}

// Look asks the running session (Run) for a pass over every folder now and
// waits until it is stored: the reply watch's look before it nudges, so an
// answer just filed in Sent, which IDLE on the inbox does not see, is found
// first. It uses the session's connection (no new login). It returns at
// once with an error when no session is connected (the mailbox is
// reconnecting, or stopped), and gives up with ctx.
func (s *Syncer) Look(ctx context.Context) error {
	if !s.live.Load() {
		return fmt.Errorf("mailsync: %s: not connected", s.cfg.Name)
	}
	done := make(chan error, 1)
	select {
	case s.asks <- done:
	case <-ctx.Done():
		return fmt.Errorf("mailsync: %s: look: %w", s.cfg.Name, ctx.Err())
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("mailsync: %s: look: %w", s.cfg.Name, ctx.Err())
	}
}

// lookResult is what a pass answers a Look: its error, else one naming
// the configured folders gone from the server. The pass over the rest
// succeeded, but an answer filed in a gone folder cannot be seen, and
// whoever looks before acting must know it.
func lookResult(err error, mailbox string, gone []string) error {
	if err != nil || len(gone) == 0 {
		return err
	}
	return fmt.Errorf("mailsync: %s: %w", mailbox, GoneError{Folders: gone})
}

// GoneError says that configured folders (extra_folders, sent_folder) are
// gone from the server: the rest of the mailbox was read, but not them.
type GoneError struct{ Folders []string }

func (e GoneError) Error() string {
	q := make([]string, len(e.Folders))
	for i, f := range e.Folders {
		q[i] = strconv.Quote(f)
	}
	return "folder " + strings.Join(q, ", ") + " gone from the server, so mail filed there is not read (fix extra_folders or sent_folder, or bring the folder back)"
}

// logRetry says why the mailbox is about to try again: a mailbox that never
// had a session cannot connect (the server is down, the address or port is
// wrong); one that had a session lost it. The same failure again is said
// at DEBUG, with a reminder at most hourly (failStreak.say): a server down
// for a weekend, or one that cuts idle connections every few minutes,
// would otherwise put a line in the log every try.
func (s *Syncer) logRetry(connected, retryable bool, err error, d time.Duration) {
	level, tries := s.fails.say(err.Error(), s.clock.Now())
	if level == slog.LevelDebug {
		s.log.Debug("mailbox sync failed again the same way; will retry", "in", d, "err", err)
		return
	}
	attrs := []any{"in", d, "err", err}
	if tries > 0 {
		attrs = append(attrs, "same_failures_since_last_said", tries)
	}
	switch {
	case !retryable:
		s.log.Error("mailbox sync failed; retrying", attrs...)
	case !connected:
		s.fails.cannotConnect = true
		s.log.Warn("cannot connect; will retry", attrs...)
	default:
		s.log.Warn("connection lost; reconnecting", attrs...)
	}
}

// connectError marks a failure before a session began: the server could
// not be reached, TLS failed, or it refused the login.
type connectError struct{ err error }

func (e connectError) Error() string { return e.err.Error() }
func (e connectError) Unwrap() error { return e.err }

// alive records a completed pass over folders (or an IDLE round's inbox
// check) in the store, whether or not anything was new.
func (s *Syncer) alive(ctx context.Context, folders []FolderSpec) error {
	names := make([]string, len(folders))
	for i, f := range folders {
		names[i] = f.Name
	}
	if err := s.st.SyncAlive(ctx, s.cfg.Name, names, s.clock.Now()); err != nil {
		return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
	}
	if was := s.storeErr.Swap(nil); was != nil {
		s.log.Info("mailbox sync stores again", "was", *was)
	}
	// A fault in the backfill stands until a step of it passes: every
	// retry's pass comes before it, and meets nothing.
	if was := s.fault.Load(); was != nil && was.fill {
		return nil
	}
	if was := s.fault.Swap(nil); was != nil {
		s.log.Info("mailbox sync passes again after a fault", "was", was.why)
	}
	if why := s.fails.synced(); why != "" {
		s.log.Info("mailbox connected and synced again", "after", why)
	}
	return nil
}

// fillPassed clears a fault in the backfill once one of its steps passes.
func (s *Syncer) fillPassed() {
	if was := s.fault.Load(); was != nil && was.fill && s.fault.CompareAndSwap(was, nil) {
		s.log.Info("mailbox sync passes again after a fault", "was", was.why)
		s.fails.synced()
	}
}

// UntilRestarted ends the verdict of a stop that lasts until keepwarm is
// restarted, in every reason recorded or reported for one (a mailbox's
// sync, its sending, its copies): `keepwarm auth` reads it in the recorded
// failure to say a new sign-in still needs the restart.
const UntilRestarted = "until it is restarted"

// GiveUpReason is the failure recorded for a mailbox whose login was
// refused n times in a row, the last time with err.
func GiveUpReason(n int, err error) error {
	return fmt.Errorf("login refused %d times in a row, keepwarm stopped trying "+UntilRestarted+": %w", n, err)
}

// giveUp stops a mailbox whose login was refused n times in a row: trying
// the same credentials again only hammers the server (and can get the
// account locked). It says so in the log and in the store, where /healthz
// and the owner's digest read it, then waits for ctx: only a restart (after
// fixing the password or running `keepwarm auth`) tries again.
func (s *Syncer) giveUp(ctx context.Context, err error, n int) error {
	// The verdict first: the stored reason is cut at failureLen runes.
	reason := GiveUpReason(n, err)
	s.log.Error("mailbox login refused; stopped trying", "err", err, "refused", n)
	return s.stopUntilRestart(ctx, reason)
}

// stopUntilRestart records why the mailbox stopped (as a failure to
// connect, which /healthz and the owner's digest read), marks it stopped
// and waits for ctx.
func (s *Syncer) stopUntilRestart(ctx context.Context, reason error) error {
	if err := s.failed(ctx, connectError{reason}); err != nil {
		if s.fatal(err) {
			return err
		}
		s.noteStoreTrouble(err)
	}
	s.noteFail(reason)
	s.stopped.Store(true)
	<-ctx.Done()
	return nil
}

// unusable is Run for a mailbox that cannot be used as configured (its
// password could not be read, its provider does not fit its username):
// said once in the log and in the store, where /healthz and the owner's
// digest read it, as a failure to connect; then it waits for ctx, as
// after refused logins: only a restart reads the configuration and the
// secrets again.
func (s *Syncer) unusable(ctx context.Context) error {
	s.log.Error("mailbox cannot be used as configured; the other mailboxes go on", "err", s.cfg.Unusable)
	return s.stopUntilRestart(ctx, s.cfg.Unusable)
}

// DelayStart makes Run wait d (real time) before its first connection, so
// that many mailboxes starting together do not all log in at once. Call it
// before Run.
func (s *Syncer) DelayStart(d time.Duration) { s.startDelay = d }

// FirstSyncPending says why the mailbox's mail may not go yet: "" once a
// pass over all its folders, Sent included, completed in this process (Run
// or Sync). Until then a copy of mail sent since a restored backup was
// taken may be in Sent but not yet stored, and the dispatcher, not seeing
// it, would send the mail again (see Dispatcher.SetFirstSync). The reason
// names the latest failure when the sync failed.
func (s *Syncer) FirstSyncPending() string {
	if s.synced.Load() {
		return ""
	}
	why := "this mailbox's Sent folder is not synced yet since keepwarm started"
	if fail := s.lastFail.Load(); fail != nil {
		why = "this mailbox's sync has not succeeded since keepwarm started: " + *fail
	}
	return why
}

// OnFirstSync makes the first pass over all folders call f too (the
// dispatcher's Kick: the mailbox's mail held for it may go; the engine's:
// the nudges waiting for it may). Call it before Run or Sync.
func (s *Syncer) OnFirstSync(f func()) { s.onSynced = append(s.onSynced, f) }

// markSynced records a completed pass over all folders.
func (s *Syncer) markSynced() {
	if !s.synced.Swap(true) {
		for _, f := range s.onSynced {
			f()
		}
	}
}

// noteFail keeps why the latest pass or session failed, for FirstSyncPending.
func (s *Syncer) noteFail(err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		return
	}
	why := err.Error()
	s.lastFail.Store(&why)
}

// Stopped reports whether Run gave up after refused logins.
func (s *Syncer) Stopped() bool { return s.stopped.Load() }

// failureLen is the longest failure stored, in runes: a refused login's
// verdict, the refusal's advice and the provider's code fit (its
// description comes last and is what a cut takes).
const failureLen = 500

// failed records why a session ended, for /healthz.
func (s *Syncer) failed(ctx context.Context, cause error) error {
	var ce connectError
	reason := keepwarm.Clip(cause.Error(), failureLen)
	if err := s.st.SyncFailed(ctx, s.cfg.Name, s.clock.Now(), reason, errors.As(cause, &ce)); err != nil {
		return storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
	}
	return nil
}

// fatal says whether a store error is one Run cannot outlast.
func (s *Syncer) fatal(err error) bool {
	return s.opts.StoreFatal != nil && s.opts.StoreFatal(err)
}

// noteStoreTrouble keeps why the store refused a write, saying it in the
// log when it starts or its reason changes, not at every try.
func (s *Syncer) noteStoreTrouble(err error) {
	why := err.Error()
	if was := s.storeErr.Swap(&why); was == nil || *was != why {
		s.log.Error("cannot store what the mailbox sync reads; it waits and tries again", "err", err, "every", s.opts.RetryMax)
	}
}

// StoreTrouble says why Run cannot store what it syncs now (the database
// busy beyond its timeout, the disk full), "" when it can: it is cleared
// by the next pass that stores.
func (s *Syncer) StoreTrouble() string {
	if why := s.storeErr.Load(); why != nil {
		return *why
	}
	return ""
}

// Fault says why Run's latest session ended in a panic (a fault in
// keepwarm's own code meeting mail it did not expect), "" when a pass has
// completed since (a step of the backfill, for a panic in the backfill): it is retried, but the same mail will likely meet it
// again, so whoever runs keepwarm must hear of it at once.
func (s *Syncer) Fault() string {
	why, _ := s.FaultSince()
	return why
}

// FaultSince is Fault with when the first of its sessions in a row that
// ended in a panic ended.
func (s *Syncer) FaultSince() (string, time.Time) {
	if f := s.fault.Load(); f != nil {
		return f.why, f.since
	}
	return "", time.Time{}
}

// fault is a Syncer's Fault.
type fault struct {
	why   string
	since time.Time
	fill  bool // in the backfill (panicError.fill)
}

// Unusable says why the mailbox cannot be used as configured, nil when it
// can (MailboxConfig.Unusable).
func (s *Syncer) Unusable() error { return s.cfg.Unusable }

// failStreak is what Run last said and stored of its failures, so that the
// same failure again is neither logged at WARN nor written to the store at
// every try. It is Run's alone (one goroutine).
type failStreak struct {
	said    string    // the failure last logged at WARN or ERROR; "" none
	saidKey string    // keepwarm.SameFailure(said)
	saidAt  time.Time // when (the Syncer's clock)
	quiet   int       // the same failure since, logged at DEBUG
	wrote   string    // keepwarm.SameFailure of the failure last stored (SyncFailed)
	wroteAt time.Time
	// cannotConnect: the streak had a failure to connect, whose end is
	// worth a line.
	cannotConnect bool
}

// Intervals of failStreak: a failure unchanged for an hour is said again
// at WARN; stored again every 15 minutes (its failed_at stays recent).
const (
	failRemind  = time.Hour
	failRewrite = 15 * time.Minute
)

// say returns the level to log failure at now, and how many times the same
// failure went unsaid since it was last said.
func (f *failStreak) say(failure string, now time.Time) (slog.Level, int) {
	key := keepwarm.SameFailure(failure)
	if key == f.saidKey && now.Sub(f.saidAt) < failRemind {
		f.quiet++
		return slog.LevelDebug, 0
	}
	tries := f.quiet
	if key != f.saidKey {
		tries = 0
	}
	f.said, f.saidKey, f.saidAt, f.quiet = failure, key, now, 0
	return slog.LevelWarn, tries
}

// record says whether failure should be written to the store now.
func (f *failStreak) record(failure string, now time.Time) bool {
	key := keepwarm.SameFailure(failure)
	if key == f.wrote && now.Sub(f.wroteAt) < failRewrite {
		return false
	}
	f.wrote, f.wroteAt = key, now
	return true
}

// synced ends the streak's store bookkeeping after a completed pass (a
// later failure is stored again: the pass is newer than the failure), and
// returns the failure to connect it ended, if any, to say so once. What
// was said stays: a server that cuts idle connections every few minutes
// is said once an hour, not once a cut.
func (f *failStreak) synced() string {
	f.wrote = ""
	if !f.cannotConnect {
		return ""
	}
	f.cannotConnect = false
	why := f.said
	f.said, f.saidKey = "", ""
	return why
}
