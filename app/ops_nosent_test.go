package app

import (
	"context"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/providers"
)

// A salesperson's mailbox synced without a Sent folder (none the server
// marks or keepwarm recognises, no sent_folder) is noted on /healthz by
// name, naming sent_folder: INBOX syncs, so not unhealthy, but her own
// mail is not read.
func TestHealthzNotesMailboxWithoutSent(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme.example", "pw")
	admin := srv.Dial(t, "lily@acme.example")
	if err := admin.Delete("Sent").Wait(); err != nil {
		t.Fatal(err)
	}
	if err := admin.Create("Sent Box", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	db, clock, ops, base := startOps(t, []string{"lily"})
	s := mailsync.NewSyncer(mailsync.MailboxConfig{Name: "lily", Owner: "lily@acme.example", URL: srv.URL(),
		Username: "lily@acme.example", Password: "pw"}, db, nil, clock, nil, mailsync.SyncOptions{})
	if _, err := s.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	d := &Daemon{syncers: []*mailsync.Syncer{s}}
	ops.noSent = d.noSentFolders
	code, body := get(t, base+"/healthz")
	if !strings.Contains(body, "note: mailbox lily: no Sent folder found (server has: ") || !strings.Contains(body, "set sent_folder") {
		t.Fatalf("healthz without a Sent folder: %d %q", code, body)
	}
}

// A Gmail mailbox whose account hides All Mail from IMAP is read through
// INBOX: /healthz notes it, naming Gmail's "Show in IMAP", since a
// customer's archived reply is not read.
func TestHealthzNotesGmailWithoutAllMail(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme.example", "pw")
	db, clock, ops, base := startOps(t, []string{"lily"})
	p, _ := providers.Get("gmail")
	s := mailsync.NewSyncer(mailsync.MailboxConfig{Name: "lily", Owner: "lily@acme.example", URL: srv.URL(),
		Username: "lily@acme.example", Password: "pw", ReadAll: p.ArchiveLeavesInbox, AllNames: p.AllNames}, db, nil, clock, nil, mailsync.SyncOptions{})
	if _, err := s.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	d := &Daemon{syncers: []*mailsync.Syncer{s}}
	ops.noSent = d.noSentFolders
	code, body := get(t, base+"/healthz")
	if !strings.Contains(body, "note: mailbox lily: no folder of all mail found") || !strings.Contains(body, `"Show in IMAP"`) ||
		strings.Contains(body, "no Sent folder") {
		t.Fatalf("healthz of Gmail without All Mail: %d %q", code, body)
	}

	if err := srv.Dial(t, "lily@acme.example").Create("[Gmail]/All Mail", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, base+"/healthz"); strings.Contains(body, "all mail") {
		t.Fatalf("healthz still notes All Mail once it is read: %q", body)
	}
}

// A mailbox whose Sent folder was chosen among several usual-named ones
// (none marked \Sent) is noted on /healthz with the candidates and the
// one copies are filed in.
func TestHealthzNotesSeveralSentFolders(t *testing.T) {
	srv := mailtest.NewMemServer(t) // marks no folder \Sent; has "Sent"
	srv.AddUser(t, "lily@acme.example", "pw")
	if err := srv.Dial(t, "lily@acme.example").Create("Sent Items", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	db, clock, ops, base := startOps(t, []string{"lily"})
	s := mailsync.NewSyncer(mailsync.MailboxConfig{Name: "lily", Owner: "lily@acme.example", URL: srv.URL(),
		Username: "lily@acme.example", Password: "pw"}, db, nil, clock, nil, mailsync.SyncOptions{})
	if _, err := s.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	d := &Daemon{syncers: []*mailsync.Syncer{s}}
	ops.noSent = d.noSentFolders
	code, body := get(t, base+"/healthz")
	if !strings.Contains(body, "note: mailbox lily: several Sent folders and none marked \\Sent: Sent (0 messages), Sent Items (0 messages): reading each that holds mail as Sent") ||
		!strings.Contains(body, "keepwarm files its copies in Sent, the fullest") {
		t.Fatalf("healthz with two Sent folders: %d %q", code, body)
	}
}
