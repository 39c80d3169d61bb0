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

// A fault in keepwarm's own code while a message is read (classifying
// odd headers, on a parse worker) stores that message as a flagged
// placeholder and goes on with the folder: on the worker's goroutine the
// panic ended the daemon, at every start again.
func TestPanicReadingAMessageStoresItFlagged(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 3)
	defer mailsync.SetParseFault(func(folder string, uid uint32) {
		if folder == "INBOX" && uid == 2 {
			var m map[string]*keepwarm.Address
			_ = m["odd"].Email // nil: a fault in keepwarm's own code
		}
	})()
	db := openStore(t, filepath.Join(t.TempDir(), "kw.db"))
	ingested := make(chan keepwarm.SaveResult, 10)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{
		OnIngest: func(r keepwarm.SaveResult) { ingested <- r },
		RetryMin: 50 * time.Millisecond, RetryMax: 200 * time.Millisecond, PollInterval: time.Hour,
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitIngest(t, ingested, 3, "the folder with the message that panics")
	flagged, err := db.FlaggedMessages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(flagged) != 1 || !strings.Contains(flagged[0].ParseError, "a fault in keepwarm while reading it: panic: runtime error") ||
		!strings.Contains(flagged[0].ParseError, "UID 2") {
		t.Fatalf("flagged messages: %+v; want the one that panicked", flagged)
	}
	if f := s.Fault(); f != "" {
		t.Fatalf("Fault after a message stored flagged: %q", f)
	}
}

// A panic on the goroutine that fetches a folder's batches ends that
// mailbox's session, as one on the session's own goroutine does: Run goes
// on, Fault names the panic, and the mailbox syncs once it passes.
func TestPanicFetchingEndsOnlyTheSession(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 2)
	var armed atomic.Bool
	armed.Store(true)
	defer mailsync.SetFetchFault(func(folder string) {
		if armed.Load() && folder == "INBOX" {
			var m map[string]*keepwarm.Address
			_ = m["odd"].Email // nil: a fault in keepwarm's own code
		}
	})()
	db := openStore(t, filepath.Join(t.TempDir(), "kw.db"))
	ingested := make(chan keepwarm.SaveResult, 10)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{
		OnIngest: func(r keepwarm.SaveResult) { ingested <- r },
		RetryMin: 50 * time.Millisecond, RetryMax: 200 * time.Millisecond, PollInterval: time.Hour,
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, func() bool { return strings.Contains(s.Fault(), "panic: runtime error") })
	armed.Store(false)
	waitIngest(t, ingested, 2, "the folder once the fault is gone")
	select {
	case err := <-done:
		t.Fatalf("Run ended: %v", err)
	default:
	}
}

// The same in a folder's history, whose old messages are read from their
// header alone on the goroutine that fetches them: the message that
// panics is fetched whole and stored flagged, the rest of the history
// too, and the session goes on.
func TestPanicReadingAnOldMessageStoresItFlagged(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	const n = 20
	appendHistory(t, srv, salesUser, n, n)
	defer mailsync.SetParseFault(func(folder string, uid uint32) {
		if folder == "INBOX" && uid == 3 {
			var m map[string]*keepwarm.Address
			_ = m["odd"].Email // nil: a fault in keepwarm's own code
		}
	})()
	db := newStore(t)
	s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.NewManualClock(historyNow), testLogger(t), mailsync.SyncOptions{
		RetryMin: 50 * time.Millisecond, RetryMax: 200 * time.Millisecond, PollInterval: time.Hour,
	})
	defer runInBackground(t, s)()
	waitFor(t, func() bool { return stats(t, db).Messages == n })
	flagged, err := db.FlaggedMessages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(flagged) != 1 || !strings.Contains(flagged[0].ParseError, "a fault in keepwarm while reading it") || !strings.Contains(flagged[0].ParseError, "UID 3") {
		t.Fatalf("flagged messages: %+v; want the one that panicked", flagged)
	}
	if f := s.Fault(); f != "" {
		t.Fatalf("Fault: %q", f)
	}
}

// Each message of a batch that meets a fault is stored flagged with its
// own copy in its folder: the copy was left empty by the fault, so the
// first was a copy in no mailbox and the rest of the batch's were skipped
// as that copy stored already, and lost.
func TestPanicReadingSeveralMessagesStoresEachWithItsCopy(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	appendGen(t, srv, salesUser, "INBOX", 0, 4)
	defer mailsync.SetParseFault(func(folder string, uid uint32) {
		if folder == "INBOX" && uid != 3 {
			var m map[string]*keepwarm.Address
			_ = m["odd"].Email // nil: a fault in keepwarm's own code
		}
	})()
	db := newStore(t)
	syncOnce(t, mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{}))
	if st := stats(t, db); st.Messages != 4 || st.Flagged != 3 || st.Copies["team"] != 4 || len(st.Copies) != 1 {
		t.Fatalf("stored %d messages (%d flagged), copies %v; want 4 (3 flagged), each with its copy in the team mailbox",
			st.Messages, st.Flagged, st.Copies)
	}
}
