// Package store keeps keepwarm's state in one SQLite file through sqlx:
// messages and where their copies live, threads, customers and contacts, sync
// positions, and (from later migrations) reply clocks, sequences and the outbox.
//
// Schema changes are numbered files in migrations/, each run once in its own
// transaction and recorded. Queries live in queries/*.sql. Every time value is
// stored as INTEGER Unix seconds (UTC) and every "now" comes from the caller:
// SQL never reads the wall clock.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3" // the SQLite driver, and its error codes

	"keepwarm"
)

// DB is an open keepwarm database. It has one writer connection (SQLite allows
// one writer; a single pooled connection avoids SQLITE_BUSY between our own
// goroutines) and a separate pool of read-only connections.
type DB struct {
	path string
	w    *sqlx.DB // the only writer
	r    *sqlx.DB // read-only pool

	ck          *sqlx.DB      // the checkpointer's connection
	ckMu        sync.Mutex    // guards ckKick against a Close during a kick
	ckKick      chan struct{} // wakes the checkpointer; closed and nil once closing
	ckDone      chan struct{} // closed when the checkpointer has stopped
	checkpoints atomic.Int64  // checkpoints the checkpointer ran (for tests)

	// stamp writes a session's last-seen time (see Session) on a
	// connection of its own with a short busy timeout, so a request never
	// queues behind the writer for it. stampQuiet is the Unix second
	// before which no stamp is tried after one failed.
	stamp      *sqlx.DB
	stampQuiet atomic.Int64

	// loading is true while this process keeps the database in a rollback
	// journal for its first sync (see FirstSync); EndFirstSync puts it in
	// WAL. rollback is true when the file may be in a rollback journal,
	// this process's first sync's or another's: commits are then durable
	// and no checkpoints are asked for.
	loading, rollback atomic.Bool
	// taggedKeys: 0 not known yet, 1 no, 2 threads holds keys made with a
	// gateway's tag before the tags were left out (see hasTaggedKeys).
	taggedKeys atomic.Int32

	// freeMail is the team's free-mail rule (FreeMail); nil: only the
	// flag a bounce's parse gave (Message.BouncedFreeMail) counts.
	freeMail func(domain string) bool

	// clock is the process's clock (SetClock), which dates an outbox item
	// ending unsent (ended_at); nil: the latest time the item tells.
	clock atomic.Pointer[func() time.Time]
}

// SetClock gives the store the process's clock (keepwarm's, injectable),
// which dates when an outbox item ends unsent: skipped, failed or
// uncertain (its ended_at), where the caller passes no time of its own.
// Without one, such an item is dated by the latest time it tells (created,
// due or held to, attempted), which is before the end when the dispatcher
// came to it late.
func (db *DB) SetClock(now func() time.Time) {
	if now == nil {
		db.clock.Store(nil)
		return
	}
	db.clock.Store(&now)
}

// endedAt is ended_at for an item ending unsent now: the clock's Unix
// second, NULL without a clock.
func (db *DB) endedAt() sql.NullInt64 {
	if c := db.clock.Load(); c != nil {
		return sql.NullInt64{Int64: unix((*c)()), Valid: true}
	}
	return sql.NullInt64{}
}

// OpenOption changes how Open opens a database.
type OpenOption func(*openOptions)

type openOptions struct {
	firstSync bool
	asItIs    bool
	migrating func(pending []string) (release func(), err error)
	freeMail  func(domain string) bool
}

// FreeMail gives Open the team's free-mail rule (parse.Team.IsFreeMail):
// a bounce applied once the mail it returns is stored (see lateBounces),
// read from the database without the flag its parse gave it, asks it
// whether a failed address is at free mail, where it is a customer of its
// own and never of its domain's.
func FreeMail(isFree func(domain string) bool) OpenOption {
	return func(o *openOptions) { o.freeMail = isFree }
}

// AsItIs has Open apply no migration, for a command that must see the
// database as it is (keepwarm backup: the copy taken before an upgrade is
// of the database the build being replaced opens). A database a newer
// keepwarm migrated is still refused, and one that does not exist is not
// created.
func AsItIs() OpenOption { return func(o *openOptions) { o.asItIs = true } }

// BeforeMigrating has Open call fn, before anything is applied, with the
// names of the migrations a database that has some already is about to
// have applied; an error from fn fails Open and nothing is applied. A
// release fn returns is called once the migrations are over (applied or
// failed). It is not called for a new database nor when nothing is
// pending.
func BeforeMigrating(fn func(pending []string) (release func(), err error)) OpenOption {
	return func(o *openOptions) { o.migrating = fn }
}

