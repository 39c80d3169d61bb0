package app

import (
	"context"
	"log/slog"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// faultyStore panics inside the real store, in its write transaction, on
// storing any mail of one mailbox once armed: a fault in keepwarm's own
// code meeting a message it did not expect. It keeps the store's
// BeginSave, so the sync stores through a SaveTx as it does in the daemon.
type faultyStore struct {
	mailsync.Store
	mailbox string
	armed   atomic.Bool
	panics  chan struct{}
}

func (f *faultyStore) SaveBatch(ctx context.Context, st keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	return f.Store.SaveBatch(f.ctx(ctx, st), st, batch)
}

func (f *faultyStore) BeginSave() keepwarm.SaveTx {
	return &faultyTx{SaveTx: f.Store.(interface{ BeginSave() keepwarm.SaveTx }).BeginSave(), f: f}
}

type faultyTx struct {
	keepwarm.SaveTx
	f *faultyStore
}

func (t *faultyTx) SaveBatch(ctx context.Context, st keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	return t.SaveTx.SaveBatch(t.f.ctx(ctx, st), st, batch)
}

// ctx is the context a batch of st is stored with: once armed, for the
// faulty mailbox, one whose Err panics when the store asks it between
// the batch's messages.
func (f *faultyStore) ctx(ctx context.Context, st keepwarm.FolderState) context.Context {
	if f.armed.Load() && st.Mailbox == f.mailbox {
		return &panicsInSave{Context: ctx, panics: f.panics}
	}
	return ctx
}

type panicsInSave struct {
	context.Context
	panics chan struct{}
}

func (c *panicsInSave) Err() error {
	pc, _, _, _ := runtime.Caller(1)
	if strings.HasSuffix(runtime.FuncForPC(pc).Name(), ".saveBatch") {
		c.panics <- struct{}{}
		var links map[string]*keepwarm.Contact
		_ = links["bob@acme.example"].Email // nil: the contact was not linked
	}
	return c.Context.Err()
}

// A panic in one mailbox's sync ends its session, not the daemon: the
// other mailbox goes on syncing, /healthz names the mailbox and the panic
// at once (not only when its sync is overdue), the log holds the stack
// once however often it repeats, and the mailbox is tried again no
// sooner than a store error would be.
func TestASyncPanicStopsOnlyItsMailbox(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	gen := mailtest.GenOptions{TeamDomain: "acme.example"}
	for i, u := range []string{"lily@acme.example", "tom@acme.example"} {
		srv.AddUser(t, u, "pw")
		srv.Append(t, u, "INBOX", mailtest.GenMessage(i+1, gen), t0)
	}
	db, clock, ops, base := startOps(t, []string{"lily", "tom"})
	st := &faultyStore{Store: db, mailbox: "lily", panics: make(chan struct{}, 10)}
	var logs mailtest.LockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	const retryMax = time.Minute
	ingested := map[string]chan struct{}{"lily": make(chan struct{}, 10), "tom": make(chan struct{}, 10)}
	var syncers []*mailsync.Syncer
	for _, name := range []string{"lily", "tom"} {
		ch := ingested[name]
		syncers = append(syncers, mailsync.NewSyncer(mailsync.MailboxConfig{Name: name, Owner: name + "@acme.example", URL: srv.URL(),
			Username: name + "@acme.example", Password: "pw"}, st, nil, clock, log.With("mailbox", name), mailsync.SyncOptions{
			RetryMin: time.Second, RetryMax: retryMax, PollInterval: time.Hour,
			OnIngest: func(keepwarm.SaveResult) { ch <- struct{}{} },
		}))
	}
	lily, tom := syncers[0], syncers[1]
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 2)
	for _, s := range syncers {
		go func() { done <- s.Run(ctx) }()
	}
	defer func() { cancel(); <-done; <-done }()
	d := &Daemon{syncers: syncers}
	ops.syncFaults = d.syncFaults
	wait := func(ch chan struct{}, what string) {
		t.Helper()
		select {
		case <-ch:
		case err := <-done:
			t.Fatalf("%s: Run ended: %v", what, err)
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: nothing after 10 s; log:\n%s", what, logs.String())
		}
	}
	wait(ingested["lily"], "lily's first sync")
	wait(ingested["tom"], "tom's first sync")

	st.armed.Store(true)
	srv.Append(t, "lily@acme.example", "INBOX", mailtest.GenMessage(3, gen), t0)
	wait(st.panics, "lily's new mail")
	deadline := time.Now().Add(10 * time.Second)
	for lily.Fault() == "" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // polling the test's own observation
	}
	code, body := get(t, base+"/healthz")
	if code != 503 || !strings.Contains(body, "mailbox lily: its sync stopped on a fault in keepwarm") || !strings.Contains(body, "panic: runtime error: invalid memory address") {
		t.Fatalf("healthz after lily's sync panicked: %d %q", code, body)
	}
	if strings.Contains(body, "mailbox tom") {
		t.Fatalf("healthz names tom: %q", body)
	}
	// The owner's digest lists it too: /healthz alone goes unseen on a
	// team that does not watch it.
	problems, err := (&digestSource{db: db, faults: d.syncFaultsSince}).MailboxProblems(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].Mailbox != "lily" || !problems[0].Fault ||
		!strings.Contains(problems[0].Problem, "panic: runtime error") || !problems[0].Since.Equal(clock.Now()) {
		t.Fatalf("the digests' mailbox problems after lily's sync panicked: %+v", problems)
	}

	srv.Append(t, "tom@acme.example", "INBOX", mailtest.GenMessage(4, gen), t0)
	wait(ingested["tom"], "tom's new mail beside lily's fault")

	retrySet := func() {
		t.Helper()
		// The retry's timer is set after the panic unwinds and is
		// recorded: moving the clock before would not fire it.
		deadline := time.Now().Add(10 * time.Second)
		for clock.PendingWithin(retryMax) == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("no retry set within RetryMax of lily's panic; log:\n%s", logs.String())
			}
			time.Sleep(5 * time.Millisecond) // polling the test's own observation
		}
	}
	retrySet()
	clock.Advance(retryMax / 2)
	select {
	case <-st.panics:
		t.Fatal("lily's sync was tried again within half of RetryMax of its panic")
	case <-time.After(300 * time.Millisecond):
	}
	clock.Advance(retryMax / 2)
	wait(st.panics, "lily's retry after RetryMax")
	retrySet()
	clock.Advance(retryMax)
	wait(st.panics, "lily's second retry")
	retrySet() // the last session's end has been logged
	if n := strings.Count(logs.String(), "[running"); n != 1 {
		t.Fatalf("%d stacks in the log for three panics of the same message; want 1:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "store.(*batchTx).saveBatch") {
		t.Fatalf("the stack logged is not the one the panic was raised on:\n%s", logs.String())
	}
	if tom.Fault() != "" {
		t.Fatalf("tom's Fault: %q", tom.Fault())
	}
}
