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
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3" // the SQLite driver, and its error codes
)

//go:embed migrations/*.sql
var migrationFS embed.FS

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
}

// dsn puts the SQLite settings into the connection string so that every
// pooled connection gets them (a PRAGMA via Exec reaches only one).
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "10000")
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
func Open(ctx context.Context, path string, now time.Time) (*DB, error) {
	if err := create(ctx, path); err != nil {
		return nil, fmt.Errorf("store: create %s: %w", path, err)
	}
	w, err := sqlx.Open("sqlite3", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := pingBusy(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db := &DB{path: path, w: w}
	if err := db.migrate(ctx, now); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sqlx.Open("sqlite3", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s read-only: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	db.r = r
	ck, err := sqlx.Open("sqlite3", dsn(path, false))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("store: open %s for checkpoints: %w", path, err)
	}
	ck.SetMaxOpenConns(1)
	db.ck, db.ckKick, db.ckDone = ck, make(chan struct{}, 1), make(chan struct{})
	go db.checkpointer(db.ckKick)
	return db, nil
}

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
	if db.ckKick == nil {
		return // opening (migrations checkpoint as they commit) or closed
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
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
		return nil
	}
	return err
}

// Exposed lists the database's files (the database, its -wal and -shm)
// that users other than their owner may read or write, for a warning at
// start: databases made before keepwarm created them private, or copied
// with a lax umask.
func Exposed(path string) []string {
	var out []string
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 {
			out = append(out, fmt.Sprintf("%s (%s)", p, fi.Mode().Perm()))
		}
	}
	return out
}

// pingBusy opens the first connection. Switching a new database file to WAL
// takes an exclusive lock, and SQLite answers BUSY there at once instead of
// waiting out busy_timeout; two processes starting on a new database (a
// `run` and a `sync`) meet that. It retries for a few seconds on BUSY or
// LOCKED only.
func pingBusy(ctx context.Context, db *sqlx.DB) error {
	delay := 5 * time.Millisecond
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := db.PingContext(ctx)
		var se sqlite3.Error
		if err == nil || !errors.As(err, &se) || (se.Code != sqlite3.ErrBusy && se.Code != sqlite3.ErrLocked) || time.Now().After(deadline) {
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

// Close stops the checkpointer and closes every handle.
func (db *DB) Close() error {
	var first error
	db.ckMu.Lock()
	kick := db.ckKick
	db.ckKick = nil
	db.ckMu.Unlock()
	if kick != nil {
		close(kick)
		<-db.ckDone
		first = db.ck.Close()
	}
	if db.r != nil {
		if err := db.r.Close(); err != nil && first == nil {
			first = err
		}
	}
	if err := db.w.Close(); err != nil && first == nil {
		first = err
	}
	return first
}

// Path returns the database file's path.
func (db *DB) Path() string { return db.path }

func (db *DB) migrate(ctx context.Context, now time.Time) error {
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		version := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", version, err)
		}
		// The check is inside the (immediate, so exclusive) transaction: two
		// processes opening a new database at once must not both apply it.
		err = db.inTx(ctx, func(tx *sqlx.Tx) error {
			var n int
			if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`, version, now.Unix())
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", version, err)
		}
	}
	return nil
}

// inTx runs fn in one write transaction, committing when fn returns nil.
// Never call another DB method that writes from inside fn: there is one
// writer connection and it would deadlock.
func (db *DB) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := db.w.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// unix and fromUnix convert between time.Time and the stored Unix seconds;
// the zero time is stored as NULL by the callers that allow it.
func unix(t time.Time) int64 { return t.Unix() }

func fromUnix(s int64) time.Time { return time.Unix(s, 0).UTC() }
