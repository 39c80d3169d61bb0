// Package app wires keepwarm's parts together from a validated config: the
// store, the syncers, the engine's jobs, the dispatcher, the ops server and
// the adapters between them. The command line, the demo and the web UI each
// hold an App; none of them reaches around it into the lower packages'
// wiring.
package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"sync"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/worldcal"
)

// App is keepwarm built from one config file: the store it opened, the one
// logger and the clock. Its methods build the daemon's parts; they hold no
// state of their own, so an App may build several (a ticker, a daemon).
type App struct {
	Cfg *config.Config
	// ConfigPath is the file Cfg was read from, for messages.
	ConfigPath string
	// Version is the build's version for the daemon's start line; "" when
	// the build recorded none.
	Version string
	DB      *store.DB
	Log     *slog.Logger
	Clock   keepwarm.Clock
	// Getenv resolves password_env variables.
	Getenv func(string) string
	// QuietConfigWarnings logs the config's standing warnings at DEBUG
	// (configWarn): `tick --quiet` under cron, whose every tick would say
	// them again, so cron mailed them every few minutes; keepwarm check
	// and the daemon's start still say them.
	QuietConfigWarnings bool

	tokensMu sync.Mutex
	tokens   map[string]mailsync.TokenSource // per mailbox, shared by IMAP and SMTP

	secretsMu sync.Mutex
	secrets   map[string]secret // passwords read once per App (see Secret)

	zonesMu sync.Mutex
	zones   map[int64]mailZone // MailZone's answers, by customer, for mailZoneTTL

	// waitWarned is, per claim owner, the last sync the book job last
	// warned that claims no longer wait for (readBy): the warning is
	// logged once per sync.
	waitMu     sync.Mutex
	waitWarned map[string]time.Time
	robotsMu   sync.Mutex
	robots     map[string]string // each usable chat channel's robot (Fingerprint), by name, as ChatChannels last read it

	// onSettled, when set, hears of every mail the dispatcher marked
	// failed or uncertain (the Ticker's GaveUp).
	onSettled func(keepwarm.OutboxItem, keepwarm.OutboxStatus, string)
	// ticking, set by NewTicker: the follow-up job is a tick's
	// (FollowUpConfig.NoStartRelease).
	ticking bool

	// starting, set by the daemon, names the mailboxes whose first sync
	// since the start is still awaited (Daemon.starting): the digests and
	// the weekly summary wait for them, as the nudges do.
	starting func() []string

	// syncFaults, set by the daemon, names the mailboxes whose sync
	// stopped on a panic, with it, for the digests.
	syncFaults func() []sequences.DigestMailbox

	// wall is Options.Wall: the machine's clock where Clock replays
	// another time (--now); nil: Clock.
	wall keepwarm.Clock
}

// Calendars are the customers' weekends and holidays with the team's
// [[calendar.override]] rows (a new set on each call: each job keeps its own).
func (a *App) Calendars() (*worldcal.Set, error) {
	return a.Cfg.Calendars()
}

// configWarn logs a warning about the config that holds for as long as
// the config does (no [notify], a template failing for some customers):
// at DEBUG when QuietConfigWarnings is set.
func (a *App) configWarn(msg string, args ...any) {
	level := slog.LevelWarn
	if a.QuietConfigWarnings {
		level = slog.LevelDebug
	}
	a.Log.Log(context.Background(), level, msg, args...)
}

// Options are what Open needs besides the config file.
type Options struct {
	Log   *slog.Logger
	Clock keepwarm.Clock
	// Wall, when set, is the machine's clock where Clock replays another
	// time (--now): the migrations an upgrade applies are stamped with it.
	// The upgrade happens now whatever day a command looks at, and 0286
	// and 0374 tell the clocks that went past their target before it by
	// that stamp. nil: Clock.
	Wall   keepwarm.Clock
	Getenv func(string) string
	// FirstSync is set by the commands that sync and serve nothing
	// meanwhile (sync, tick): a database that holds no mail yet stays in a
	// rollback journal until EndFirstSync (store.FirstSync).
	FirstSync bool
	// MigrationWait, when set (run), is how long a keepwarm found holding
	// the dispatch lock for a short while (applying migrations, a digest
	// sending) is waited for before this one applies its own migrations,
	// instead of refusing at once: a restart during an upgrade must not
	// fail for what ends by itself.
	MigrationWait time.Duration
	// AsItIs is set by a command that must see the database as it is
	// (backup): no migration is applied, so the copy taken before an
	// upgrade is the database the build being replaced opens.
	AsItIs bool
}

