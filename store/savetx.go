package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"keepwarm"
)

// A large sync stores its batches through one SaveTx, committing about once
// a second instead of once per batch. Nearly every batch touches nearly
// every page of the random-key indexes (Message-ID, threading keys, a
// customer's and a contact's messages), and each commit writes each page it
// touched to the WAL and the checkpoint writes it again into the database:
// fewer commits, fewer copies of those pages. It costs no memory: when the
// writer's page cache is full SQLite spills dirty pages into the WAL
// mid-transaction, and a page spilled and changed again in the same
// transaction overwrites its own frame (see BenchmarkSyncWrites).
//
// The transaction is relaxed like a single batch's (see inBatchTx): every
// batch carries its folder position, so what a crash or a power cut loses
// is fetched again. Other writers wait for the writer connection while it
// is open: Due turns true as soon as one does (in this process; another
// process waits out at most saveTxMaxAge in its busy timeout).

// Limits of one SaveTx transaction.
const (
	saveTxMaxAge  = time.Second
	saveTxMaxMsgs = 100_000 // the WAL holds them until the commit
)

// SaveTx is keepwarm.SaveTx on the database; BeginSave makes one.
type SaveTx struct {
	db      *DB
	maxAge  time.Duration
	maxMsgs int

	conn  *sql.Conn // nil when no transaction is open
	b     *batchTx
	begun time.Time
	msgs  int   // copies stored in the open transaction
	waits int64 // the writer pool's wait count when it began
}

// BeginSave returns a SaveTx; it opens its first transaction with its first
// batch. Commit or Rollback it before Close.
func (db *DB) BeginSave() keepwarm.SaveTx {
	return &SaveTx{db: db, maxAge: saveTxMaxAge, maxMsgs: saveTxMaxMsgs}
}

// SaveBatch is DB.SaveBatch inside the open transaction. When it fails,
// every batch since the last Commit is rolled back.
func (t *SaveTx) SaveBatch(ctx context.Context, state keepwarm.FolderState, batch []keepwarm.Incoming) (res keepwarm.SaveResult, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("store: save batch %s/%s: %w", state.Mailbox, state.Folder, err)
		}
	}()
	if t.conn == nil {
		if err := t.open(ctx); err != nil {
			return keepwarm.SaveResult{}, err
		}
	}
	defer func() {
		if r := recover(); r != nil {
			// endOnPanic rolled the transaction back, and Raw dropped
			// the connection; Conn.Close cannot be called inside Raw.
			t.conn.Close()
			t.conn, t.b = nil, nil
			panic(r)
		}
	}()
	err = t.conn.Raw(func(any) (err error) {
		defer t.b.endOnPanic()
		res, err = t.b.saveBatch(ctx, state, batch)
		return err
	})
	if err != nil {
		return keepwarm.SaveResult{}, t.end(err)
	}
	t.msgs += len(batch)
	return res, nil
}

func (t *SaveTx) open(ctx context.Context) error {
	// Writers that begin waiting for the connection while this transaction
	// holds it make it due. This one's own wait for it, if it had to, is
	// no reason (only one wait counted during Conn is taken for its own).
	waits := t.db.w.Stats().WaitCount
	conn, err := t.db.w.Conn(ctx)
	if err != nil {
		return err
	}
	if t.db.w.Stats().WaitCount > waits {
		waits++
	}
	err = conn.Raw(func(dc any) (err error) {
		t.b, err = t.db.beginBatch(dc, saverQueries, refetchable)
		return err
	})
	if err != nil {
		conn.Close()
		return err
	}
	t.conn, t.begun, t.msgs, t.waits = conn, time.Now(), 0, waits
	return nil
}

// Due reports that the open transaction has run saveTxMaxAge, holds
// saveTxMaxMsgs copies, or that another writer in this process waits.
func (t *SaveTx) Due() bool {
	return t.conn != nil && (t.msgs >= t.maxMsgs || time.Since(t.begun) >= t.maxAge ||
		t.db.w.Stats().WaitCount > t.waits)
}

// Commit commits the open transaction and lets the next writer in.
func (t *SaveTx) Commit() error {
	if t.conn == nil {
		return nil
	}
	if err := t.end(nil); err != nil {
		return fmt.Errorf("store: commit batches: %w", err)
	}
	return nil
}

// Rollback drops the open transaction.
func (t *SaveTx) Rollback() error {
	if t.conn == nil {
		return nil
	}
	return t.end(errRollback)
}

var errRollback = errors.New("rolled back")

// end ends the open transaction, committing it when err is nil, and gives
// the connection back; it returns err or what failed in ending.
func (t *SaveTx) end(err error) error {
	rerr := t.conn.Raw(func(any) error { return t.b.end(err) })
	t.conn.Close()
	t.conn, t.b = nil, nil
	if err == errRollback && rerr == err {
		return nil // a plain Rollback
	}
	return rerr
}
