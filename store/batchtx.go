package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3"
)

// batchTx is a write transaction on the raw SQLite connection, for SaveBatch.
//
// Why not *sql.Tx: through database/sql every query in a transaction starts a
// goroutine that watches the transaction's context, and every argument goes
// through reflection; at a dozen statements per message that halves the
// ingest rate. Here statements are prepared once per batch and run with
// plain driver values; cancellation is checked between messages instead.
type batchTx struct {
	db      *DB
	conn    *sqlite3.SQLiteConn
	tx      driver.Tx
	relaxed bool // synchronous=NORMAL until end
	ended   bool // end was called
	stmts   map[string]*sqlite3.SQLiteStmt
	nv      []driver.NamedValue // argument buffer, reused by every statement

	// SaveBatch's customers and contacts, kept across the transaction's
	// batches (see newSaver).
	customers map[customerRef]int64
	contacts  map[string]contactRef
}

// named puts args into the reused argument buffer. The driver copies the
// values into SQLite's own memory as it binds them, so the buffer is free
// again as soon as the statement has started. (Its Query allocates a fresh
// list per call, some 100 MB over a 20,000-message sync.) context.Background
// carries no cancellation, so the driver starts no goroutine to watch it.
func (b *batchTx) named(args []driver.Value) []driver.NamedValue {
	b.nv = slices.Grow(b.nv[:0], len(args))[:len(args)]
	for i, v := range args {
		b.nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return b.nv
}

// Durability of a batch transaction.
const (
	durable     = false // synchronous=FULL: the WAL is synced at COMMIT
	refetchable = true  // synchronous=NORMAL: see inBatchTx
)

// inBatchTx runs fn in one immediate write transaction on the writer
// connection, committing when fn returns nil. The statements named in
// prepare are ready in the batchTx; others can be run with execOnce.
//
// A refetchable transaction commits with synchronous=NORMAL: its COMMIT
// does not wait for the disk, the next checkpoint or the next durable
// COMMIT (any writer's) syncs it. A crash of the process loses nothing; a
// power cut can lose the last such commits whole (WAL frames are
// checksummed), and only data that can be fetched again may be written
// so: a sync batch goes with its folder position, so the lost messages are
// fetched again. The WAL is one sequence, so everything a durable COMMIT
// made to rest on (an outbox claim after a sync batch) is synced with it.
// A refetchable batch also leaves the checkpoint (copying the WAL back into
// the database file, and syncing both) to the checkpointer goroutine, so
// the sync's writer never waits for it; a far larger WAL (walWriterPages,
// 512 MB) makes the writer checkpoint itself, should the checkpointer fail.
// A large sync outruns the checkpointer: the WAL stays in use, so it grows
// (to 147 MB syncing 100,000 messages). At 128 MB, the limit before, the
// writer began checkpointing in its COMMITs, 120-200 ms each, the last one
// at the very end of the sync.
//
// A SaveTx's transaction can leave a WAL of a few hundred MB behind (all it
// wrote before its commit, and what the next one wrote while the
// checkpointer was still copying); once the checkpointer has caught up the
// next transaction starts the WAL again from its beginning, and
// journal_size_limit then cuts the file back to walKeep.
const (
	walKeep     = 32 << 20
	walKeepText = "33554432" // walKeep, for the PRAGMA

	walWriterPages = 65536 // 512 MB of pageSize pages

	relaxedPragmas = "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 65536; PRAGMA journal_size_limit = " + walKeepText
	durablePragmas = "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 1000"
)

// relaxedPragmas are the pragmas of a relaxed transaction: durable ones
// while the file may be in a first sync's rollback journal (FirstSync),
// where synchronous=NORMAL could corrupt the file, not just lose the last
// commits, on a power cut. A first sync commits about once a second, so
// the syncs cost little.
func (db *DB) relaxedPragmas() string {
	if db.rollback.Load() {
		return durablePragmas
	}
	return relaxedPragmas
}

// inRelaxedTx is inTx for data that is derived from what is stored and
// that the next run derives again when it is missing (reply clocks, reasons
// a mail is not followed up): its COMMIT does not wait for the disk, as a
// refetchable batch's (see inBatchTx). A power cut can lose the last such
// commits; never write so what a person entered or what was sent. Every
// durable COMMIT after it (an outbox claim before a send) syncs it too.
func (db *DB) inRelaxedTx(ctx context.Context, fn func(tx *sqlx.Tx) error) (err error) {
	conn, err := db.w.Connx(ctx)
	if err != nil {
		return err
	}
	defer func() {
		// Never leave the writer relaxed for the outbox: drop the
		// connection when FULL cannot be restored.
		rerr := conn.Raw(func(dc any) error {
			sc, ok := dc.(*sqlite3.SQLiteConn)
			if !ok {
				return fmt.Errorf("driver connection is %T, not sqlite3", dc)
			}
			if _, err := sc.Exec(durablePragmas, nil); err != nil {
				return errors.Join(driver.ErrBadConn, err)
			}
			return nil
		})
		if rerr != nil {
			err = errors.Join(err, fmt.Errorf("restore synchronous=FULL: %w", rerr))
		}
		conn.Close()
		if err == nil {
			db.kickCheckpoint()
		}
	}()
	if _, err := conn.ExecContext(ctx, db.relaxedPragmas()); err != nil {
		return err
	}
	tx, err := conn.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	// Runs before the deferred restore above: conn.Close waits for an open
	// transaction, so a panic in fn would otherwise hang here.
	defer tx.Rollback() // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

func (db *DB) inBatchTx(ctx context.Context, prepare []string, relaxed bool, fn func(b *batchTx) error) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		b, err := db.beginBatch(dc, prepare, relaxed)
		if err != nil {
			return err
		}
		defer b.endOnPanic()
		return b.end(fn(b))
	})
}

