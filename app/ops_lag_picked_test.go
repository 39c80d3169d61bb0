package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A folder taken out of extra_folders after it went from the server (the
// fix /healthz suggests) is neither gone nor synced any more: the next run
// clears its gone mark, and its lag is not on /metrics, where it would grow
// for ever and keep a lag alert firing. The folders sync picks still have
// theirs.
func TestMetricsLeaveOutTheLagOfAFolderNoLongerSynced(t *testing.T) {
	ctx := context.Background()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "bob@acme.example", "pw")
	db, clock, ops, base := startOps(t, []string{"bob"})
	if _, err := db.SaveBatch(ctx, keepwarm.FolderState{Mailbox: "bob", Folder: "Customers", UIDValidity: 7, LastUID: 3, SyncedAt: t0}, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.FolderGone(ctx, "bob", "Customers", t0); err != nil {
		t.Fatal(err)
	}
	// Restarted with "Customers" out of extra_folders.
	s := mailsync.NewSyncer(mailsync.MailboxConfig{Name: "bob", URL: srv.URL(), Username: "bob@acme.example", Password: "pw"},
		db, nil, clock, nil, mailsync.SyncOptions{})
	if _, err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	d := &Daemon{syncers: []*mailsync.Syncer{s}}
	ops.syncing = d.syncedFolders
	clock.Advance(time.Hour)
	_, body := get(t, base+"/metrics")
	if !strings.Contains(body, `keepwarm_sync_lag_seconds{folder="INBOX",mailbox="bob"} 3600`) {
		t.Fatalf("no lag for bob's INBOX:\n%s", body)
	}
	for _, line := range strings.Split(body, "\n") {
		if strings.Contains(line, `folder="Customers"`) {
			t.Errorf("metric for a folder no longer synced: %s", line)
		}
	}
}
