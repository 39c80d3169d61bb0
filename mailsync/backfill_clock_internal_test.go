package mailsync

import (
	"context"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync/parse"
	"keepwarm/store"
)

// The backfill's pacing reads the Syncer's clock: with the clock moved on
// past fillCheckEvery, the next step syncs the inbox, and new mail there is
// stored while a large folder's texts are still being filled.
func TestFillStepPacedByClock(t *testing.T) {
	const user, domain = "sales@keepwarm-trading.com", "keepwarm-trading.com"
	start := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, user, "pw")
	opts := mailtest.GenOptions{TeamDomain: domain, Customers: 10}
	var sent [][]byte
	for i := range 60 {
		sent = append(sent, mailtest.GenExport(i, opts))
	}
	mailtest.AppendMany(t, srv.Dial(t, user), "Sent", sent, func(i int) time.Time { return start.Add(time.Duration(i) * time.Minute) })
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), start)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := keepwarm.NewManualClock(start.AddDate(0, 3, 0))
	u := &url.URL{Scheme: "imap", Host: srv.Addr()}
	s := NewSyncer(MailboxConfig{Name: "team", URL: u, Username: user, Password: "pw"}, db,
		parse.NewTeam([]string{domain}, nil, nil), clock, nil, SyncOptions{BatchSize: 5})
	if _, err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := db.CountPendingTexts(ctx, "team"); err != nil || n < 20 {
		t.Fatalf("texts waiting: %d %v, want most of Sent's", n, err)
	}
	c, err := s.connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.close()
	folders, err := s.discoverFolders(ctx, c, false)
	if err != nil {
		t.Fatal(err)
	}
	var b backfill
	b.arm(folders)
	var sum Summary
	// The inbox (nothing to fill), then Sent's first batch.
	for b.pending() && b.folders[0].Role == keepwarm.RoleInbox {
		if err := s.fillStep(ctx, c, &b, inboxOf(folders), &sum); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.fillStep(ctx, c, &b, inboxOf(folders), &sum); err != nil {
		t.Fatal(err)
	}
	before := sum.New
	srv.Append(t, user, "INBOX", mailtest.GenExport(100, opts), clock.Now())
	clock.Advance(2 * fillCheckEvery)
	if err := s.fillStep(ctx, c, &b, inboxOf(folders), &sum); err != nil {
		t.Fatal(err)
	}
	if !b.pending() || b.folders[0].Role != keepwarm.RoleSent {
		t.Fatalf("Sent's backfill ended already: %+v", b.folders)
	}
	if sum.New != before+1 {
		t.Fatalf("new inbox mail stored %d, want 1: the inbox was not synced %v after its last sync", sum.New-before, 2*fillCheckEvery)
	}
}

// A Syncer made without a clock reads the system's, everywhere: its sync
// stores mail and dates its position.
func TestSyncerWithoutClockUsesSystemClock(t *testing.T) {
	const user = "sales@keepwarm-trading.com"
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, user, "pw")
	srv.Append(t, user, "INBOX", mailtest.GenMessage(0, mailtest.GenOptions{TeamDomain: "keepwarm-trading.com"}), time.Now())
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := NewSyncer(MailboxConfig{Name: "team", URL: &url.URL{Scheme: "imap", Host: srv.Addr()}, Username: user, Password: "pw"}, db,
		parse.NewTeam([]string{"keepwarm-trading.com"}, nil, nil), nil, nil, SyncOptions{})
	sum, err := s.Sync(ctx)
	if err != nil || sum.New != 1 {
		t.Fatalf("sync: %+v %v, want one new message", sum, err)
	}
	st, err := db.FolderState(ctx, "team", "INBOX")
	if err != nil || time.Since(st.SyncedAt) > time.Minute {
		t.Fatalf("INBOX synced at %v (%v), want now", st.SyncedAt, err)
	}
}