// FirstSync tells Open that the caller syncs mailboxes next and serves no
// readers meanwhile (keepwarm sync, tick; not run). A database that holds
// no mail yet then stays in a rollback journal until EndFirstSync (or
// Close) puts it in WAL, the mode every other time.
//
// In WAL every page is written twice, into the WAL and from there into the
// database: a first sync, which only adds, wrote 2.0-2.4 times the
// database's size. A rollback journal keeps only the earlier content of
// pages a transaction changes, and pages past the end of the file at its
// start have none, so most of a first sync is written once: 1.06-1.3
// times, with less CPU a message (no checkpoints; see the README's
// Performance). The cost is WAL's concurrency: while the writer commits,
// or spills a large transaction to the file, readers wait, and a commit
// waits for the readers under way (busy_timeout, 10 s), hence not for the
// daemon. Nothing depends on the mode: another process opening the
// database meanwhile puts it in WAL between two transactions (Open), one
// that had it open already keeps it in WAL, and a crash leaves a hot
// journal that the next Open rolls back (as a killed WAL transaction loses
// its frames) and the next first sync goes on in.
func FirstSync() OpenOption { return func(o *openOptions) { o.firstSync = true } }

// dsn puts the SQLite settings into the connection string so that every
// pooled connection gets them (a PRAGMA via Exec reaches only one).
func dsn(path string, readOnly bool) string {
	return dsnBusy(path, readOnly, 10*time.Second)
}

// dsnBusy is dsn with a busy timeout of its own.
func dsnBusy(path string, readOnly bool, busy time.Duration) string {
	q := url.Values{}
	// No _journal_mode: WAL is kept in the file (create, Open), and a
	// connection that set it would end a first sync's rollback journal.
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", strconv.FormatInt(busy.Milliseconds(), 10))
	q.Set("_foreign_keys", "on")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Set("mode", "ro")
	} else {
		// A sync batch dirties a page of every random-key index (Message-ID,
		// thread keys) per message; with the default 2 MB cache SQLite spills
		// and rereads them mid-transaction, which halves the ingest rate on a
		// mailbox of some 10,000 messages. 16 MB (allocated as used) keeps
		// them: storing 100,000 realistic messages (BenchmarkSyncWrites) took
		// the same CPU per message and wrote the same bytes as with 64 MB,
		// and the process's peak memory is up to 48 MB lower.
		q.Set("_cache_size", "-16384")
	}
	return "file:" + uriPath(path) + "?" + q.Encode()
}

