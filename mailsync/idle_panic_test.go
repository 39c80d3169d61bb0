package mailsync_test

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// aliveFault panics when a pass is recorded, once armed.
type aliveFault struct {
	mailsync.Store
	armed atomic.Bool
}

func (a *aliveFault) SyncAlive(ctx context.Context, mailbox string, folders []string, now time.Time) error {
	if a.armed.Load() {
		var folder map[string]*mailsync.FolderSpec
		_ = folder[folders[0]].Name
	}
	return a.Store.SyncAlive(ctx, mailbox, folders, now)
}

// A Look waiting for a pass that panics hears of the panic, instead of
// waiting until it gives up, and the session's end leaves Run going.
func TestLookHearsOfAPassThatPanicked(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	st := &aliveFault{Store: openStore(t, filepath.Join(t.TempDir(), "kw.db"))}
	ingested := make(chan keepwarm.SaveResult, 10)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), st, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{
		OnIngest: func(r keepwarm.SaveResult) { ingested <- r },
		RetryMin: 50 * time.Millisecond, RetryMax: 200 * time.Millisecond, PollInterval: time.Hour,
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	waitIngest(t, ingested, 1, "first sync")
	waitFor(t, func() bool { return s.Look(context.Background()) == nil })
	st.armed.Store(true)
	lctx, lcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer lcancel()
	err := s.Look(lctx)
	if err == nil || !strings.Contains(err.Error(), "mailsync: team: panic: runtime error") {
		t.Fatalf("Look over a pass that panicked: %v", err)
	}
	waitFor(t, func() bool { return strings.Contains(s.Fault(), "panic") })
	st.armed.Store(false)
	waitFor(t, func() bool { return s.Look(context.Background()) == nil && s.Fault() == "" })
	select {
	case err := <-done:
		t.Fatalf("Run ended: %v", err)
	default:
	}
}

// savePanics panics on storing any batch with mail in it, counting.
type savePanics struct {
	mailsync.Store
	n atomic.Int32
}

func (p *savePanics) SaveBatch(ctx context.Context, st keepwarm.FolderState, batch []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	if len(batch) > 0 {
		p.n.Add(1)
		var links map[string]*keepwarm.Contact
		_ = links[batch[0].Message.MessageID].Email // nil: the contact was not linked
	}
	return p.Store.SaveBatch(ctx, st, batch)
}

// A mailbox whose sync keeps stopping on the same panic says so again at
// ERROR every hour, as other failures are said again, with the stack
// once: one line per process went unseen, while the mailbox's new mail
// was not read. Its Fault says since when.
func TestSyncFaultSaidAgainHourly(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	st := &savePanics{Store: openStore(t, filepath.Join(t.TempDir(), "kw.db"))}
	clock := keepwarm.NewManualClock(t0)
	var logs mailtest.LockedBuffer
	const retryMax = 10 * time.Minute
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), st, team(), clock, slog.New(slog.NewTextHandler(&logs, nil)), mailsync.SyncOptions{
		RetryMin: time.Second, RetryMax: retryMax, PollInterval: 24 * time.Hour,
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for i := range int32(8) { // 80 minutes of retries
		waitFor(t, func() bool { return st.n.Load() > i && clock.PendingWithin(retryMax) > 0 })
		if i == 0 {
			if _, since := s.FaultSince(); !since.Equal(t0) {
				t.Fatalf("FaultSince = %s; want %s", since, t0)
			}
		}
		clock.Advance(retryMax)
	}
	waitFor(t, func() bool { return st.n.Load() > 8 && clock.PendingWithin(retryMax) > 0 })
	out := logs.String()
	if n := strings.Count(out, "mailbox sync still stopped by a fault in keepwarm"); n != 1 {
		t.Fatalf("%d reminders in 80 minutes of the same fault; want 1:\n%s", n, out)
	}
	if n := strings.Count(out, "[running"); n != 1 {
		t.Fatalf("%d stacks in the log; want 1:\n%s", n, out)
	}
	if why, since := s.FaultSince(); why == "" || !since.Equal(t0) {
		t.Fatalf("FaultSince after 80 minutes = %q, %s; want the panic since %s", why, since, t0)
	}
}

// fillPanics panics on filling in any texts, counting.
type fillPanics struct {
	*store.DB
	n   atomic.Int32
	off atomic.Bool
}

func (p *fillPanics) FillTexts(ctx context.Context, b keepwarm.TextFills) (int, error) {
	if p.off.Load() {
		return p.DB.FillTexts(ctx, b)
	}
	p.n.Add(1)
	var links map[string]*keepwarm.Contact
	_ = links["x"].Email // nil: a fault in keepwarm's own code
	return p.DB.FillTexts(ctx, b)
}

// A fault in the backfill stands through the pass each retry makes before
// the backfill meets it again: that pass cleared it, logging a recovery
// that was none at every retry, and /healthz answered 200 meanwhile. A
// step of the backfill that passes clears it.
func TestBackfillFaultStandsThroughThePasses(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendHistory(t, srv, salesUser, 40, 40)
	st := &fillPanics{DB: newStore(t)}
	clock := keepwarm.NewManualClock(historyNow)
	var logs mailtest.LockedBuffer
	const retryMax = time.Minute
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), st, team(), clock, slog.New(slog.NewTextHandler(&logs, nil)), mailsync.SyncOptions{
		RetryMin: time.Second, RetryMax: retryMax, PollInterval: 24 * time.Hour,
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	for i := range int32(3) {
		waitFor(t, func() bool { return st.n.Load() > i && clock.PendingWithin(retryMax) > 0 })
		if f := s.Fault(); !strings.Contains(f, "panic") {
			t.Fatalf("Fault after the backfill's panic %d: %q", i+1, f)
		}
		clock.Advance(retryMax)
	}
	waitFor(t, func() bool { return st.n.Load() > 3 })
	if out := logs.String(); strings.Contains(out, "passes again after a fault") {
		t.Fatalf("a recovery logged while the backfill panicked at every retry:\n%s", out)
	}
	st.off.Store(true)
	waitFor(t, func() bool { return clock.PendingWithin(retryMax) > 0 })
	clock.Advance(retryMax)
	waitFor(t, func() bool { return s.Fault() == "" })
	if n := strings.Count(logs.String(), "passes again after a fault"); n != 1 {
		t.Fatalf("%d recoveries logged once the backfill passes; want 1:\n%s", n, logs.String())
	}
}
