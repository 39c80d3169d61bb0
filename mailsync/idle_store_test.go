package mailsync_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// A store that refuses a write for a while (another writer holds it past
// the busy timeout: a large import run by hand beside the daemon; or the
// disk is full until someone frees space) holds the mailbox's sync, which
// says so and tries again, rather than ending Run and with it the daemon,
// which a service manager would then restart in a loop, logging every
// mailbox in again each time.
func TestRunOutlastsABusyStore(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	path := filepath.Join(t.TempDir(), "kw.db")
	db := openStore(t, path)
	other, err := sql.Open("sqlite3", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin() // BEGIN IMMEDIATE: the write lock, held
	if err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, salesUser, "INBOX", 0, 2)

	ingested := make(chan keepwarm.SaveResult, 10)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{
		OnIngest: func(r keepwarm.SaveResult) { ingested <- r },
		RetryMin: 50 * time.Millisecond, RetryMax: 200 * time.Millisecond, StoreFatal: store.Fatal,
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()

	// Past the store's 10 s busy timeout, the first write fails.
	deadline := time.Now().Add(20 * time.Second)
	for s.StoreTrouble() == "" {
		select {
		case err := <-done:
			t.Fatalf("Run ended on a busy store: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("no store trouble reported while the store was held")
		}
	}
	if why := s.StoreTrouble(); !strings.Contains(why, "locked") && !strings.Contains(why, "busy") {
		t.Fatalf("StoreTrouble %q: want SQLite's busy answer", why)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	waitIngest(t, ingested, 2, "after the store was released")
	select {
	case err := <-done:
		t.Fatalf("Run ended: %v", err)
	default:
	}
	waitFor(t, func() bool { return s.StoreTrouble() == "" })
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run returned %v after cancel", err)
	}
}