// uriPath escapes what would end or corrupt the path part of an SQLite URI
// filename: '?' starts the parameters, '#' a fragment, '%' an escape.
func uriPath(path string) string {
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Open opens (creating if needed) the database at path and applies pending
// migrations. now stamps the migrations it records.
func Open(ctx context.Context, path string, now time.Time, opts ...OpenOption) (*DB, error) {
	var o openOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.asItIs {
		if fi, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) || err == nil && fi.Size() == 0 {
			return nil, keepwarm.Errorf(keepwarm.ENOTFOUND, "store: no database at %s", path)
		}
	}
	if err := create(ctx, path); err != nil {
		return nil, fmt.Errorf("store: create %s: %w", path, err)
	}
	w, err := sqlx.Open(driverName, dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := pingBusy(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db := &DB{path: path, w: w, freeMail: o.freeMail}
	if err := db.migrate(ctx, now, o.asItIs, o.migrating); err != nil {
		w.Close()
		return nil, err
	}
	if err := db.chooseJournal(ctx, o.firstSync); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r, err := sqlx.Open(driverName, dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s read-only: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	db.r = r
	ck, err := sqlx.Open(driverName, dsn(path, false))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s for checkpoints: %w", path, err)
	}
	ck.SetMaxOpenConns(1)
	db.ck, db.ckKick, db.ckDone = ck, make(chan struct{}, 1), make(chan struct{})
	go db.checkpointer(db.ckKick)
	stamp, err := sqlx.Open(driverName, dsnBusy(path, false, stampWait))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s for last-seen stamps: %w", path, err)
	}
	stamp.SetMaxOpenConns(1)
	db.stamp = stamp
	return db, nil
}

// chooseJournal puts a database that holds no mail in a rollback journal
// for a first sync (see FirstSync). It runs while the writer is the
// process's only connection: leaving WAL needs every other connection
// closed, and another process that has the file open keeps it in WAL.
func (db *DB) chooseJournal(ctx context.Context, firstSync bool) error {
	var mode string
	if err := db.w.GetContext(ctx, &mode, "PRAGMA journal_mode"); err != nil {
		return err
	}
	if firstSync {
		var mail bool
		if err := db.w.GetContext(ctx, &mail, "SELECT EXISTS (SELECT 1 FROM messages)"); err != nil {
			return err
		}
		if mode != "wal" || !mail {
			// A first sync, or one a crash interrupted (the file is still
			// in its rollback journal).
			if err := db.w.GetContext(ctx, &mode, "PRAGMA journal_mode = TRUNCATE"); err != nil && !busy(err) {
				return err
			}
			if mode == "truncate" {
				db.loading.Store(true)
				db.rollback.Store(true)
				return nil
			}
		}
	}
	if mode == "wal" {
		return nil
	}
	// A file in a rollback journal without FirstSync: one a crash
	// interrupted, or a first sync under way in another process. WAL
	// again, so that this process's readers never hold its writer up; a
	// first sync's process goes on in WAL. When that process's writer does
	// not let go for a moment, work in its journal (durably, see
	// relaxedPragmas); it puts the file in WAL when it is done.
	if err := db.toWAL(ctx, otherWALWait); err != nil && !busy(err) {
		return err
	} else if err != nil {
		db.rollback.Store(true)
	}
	return nil
}

// otherWALWait is how long Open waits for another process's first sync to
// let go of the file to put it in WAL; toWAL's other callers wait longer.
const otherWALWait = 2 * time.Second

// toWAL puts the database in WAL, waiting at most about wait for other
// connections to let go of their locks (the writer's busy handler is
// shortened for it); it then fails with SQLite's BUSY, or with the
// deadline when a SaveTx left open holds the writer connection.
func (db *DB) toWAL(ctx context.Context, wait time.Duration) error {
	cctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	conn, err := db.w.Connx(cctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", max(wait.Milliseconds()/4, 10))); err != nil {
		return err
	}
	defer conn.ExecContext(context.Background(), "PRAGMA busy_timeout = 10000")
	return retryBusy(ctx, wait, func() error {
		var mode string
		if err := conn.GetContext(ctx, &mode, "PRAGMA journal_mode = WAL"); err != nil {
			return err
		}
		if mode != "wal" {
			return fmt.Errorf("journal_mode is %q after asking for WAL", mode)
		}
		return nil
	})
}

// EndFirstSync puts a database that Open left in a rollback journal for a
// first sync (FirstSync) in WAL; call it when the sync pass over every
// mailbox is over. It does nothing on a database this process did not open for a
// first sync, or has put in WAL already. On error the database stays as it
// is, and a later call (or Close) tries again.
func (db *DB) EndFirstSync(ctx context.Context) error {
	if !db.loading.Load() {
		return nil
	}
	if err := db.toWAL(ctx, endFirstSyncWait); err != nil {
		return fmt.Errorf("store: end the first sync's rollback journal: %w", err)
	}
	db.loading.Store(false)
	db.rollback.Store(false)
	return nil
}

// endFirstSyncWait bounds how long EndFirstSync waits for readers (in
// this process or another) to let go of the file.
const endFirstSyncWait = 10 * time.Second

// FirstSyncJournal reports whether this process keeps the database in the
// rollback journal of a first sync (FirstSync) still.
func (db *DB) FirstSyncJournal() bool { return db.loading.Load() }

// checkpointer copies the WAL back into the database file whenever a sync
// batch has committed (see inBatchTx), on its own connection. PASSIVE never
// blocks the writer or a reader; what a reader still needs is copied on a
// later round. An error is left to the next round and, failing that, to
// the writer's own checkpoint at its larger limit.
func (db *DB) checkpointer(kick <-chan struct{}) {
	defer close(db.ckDone)
	for range kick {
		if _, err := db.ck.Exec("PRAGMA wal_checkpoint(PASSIVE)"); err == nil {
			db.checkpoints.Add(1)
		}
	}
}

// kickCheckpoint asks the checkpointer for a round; a round already asked
// for covers this one.
func (db *DB) kickCheckpoint() {
	db.ckMu.Lock()
	defer db.ckMu.Unlock()
	if db.ckKick == nil || db.rollback.Load() {
		return // opening (migrations checkpoint as they commit), closed, or no WAL
	}
	select {
	case db.ckKick <- struct{}{}:
	default:
	}
}

// pageSize is the page size of a database Open creates. A sync batch writes
// every page it touched to the WAL, a header and a page per write call;
// at 8 KB that is half the calls of the default 4 KB, for about a tenth
// less CPU per message stored. An existing database keeps its page size.
const pageSize = 8192

// create gives a database file that does not exist yet (or is empty) its
// page size, which must be set before the switch to WAL writes the first
// page. Two processes creating one file at once are fine: the second
// finds the size set, or the file busy and leaves the rest to Open.
func create(ctx context.Context, path string) error {
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.Size() > 0:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		// The file holds customers' mail: only its owner may read it. SQLite
		// gives the -wal and -shm files the database file's mode, so they
		// are private too. A directory made for it is private as well.
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return err
		}
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if err == nil {
			err = f.Close()
		}
		if err != nil && !errors.Is(err, fs.ErrExist) { // another process made it first
			return err
		}
	case err != nil:
		return err
	}
	c, err := sql.Open("sqlite3", "file:"+uriPath(path)+"?_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.ExecContext(ctx, fmt.Sprintf("PRAGMA page_size = %d; PRAGMA journal_mode = WAL", pageSize))
	if busy(err) {
		return nil
	}
	return err
}

