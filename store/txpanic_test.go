package store

import (
	"context"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// A panic inside a write transaction that a caller recovers (the engine's
// runJob, the dispatcher's pass) must give the writer back: the daemon
// lives on after it, and every later write would otherwise wait for the
// one writer connection until shutdown.
func TestPanicInTxRollsBackAndFreesTheWriter(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   func(*DB, context.Context, func(*sqlx.Tx) error) error
	}{
		{"inTx", (*DB).inTx},
		{"inRelaxedTx", (*DB).inRelaxedTx},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel() // the daemon's ctx: lives until shutdown
			now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
			done := make(chan any, 1)
			go func() {
				defer func() { done <- recover() }()
				tc.in(db, ctx, func(tx *sqlx.Tx) error {
					if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied_at) VALUES ('panicked', 1)`); err != nil {
						t.Error(err)
					}
					panic("fault in a job")
				})
			}()
			select {
			case p := <-done:
				if p == nil {
					t.Fatal("the panic did not reach the caller")
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the panicking transaction did not return to its caller")
			}
			wctx, wcancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer wcancel()
			if err := db.SyncAlive(wctx, "lily", []string{"INBOX"}, now); err != nil {
				t.Fatalf("write after a recovered panic: %v", err)
			}
			var n int
			if err := db.r.Get(&n, `SELECT count(*) FROM schema_migrations WHERE version = 'panicked'`); err != nil {
				t.Fatal(err)
			}
			if n != 0 {
				t.Fatal("the panicking transaction's write was committed")
			}
		})
	}
}