// A Panic is a panic raised inside a batch transaction (storing a batch,
// measuring reply clocks), raised again once the transaction is rolled
// back, with the stack it was first raised on (keepwarm.PanicStack).
//
// Raw closes the driver connection of a callback that panics; closed with
// the batch's statements never finalized, SQLite only turned it into a
// zombie, which kept its open transaction and the write lock for good:
// the daemon, recovering the panic in a mailbox's sync, went on with
// every later write waiting out the busy timeout and failing.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprint(p.Value) }

// Unwrap returns the panic's value when it is an error (runtime.Error).
func (p *Panic) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

// PanicStack returns the stack the panic was first raised on.
func (p *Panic) PanicStack() []byte { return p.Stack }

var errPanic = errors.New("panic")

// endOnPanic, deferred in a Raw callback that holds b, rolls b back when
// the callback panics, and panics again with a *Panic. It must be the
// deferred function itself: recover works only there.
func (b *batchTx) endOnPanic() {
	r := recover()
	if r == nil {
		return
	}
	p, ok := r.(*Panic)
	if !ok {
		p = &Panic{Value: r, Stack: debug.Stack()}
	}
	if !b.ended {
		b.end(errPanic)
	}
	panic(p)
}

// beginBatch opens a batch transaction on the writer's driver connection dc
// (inBatchTx, SaveTx); end closes it.
func (db *DB) beginBatch(dc any, prepare []string, relaxed bool) (_ *batchTx, err error) {
	sc, ok := dc.(*sqlite3.SQLiteConn)
	if !ok {
		return nil, fmt.Errorf("driver connection is %T, not sqlite3", dc)
	}
	b := &batchTx{db: db, conn: sc, relaxed: relaxed, stmts: make(map[string]*sqlite3.SQLiteStmt, len(prepare)+1)}
	if relaxed {
		if _, err := sc.Exec(db.relaxedPragmas(), nil); err != nil {
			return nil, err
		}
		defer func() {
			if err != nil {
				err = b.restore(err)
			}
		}()
	}
	if b.tx, err = sc.Begin(); err != nil {
		return nil, err
	}
	// Foreign keys are checked at COMMIT rather than after each
	// statement: a violation still fails the whole batch, but no
	// statement needs a statement journal to undo itself, which
	// copied every page it touched and churned the C heap.
	_, err = sc.Exec("PRAGMA defer_foreign_keys = ON", nil)
	if err == nil {
		// Multi-row INSERTs still keep a statement journal (immediate
		// foreign keys and NOT NULL make them 'may abort'); past 64 KB
		// SQLite spills it to a temporary file, a pwrite per page. In
		// memory it stays a memcpy. A no-op once set on the connection.
		_, err = sc.Exec("PRAGMA temp_store = MEMORY", nil)
	}
	if err == nil {
		err = b.prepare(append(prepare, "last-insert-rowid"))
	}
	if err != nil {
		b.close()
		b.tx.Rollback()
		return nil, err
	}
	return b, nil
}

// end commits the transaction when err is nil and rolls it back otherwise,
// and puts synchronous=FULL back on a relaxed one. It returns err, or what
// failed in ending.
func (b *batchTx) end(err error) error {
	b.ended = true
	b.close()
	if err != nil {
		b.tx.Rollback()
	} else if err = b.tx.Commit(); err != nil {
		// A failed COMMIT may leave the transaction open (SQLITE_BUSY);
		// the connection goes back to the pool, so end it here.
		b.tx.Rollback()
	}
	if !b.relaxed {
		return err
	}
	err = b.restore(err)
	if err == nil {
		b.db.kickCheckpoint()
	}
	return err
}

// restore puts the durable pragmas back after a relaxed transaction.
func (b *batchTx) restore(err error) error {
	if _, rerr := b.conn.Exec(durablePragmas, nil); rerr != nil {
		// Never leave the writer relaxed for the outbox: drop it.
		return errors.Join(driver.ErrBadConn, fmt.Errorf("restore synchronous=FULL: %w", rerr), err)
	}
	return err
}

func (b *batchTx) prepare(names []string) error {
	for _, name := range names {
		st, err := b.conn.Prepare(q(name))
		if err != nil {
			return fmt.Errorf("prepare %s: %w", name, err)
		}
		b.stmts[name] = st.(*sqlite3.SQLiteStmt)
	}
	return nil
}