// Exposed lists the database's files (the database, its -wal and -shm, a
// first sync's -journal) that users other than their owner may read or
// write, for a warning at start: databases made before keepwarm created
// them private, or copied with a lax umask.
func Exposed(path string) []string {
	var out []string
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 {
			out = append(out, fmt.Sprintf("%s (%s)", p, fi.Mode().Perm()))
		}
	}
	return out
}

// pingBusy opens the first connection. Switching a new database file to WAL
// takes an exclusive lock, and SQLite answers BUSY there at once instead of
// waiting out busy_timeout; two processes starting on a new database (a
// `run` and a `sync`) meet that.
func pingBusy(ctx context.Context, db *sqlx.DB) error {
	return retryBusy(ctx, 10*time.Second, func() error { return db.PingContext(ctx) })
}

// Fatal reports whether err is one waiting cannot fix: the database file
// is corrupt or not a database, or the handle was closed. Busy, locked,
// full or an I/O error may pass (another writer finishes, space is freed).
func Fatal(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB) {
		return true
	}
	return errors.Is(err, sql.ErrConnDone) || strings.Contains(err.Error(), "sql: database is closed")
}

// busy reports whether err is SQLite's BUSY or LOCKED.
func busy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// retryBusy runs fn until it does not fail with BUSY or LOCKED, for at most
// about wait; then it returns fn's last error.
func retryBusy(ctx context.Context, wait time.Duration, fn func() error) error {
	delay := 5 * time.Millisecond
	deadline := time.Now().Add(wait)
	for {
		err := fn()
		if err == nil || !busy(err) || time.Now().After(deadline) {
			return err
		}
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		delay = min(2*delay, 200*time.Millisecond)
	}
}

// Close ends a first sync's rollback journal (EndFirstSync), stops the
// checkpointer and closes every handle.
func (db *DB) Close() error {
	// Bounded (toWAL): a SaveTx left open holds the writer connection.
	errs := []error{db.EndFirstSync(context.Background())}
	db.ckMu.Lock()
	kick := db.ckKick
	db.ckKick = nil
	db.ckMu.Unlock()
	if kick != nil {
		close(kick)
		<-db.ckDone
		errs = append(errs, db.ck.Close())
	}
	if db.stamp != nil {
		errs = append(errs, db.stamp.Close())
	}
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	errs = append(errs, db.w.Close())
	return errors.Join(errs...)
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

// inTx runs fn in one write transaction, committing when fn returns nil.
// Never call another DB method that writes from inside fn: there is one
// writer connection and it would deadlock. A panic in fn rolls the
// transaction back before it goes on up: a caller that recovers it (an
// engine job, a dispatcher pass) must find the writer free again.
func (db *DB) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// execEach runs each statement in tx, in order, and returns the rows they
// changed together.
func execEach(ctx context.Context, tx *sqlx.Tx, stmts ...stmt) (int64, error) {
	var n int64
	for _, x := range stmts {
		res, err := tx.ExecContext(ctx, x.query, x.args...)
		if err != nil {
			return n, err
		}
		k, err := res.RowsAffected()
		if err != nil {
			return n, err
		}
		n += k
	}
	return n, nil
}

// stmt is one statement of execEach: a query and its arguments.
type stmt struct {
	query string
	args  []any
}

// unix and fromUnix convert between time.Time and the stored Unix seconds;
// the zero time is stored as NULL by the callers that allow it.
func unix(t time.Time) int64 { return t.Unix() }

func fromUnix(s int64) time.Time { return time.Unix(s, 0).UTC() }
