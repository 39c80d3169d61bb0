package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// fullDisk is the store with its disk full: every batch of mail it is
// handed fails to commit.
type fullDisk struct{ mailsync.Store }

func (fullDisk) SaveBatch(context.Context, keepwarm.FolderState, []keepwarm.Incoming) (keepwarm.SaveResult, error) {
	return keepwarm.SaveResult{}, errors.New("database or disk is full")
}

// A mailbox whose sync cannot store what it reads is named on /healthz
// while the daemon goes on, instead of the daemon ending.
func TestHealthzNamesAMailboxThatCannotStore(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme.example", "pw")
	srv.Append(t, "lily@acme.example", "INBOX", mailtest.GenMessage(1, mailtest.GenOptions{TeamDomain: "acme.example"}), t0)
	db, clock, ops, base := startOps(t, []string{"lily"})
	s := mailsync.NewSyncer(mailsync.MailboxConfig{Name: "lily", Owner: "lily@acme.example", URL: srv.URL(),
		Username: "lily@acme.example", Password: "pw"}, fullDisk{db}, nil, clock, nil, mailsync.SyncOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(10 * time.Second)
	for s.StoreTrouble() == "" {
		select {
		case err := <-done:
			t.Fatalf("Run ended: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("no store trouble")
		}
	}
	d := &Daemon{syncers: []*mailsync.Syncer{s}}
	ops.storeTrouble = d.storeTroubles
	code, body := get(t, base+"/healthz")
	if code != 503 || !strings.Contains(body, "mailbox lily: cannot store what it syncs, tried again every few minutes: ") || !strings.Contains(body, "database or disk is full") {
		t.Fatalf("healthz: %d %q", code, body)
	}
}