// multiValues returns an INSERT ... VALUES (...) statement with its VALUES
// tuple repeated n times, so that one execution inserts n rows.
func multiValues(query string, n int) string {
	i := strings.Index(query, "VALUES (")
	if i < 0 || n == 1 {
		return query
	}
	i += len("VALUES ")
	j := i + strings.IndexByte(query[i:], ')') + 1
	tuple := query[i:j]
	return query[:i] + strings.Repeat(tuple+", ", n-1) + tuple + query[j:]
}

// runRows runs the INSERT name with n rows' worth of args (multiValues),
// preparing it on first use in this batch.
func (b *batchTx) runRows(name string, n int, args []driver.Value) error {
	key := name
	if n > 1 {
		key = fmt.Sprintf("%s*%d", name, n)
	}
	st, ok := b.stmts[key]
	if !ok {
		ps, err := b.conn.Prepare(multiValues(q(name), n))
		if err != nil {
			return fmt.Errorf("prepare %s: %w", key, err)
		}
		st = ps.(*sqlite3.SQLiteStmt)
		b.stmts[key] = st
	}
	rows, err := st.QueryContext(context.Background(), b.named(args))
	if err != nil {
		return fmt.Errorf("%s: %w", key, err)
	}
	return rows.Close()
}

// runRowsCount is runRows returning the rows the statement itself wrote
// (sqlite3_changes: not a trigger's, nor a foreign key action's), read by
// a "rows-changed" query this batch prepared: Exec would report them, but
// binds each argument in a cgo crossing of its own.
func (b *batchTx) runRowsCount(name string, n int, args []driver.Value) (int64, error) {
	if err := b.runRows(name, n, args); err != nil {
		return 0, err
	}
	row, err := b.row("rows-changed")
	if err != nil {
		return 0, err
	}
	return integer(row[0]), nil
}

func (b *batchTx) close() {
	for _, st := range b.stmts {
		st.Close()
	}
}

func (b *batchTx) stmt(name string) *sqlite3.SQLiteStmt {
	st, ok := b.stmts[name]
	if !ok {
		panic("store: statement " + name + " not prepared for this batch")
	}
	return st
}

// run runs a prepared statement that returns no rows. It goes through
// Query on purpose: the driver binds the arguments and steps in one cgo
// crossing there, where Exec crosses once per argument. Use exec when the
// driver.Result (rows affected) is needed.
func (b *batchTx) run(name string, args ...driver.Value) error {
	rows, err := b.stmt(name).QueryContext(context.Background(), b.named(args))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return rows.Close()
}

// exec runs a prepared statement that returns no rows.
func (b *batchTx) exec(name string, args ...driver.Value) (driver.Result, error) {
	r, err := b.stmt(name).Exec(args)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}

// execOnce runs a statement that is not worth preparing (rare paths).
func (b *batchTx) execOnce(name string, args ...driver.Value) (driver.Result, error) {
	r, err := b.conn.Exec(q(name), args)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return r, nil
}

// insertID runs an INSERT and returns the new row's id. Not RETURNING:
// SQLite collects RETURNING rows in a temporary b-tree with its own page
// cache, built and freed on every call.
func (b *batchTx) insertID(name string, args ...driver.Value) (int64, error) {
	if err := b.run(name, args...); err != nil {
		return 0, err
	}
	row, err := b.row("last-insert-rowid")
	if err != nil {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	return integer(row[0]), nil
}

// row runs a prepared query and returns its first row, or sql.ErrNoRows.
func (b *batchTx) row(name string, args ...driver.Value) ([]driver.Value, error) {
	var out []driver.Value
	err := b.each(name, func(row []driver.Value) error {
		out = append([]driver.Value(nil), row...)
		return io.EOF
	}, args...)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, sql.ErrNoRows
	}
	return out, nil
}

// each runs a prepared query and calls fn for every row (the slice is
// reused); fn returning io.EOF stops early without error.
func (b *batchTx) each(name string, fn func(row []driver.Value) error, args ...driver.Value) error {
	rows, err := b.stmt(name).QueryContext(context.Background(), b.named(args))
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return eachRow(name, rows, fn)
}

// eachIn is each for a query whose one argument is a JSON array: it
// writes list as one (ids, addresses) and runs name with it.
func (b *batchTx) eachIn(name string, list any, fn func(row []driver.Value) error) error {
	js, err := json.Marshal(list)
	if err != nil {
		return err
	}
	return b.each(name, fn, string(js))
}

// eachRow calls fn for every row of rows and closes them; the slice is
// reused. fn returning io.EOF stops early without error.
func eachRow(name string, rows driver.Rows, fn func(row []driver.Value) error) error {
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	for {
		err := rows.Next(dest)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := fn(dest); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// integer reads an INTEGER column value (NULL is 0).
func integer(v driver.Value) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case bool:
		if n {
			return 1
		}
	}
	return 0
}

// nullable turns a nullable stored value into a driver value.
func nullable(n sql.NullInt64) driver.Value {
	if !n.Valid {
		return nil
	}
	return n.Int64
}
