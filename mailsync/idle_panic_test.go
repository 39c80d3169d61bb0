package mailsync_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
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