// Open reads and validates the config at path and opens its database
// (creating and migrating it when needed). Close releases it.
func Open(ctx context.Context, path string, opt Options) (*App, error) {
	cfg, err := config.Load(path)
	if err != nil {
		return nil, err
	}
	a := New(cfg, nil, opt)
	a.ConfigPath = path
	so := []store.OpenOption{store.FreeMail(a.Team().IsFreeMail)}
	if opt.FirstSync {
		so = append(so, store.FirstSync())
	}
	if opt.AsItIs {
		so = append(so, store.AsItIs())
	} else {
		so = append(so, store.BeforeMigrating(func(pending []string) (func(), error) {
			return notWhileRunningWait(ctx, a.Log, cfg.DatabasePath(), pending, opt.MigrationWait)
		}))
	}
	stamp := a.Clock.Now()
	if opt.Wall != nil {
		stamp = opt.Wall.Now()
	}
	db, err := store.Open(ctx, cfg.DatabasePath(), stamp, so...)
	if err != nil {
		return nil, unwritableDatabase(cfg, err)
	}
	a.DB = db
	db.SetClock(func() time.Time { return a.Clock.Now() })
	if db.FirstSyncJournal() {
		a.Log.Debug("the database holds no mail yet: its first sync goes through a rollback journal, then WAL")
	}
	if files := store.Exposed(cfg.DatabasePath()); len(files) > 0 {
		a.Log.Warn("the database holds customers' mail but other users of this machine can read it: chmod 600 these files",
			"files", strings.Join(files, ", "))
	}
	return a, nil
}

// New builds an App over an already open store (db may be nil for work
// that needs none, such as checking servers).
func New(cfg *config.Config, db *store.DB, opt Options) *App {
	a := &App{Cfg: cfg, DB: db, Log: opt.Log, Clock: opt.Clock, Getenv: opt.Getenv, wall: opt.Wall}
	if a.Log == nil {
		a.Log = slog.New(slog.DiscardHandler)
	}
	if a.Clock == nil {
		a.Clock = keepwarm.SystemClock{}
	}
	if db != nil {
		db.SetClock(func() time.Time { return a.Clock.Now() })
	}
	if a.Getenv == nil {
		a.Getenv = func(string) string { return "" }
	}
	return a
}

// EndFirstSync puts a database opened for a first sync in WAL once the
// sync pass over every mailbox is over (store.EndFirstSync); a failure is
// logged, and Close tries again.
func (a *App) EndFirstSync(ctx context.Context) {
	if a.DB == nil || !a.DB.FirstSyncJournal() {
		return
	}
	if err := a.DB.EndFirstSync(ctx); err != nil {
		a.Log.Warn("first sync done, but the database stays in its rollback journal for now", "err", err)
		return
	}
	a.Log.Debug("first sync done: the database is in WAL")
}

// Close closes the store.
func (a *App) Close() error {
	if a == nil || a.DB == nil {
		return nil
	}
	err := a.DB.Close()
	a.DB = nil
	return err
}

// UsageError is an error in what the user asked for (a mailbox name that is
// not configured, a flag value out of range) rather than in keepwarm's work:
// the command line prints it with a pointer to --help.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Team builds the classifier's view of who is on the team.
func (a *App) Team() *parse.Team {
	return parse.NewTeam(a.Cfg.Team.InternalDomains, a.Cfg.TeamAddresses(), a.Cfg.FreeMail()).WithRelaySenders(a.Cfg.Team.RelaySenders).WithCompanyDomains(a.Cfg.Team.CompanyDomains)
}

// unwritableDatabase says what to do when the file system refused the
// database (its directory read-only, as /etc is under the README's systemd
// unit, or not a directory): other errors are returned as they are.
func unwritableDatabase(cfg *config.Config, err error) error {
	var pe *fs.PathError
	msg := err.Error()
	if !errors.As(err, &pe) && !errors.Is(err, fs.ErrPermission) &&
		!strings.Contains(msg, "readonly database") && !strings.Contains(msg, "unable to open database file") {
		return err
	}
	return fmt.Errorf("%w: keepwarm must be able to write the database and the files beside it (-wal, -shm, .lock): %s", err, DatabaseFix(cfg))
}

// secret is a password read once, or why it could not be.
type secret struct {
	value string
	err   error
}

// Secret reads the password named key (a mailbox's, "notify") with read
// the first time it is asked for, and gives that answer, value or error,
// every later time: the sync, the pre-send look and the sender all use a
// mailbox's password, and a password_cmd run once per part would bring a
// pinentry prompt up several times, or give the parts different passwords
// when it rotates.
func (a *App) Secret(ctx context.Context, key string, read func() (string, error)) (string, error) {
	a.secretsMu.Lock()
	defer a.secretsMu.Unlock()
	if s, ok := a.secrets[key]; ok {
		return s.value, s.err
	}
	v, err := read()
	if ctx.Err() != nil {
		return v, err // cut short: not the secret's answer, not kept
	}
	if a.secrets == nil {
		a.secrets = map[string]secret{}
	}
	a.secrets[key] = secret{v, err}
	return v, err
}
