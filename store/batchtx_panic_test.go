package store

import (
	"context"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"keepwarm"
)

// panicsInSave is a context whose Err panics when saveBatch asks it before
// its n-th message: a fault in the store's own code halfway through a
// batch, inside its write transaction.
type panicsInSave struct {
	context.Context
	n, calls atomic.Int32
}

func (c *panicsInSave) Err() error {
	pc, _, _, _ := runtime.Caller(1)
	if strings.HasSuffix(runtime.FuncForPC(pc).Name(), ".saveBatch") && c.calls.Add(1) == c.n.Load() {
		var links map[string]*keepwarm.Contact
		_ = links["bob@acme.com"].Email // nil: a fault in keepwarm's own code
	}
	return c.Context.Err()
}

// A panic while a batch is stored rolls its transaction back before it
// goes on up: the daemon recovers it in the mailbox's sync, and every
// later write (the next batch, a desk's action, the sync's own health
// stamp) waited out the busy timeout and failed on the transaction the
// panic left open, until a restart. The panic reaches the caller with the
// stack it was raised on.
func TestPanicInSaveRollsBackItsTransaction(t *testing.T) {
	for _, how := range []string{"SaveBatch", "SaveTx"} {
		t.Run(how, func(t *testing.T) {
			db := openTest(t)
			batch := []keepwarm.Incoming{
				at(msg("a@acme.com"), "team", "INBOX", 1, t0),
				at(msg("b@acme.com"), "team", "INBOX", 2, t0),
				at(msg("c@acme.com"), "team", "INBOX", 3, t0),
			}
			st := keepwarm.FolderState{Mailbox: "team", Folder: "INBOX", UIDValidity: 1, LastUID: 3, SyncedAt: t0}
			ctx := &panicsInSave{Context: context.Background()}
			ctx.n.Store(2)
			var tx keepwarm.SaveTx
			if how == "SaveTx" {
				tx = db.BeginSave()
				// A batch committed before, so the panic meets a
				// transaction the SaveTx keeps across batches.
				if _, err := tx.SaveBatch(context.Background(), st, batch[:1]); err != nil {
					t.Fatal(err)
				}
			}
			var got any
			func() {
				defer func() { got = recover() }()
				if tx != nil {
					tx.SaveBatch(ctx, st, batch[1:])
				} else {
					db.SaveBatch(ctx, st, batch)
				}
			}()
			if got == nil {
				t.Fatal("the save did not panic")
			}
			if tx != nil {
				if err := tx.Rollback(); err != nil {
					t.Fatalf("Rollback after the panic: %v", err)
				}
			}

			wctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := db.SyncAlive(wctx, "team", []string{"INBOX"}, t0); err != nil {
				t.Fatalf("a write after the panic: %v", err)
			}
			p, ok := got.(interface{ PanicStack() []byte })
			if !ok {
				t.Fatalf("panic value %T carries no stack", got)
			}
			if s := string(p.PanicStack()); !strings.Contains(s, "store.(*panicsInSave).Err") {
				t.Fatalf("the stack carried is not where the panic was raised:\n%s", s)
			}
			if e, ok := got.(error); !ok || !strings.Contains(e.Error(), "invalid memory address") {
				t.Fatalf("panic value %v does not say what the panic was", got)
			}
			if res := save(t, db, batch...); res.New != 3 {
				t.Fatalf("the next batch stored %d new messages; want 3 (nothing of the panicked batch kept)", res.New)
			}
		})
	}
}
