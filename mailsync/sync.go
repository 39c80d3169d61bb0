package mailsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"keepwarm"
	"keepwarm/mailsync/parse"
)

// SyncOptions tune a Syncer. Zero values get the defaults in brackets.
type SyncOptions struct {
	BatchSize    int           // UIDs per FETCH [500]; a store with BeginSave keeps one transaction across a folder's batches
	BodyPrefix   int           // bytes of body text fetched for the snippet [4096]
	PollInterval time.Duration // live mode: how often every folder is checked [30s]
	// RecentText is the recent window of a folder's first sync [keepwarm.DefaultRecentWindow]:
	// ordinary incoming mail that arrived before it is stored from its
	// header, its text fetched later by the backfill; <0: every message
	// with its text at once.
	RecentText time.Duration
	// OnIngest is called for each stored batch that added new messages,
	// once its transaction has committed.
	// It runs on the sync goroutine: keep it short (signal a channel).
	OnIngest func(keepwarm.SaveResult)
	// Progress reports copies stored so far and the total known so far; the
	// total grows as later folders are examined.
	Progress func(done, total int)

	RetryMin    time.Duration // first reconnect delay [1s]
	RetryMax    time.Duration // cap of the doubling reconnect delay [2m]
	MaxAttempts int           // Sync: connections tried without progress before failing [5]
	// MaxLoginFailures is how many refused logins in a row make Run stop
	// trying (it says so in the log and the store) [3]; <0 never stops.
	MaxLoginFailures int
	DialTimeout      time.Duration // TCP connect timeout [30s]
	// StoreFatal says which store errors Run cannot outlast (a corrupt or
	// closed database): Run returns them. Any other (busy, disk full) only
	// holds this mailbox's sync, retried after RetryMax; nil: none is.
	StoreFatal func(error) bool
}

func (o SyncOptions) withDefaults() SyncOptions {
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.BodyPrefix <= 0 {
		o.BodyPrefix = 4096
	}
	if o.RecentText == 0 {
		o.RecentText = keepwarm.DefaultRecentWindow
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 30 * time.Second
	}
	if o.RetryMin <= 0 {
		o.RetryMin = time.Second
	}
	if o.RetryMax <= 0 {
		o.RetryMax = 2 * time.Minute
	}
	if o.RetryMax < o.RetryMin {
		o.RetryMax = o.RetryMin
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 5
	}
	if o.MaxLoginFailures == 0 {
		o.MaxLoginFailures = 3
	}
	if o.DialTimeout <= 0 {
		o.DialTimeout = 30 * time.Second
	}
	return o
}

// Syncer syncs one mailbox into a Store. It is not safe for concurrent use:
// call one of Sync or Run at a time.
type Syncer struct {
	cfg   MailboxConfig
	st    Store
	team  *parse.Team
	clock keepwarm.Clock
	log   *slog.Logger
	opts  SyncOptions

	done, total int // progress of the current pass
	stopped     atomic.Bool
	storeErr    atomic.Pointer[string] // why Run cannot store what it syncs now; nil: it can
	fault       atomic.Pointer[fault]  // the panic that ended Run's latest session; nil: none since a pass (in the backfill: a step of it) completed
	fails       failStreak             // Run's failures, said and stored once each (logRetry)
	startDelay  time.Duration
	echoes      atomic.Int64 // header-field echoes compacted (see echoCompactor)

	// asks are Look's requests to the running session, each answered on
	// its channel when the pass it asked for is done; live is true while a
	// session is connected and can take them.
	asks chan chan error
	live atomic.Bool

	// gone are the configured folders left out because the server no
	// longer has them (discoverFolders), each logged once.
	goneMu sync.Mutex
	gone   map[string]bool
	// goneChecked: the store's gone marks of this mailbox's folders were
	// matched to the configuration once (noteGone); a folder taken out of
	// the configuration keeps none.
	goneChecked bool
	// noSent says what the last discovery found of a salesperson's
	// mailbox with no Sent folder (noteNoSent); "" when it found one.
	noSent string
	// severalSent names the Sent folders the last discovery chose among
	// (noteSeveralSent); "" when there was no choice. severalSentUsing is
	// the folder copies go to and the Sent folders read, to log a change.
	severalSent, severalSentUsing string
	// noAll says, for a ReadAll mailbox, that the last discovery found
	// no \All folder and read INBOX instead; "" when it found one.
	noAll string
	// chosen are the folders the last discovery picked to sync (nil
	// before the first): Folders.
	chosen []string
	// drops are the connections lost in FETCHes (fetchAll).
	drops drops
	// unreadable are the folder names the server sent that imapclient
	// cannot read, left out of LIST answers (badListName); true once
	// logged.
	unreadableMu sync.Mutex
	unreadable   map[string]bool
	// listDropped are the names left out since the last takeDropped: the
	// last folder list's, for discovery to name.
	listDropped []string
	// synced is true once a pass over every folder (Sent included)
	// completed in this process; lastFail is why the latest pass or
	// session failed, nil before any did (FirstSyncPending).
	synced   atomic.Bool
	lastFail atomic.Pointer[string]
	onSynced []func() // OnFirstSync's
}

