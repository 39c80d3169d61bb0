package mailsync_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A Look whose pass first looks again for a missing Sent folder, with a
// LIST the server refuses, is answered with that failure at once: it
// waited out its whole context (the daemon's 10 s), holding every nudge
// of the engine's pass back.
func TestALookWhoseFolderRediscoveryFailsIsAnsweredAtOnce(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	if err := srv.Dial(t, salesUser).Delete("Sent").Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	cfg := mailboxConfig(srv, "lily", salesUser)
	cfg.Owner = lilyUser
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t),
		mailsync.SyncOptions{PollInterval: time.Hour, RetryMin: time.Hour, RetryMax: time.Hour})
	stop := runInBackground(t, s)
	defer stop()
	deadline := time.Now().Add(10 * time.Second)
	for s.FirstSyncPending() != "" || s.NoSentFolder() == "" {
		if time.Now().After(deadline) {
			t.Fatalf("no first pass without Sent: %q, %q", s.FirstSyncPending(), s.NoSentFolder())
		}
		time.Sleep(10 * time.Millisecond) // polling an outcome, not a schedule
	}

	srv.RefuseList("server busy")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	err := s.Look(ctx)
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("the look took %s (%v); want the LIST's failure at once", took, err)
	}
	if err == nil || !strings.Contains(err.Error(), "server busy") {
		t.Fatalf("the look answered %v; want the refused LIST", err)
	}
}
