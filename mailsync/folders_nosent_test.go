package mailsync_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A salesperson's mailbox whose Sent folder keepwarm cannot recognise is
// synced INBOX only, and says so: the log once (not at every pass),
// NoSentFolder (for /healthz) and Inspect (for `keepwarm check`), each
// naming sent_folder. A team mailbox (no owner) says nothing, and a Sent
// folder found again clears it.
func TestNoSentFolderIsSaid(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	admin := srv.Dial(t, salesUser)
	if err := admin.Delete("Sent").Wait(); err != nil {
		t.Fatal(err)
	}
	if err := admin.Create("Sent Box", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	var logs mailtest.LockedBuffer
	cfg := mailboxConfig(srv, "lily", salesUser)
	cfg.Owner = lilyUser
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, slog.New(slog.NewTextHandler(&logs, nil)), mailsync.SyncOptions{})
	syncOnce(t, s)
	syncOnce(t, s)
	if n := strings.Count(logs.String(), "no Sent folder found"); n != 1 || !strings.Contains(logs.String(), "set sent_folder") ||
		!strings.Contains(logs.String(), "Sent Box") {
		t.Fatalf("logged %d times, want once naming sent_folder and the server's folders:\n%s", n, logs.String())
	}
	if why := s.NoSentFolder(); !strings.Contains(why, "set sent_folder") {
		t.Fatalf("NoSentFolder %q", why)
	}
	in, err := s.Inspect(context.Background())
	if err != nil || !strings.Contains(in.NoSent, "set sent_folder") {
		t.Fatalf("Inspect: %+v %v", in, err)
	}

	team := mailboxConfig(srv, "team", salesUser)
	ts := mailsync.NewSyncer(team, newStore(t), nil, keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, ts)
	if why := ts.NoSentFolder(); why != "" {
		t.Fatalf("a team mailbox: %q", why)
	}

	if err := admin.Rename("Sent Box", "INBOX.Sent Items", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, s)
	if why := s.NoSentFolder(); why != "" {
		t.Fatalf("with INBOX.Sent Items: %q", why)
	}
	if in, err := s.Inspect(context.Background()); err != nil || len(in.Folders) != 2 || in.Folders[0].Name != "INBOX.Sent Items" {
		t.Fatalf("folders with INBOX.Sent Items: %+v %v", in.Folders, err)
	}
}