// NewSyncer returns a Syncer for one mailbox. It does not connect.
func NewSyncer(cfg MailboxConfig, st Store, team *parse.Team, clock keepwarm.Clock, log *slog.Logger, opts SyncOptions) *Syncer {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if clock == nil {
		clock = keepwarm.SystemClock{}
	}
	return &Syncer{
		cfg: cfg, st: st, team: team, clock: clock, opts: opts.withDefaults(),
		log: log.With("mailbox", cfg.Name), asks: make(chan chan error),
	}
}

// Summary counts what a Sync pass did.
type Summary struct {
	Folders    []FolderSummary
	Fetched    int // copies fetched and stored
	New        int // messages not stored before
	Copies     int // copies of messages already stored
	Flagged    int // new messages stored raw with a parse error
	Reconnects int // connections lost and re-made during the pass
	// Gone are the configured folders (extra_folders, sent_folder) synced
	// before and no longer on the server: left out of the pass, their
	// position kept for when they come back.
	Gone     []string
	Duration time.Duration
}

// FolderSummary is one folder's part of a Summary.
type FolderSummary struct {
	Name    string
	Role    keepwarm.FolderRole
	Fetched int
	New     int
	Skipped bool // nothing new: no FETCH was sent
	Reset   bool // UIDVALIDITY changed: the folder was synced again from the start
}

func (sum *Summary) folder(f FolderSpec) *FolderSummary {
	for i := range sum.Folders {
		if sum.Folders[i].Name == f.Name {
			return &sum.Folders[i]
		}
	}
	sum.Folders = append(sum.Folders, FolderSummary{Name: f.Name, Role: f.Role})
	return &sum.Folders[len(sum.Folders)-1]
}

func (sum *Summary) add(fs *FolderSummary, n int, r keepwarm.SaveResult) {
	sum.Fetched += n
	sum.New += r.New
	sum.Copies += r.Copies
	sum.Flagged += r.Flagged
	fs.Fetched += n
	fs.New += r.New
}

// Sync does one pass over every folder of the mailbox and blocks until it is
// done: it fetches what arrived since the stored position, stores it, and
// logs out. A dropped connection is re-made with backoff (on the injected
// clock) and the pass resumes from the stored position, so the result is
// complete and has no duplicates. It fails when the server refuses something
// (login, a folder), the store fails, ctx is cancelled, or MaxAttempts
// connections in a row make no progress.
func (s *Syncer) Sync(ctx context.Context) (Summary, error) {
	start := time.Now()
	var sum Summary
	s.done, s.total = 0, 0
	bo := newBackoff(s.opts.RetryMin, s.opts.RetryMax)
	connected := false // a connection was made in this sync
	for attempt := 1; ; attempt++ {
		before := sum.Fetched
		err := s.pass(ctx, &sum)
		if err == nil {
			sum.Duration = time.Since(start)
			s.markSynced()
			return sum, nil
		}
		s.noteFail(err)
		var ce connectError
		connected = connected || !errors.As(err, &ce)
		if ctx.Err() != nil {
			return sum, fmt.Errorf("mailsync: %s: sync: %w", s.cfg.Name, ctx.Err())
		}
		if sum.Fetched > before {
			attempt = 1 // progress was made: the link works, keep going
			bo.reset()
		}
		if !retryable(err) || attempt >= s.opts.MaxAttempts {
			return sum, err
		}
		d := bo.delay()
		if connected {
			s.log.Warn("connection lost; reconnecting", "err", err, "attempt", attempt, "delay", d)
		} else {
			s.log.Warn("cannot connect; will retry", "in", d, "err", err, "attempt", attempt)
		}
		sum.Reconnects++
		if err := wait(ctx, s.clock, d); err != nil {
			return sum, fmt.Errorf("mailsync: %s: sync: %w", s.cfg.Name, err)
		}
	}
}

// pass is one connection's attempt at a full sync.
func (s *Syncer) pass(ctx context.Context, sum *Summary) error {
	c, err := s.connect(ctx)
	if err != nil {
		return connectError{err}
	}
	defer c.close()
	folders, err := s.discoverFolders(ctx, c, false)
	if err != nil {
		return err
	}
	sum.Gone = s.goneFolders()
	if err := s.syncFolders(ctx, c, folders, sum); err != nil {
		return err
	}
	if err := s.alive(ctx, folders); err != nil {
		return err
	}
	if err := c.Logout().Wait(); err != nil {
		s.log.Debug("logout", "err", err)
	}
	return nil
}

// syncFolders syncs each folder in turn on c.
func (s *Syncer) syncFolders(ctx context.Context, c *conn, folders []FolderSpec, sum *Summary) error {
	for _, f := range folders {
		if err := s.syncFolder(ctx, c, f, sum); err != nil {
			return err
		}
	}
	return nil
}

// folderState reads the stored position; a folder never synced starts empty.
func (s *Syncer) folderState(ctx context.Context, folder string) (keepwarm.FolderState, error) {
	st, err := s.st.FolderState(ctx, s.cfg.Name, folder)
	if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		return keepwarm.FolderState{Mailbox: s.cfg.Name, Folder: folder}, nil
	}
	if err != nil {
		return st, storeError{fmt.Errorf("mailsync: %s: %w", s.cfg.Name, err)}
	}
	return st, nil
}

// isStoreErr reports whether err came from the Store.
func isStoreErr(err error) bool {
	var se storeError
	return errors.As(err, &se)
}
