package mailsync_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A server that marks no folder \Sent, with the Sent folder her Outlook
// files into ("Sent Items", her mail) beside a stray empty "Sent" a phone
// app made: sync reads "Sent Items", the fullest, not the first usual
// name, and says which it chose among which, in the log and in `keepwarm
// check` (Inspect), with sent_folder to choose.
func TestSentChosenAmongSeveralByItsMail(t *testing.T) {
	srv := mailtest.NewMemServer(t) // marks no folder \Sent
	srv.AddUser(t, salesUser, password)
	admin := srv.Dial(t, salesUser)
	if err := admin.Create("Sent Items", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	appendGen(t, srv, salesUser, "Sent Items", 1, 3)
	var logs mailtest.LockedBuffer
	cfg := mailboxConfig(srv, "lily", salesUser)
	cfg.Owner = lilyUser
	db := newStore(t)
	s := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, slog.New(slog.NewTextHandler(&logs, nil)), mailsync.SyncOptions{})
	syncOnce(t, s)
	syncOnce(t, s)
	if got, want := s.Folders(), []string{"Sent Items", "INBOX"}; !slices.Equal(got, want) {
		t.Fatalf("read folders %q; want %q", got, want)
	}
	if st := stats(t, db); st.Messages != 3 {
		t.Fatalf("stats %+v: want her 2 messages in Sent Items read", st)
	}
	note := s.SeveralSentFolders()
	for _, w := range []string{"Sent (0 messages)", "Sent Items (2 messages)", "using Sent Items", "set sent_folder"} {
		if !strings.Contains(note, w) {
			t.Errorf("SeveralSentFolders %q does not say %q", note, w)
		}
	}
	if n := strings.Count(logs.String(), "msg=\"several Sent folders"); n != 1 {
		t.Errorf("logged %d times; want once:\n%s", n, logs.String())
	}
	in, err := s.Inspect(context.Background())
	if err != nil || in.SeveralSent != note || len(in.Folders) != 2 || in.Folders[0].Name != "Sent Items" {
		t.Fatalf("Inspect: %+v %v", in, err)
	}

	// sent_folder chooses: nothing to say.
	cfg.Folders = []mailsync.FolderSpec{{Name: "Sent", Role: keepwarm.RoleSent}}
	s2 := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
	syncOnce(t, s2)
	if note := s2.SeveralSentFolders(); note != "" {
		t.Errorf("with sent_folder set: %q", note)
	}
}

// Outlook's localized Sent folder is found by its name on a server
// without SPECIAL-USE.
func TestLocalizedOutlookSentFolder(t *testing.T) {
	for _, name := range []string{"Gesendete Elemente", "Éléments envoyés", "寄件備份", "送信済みアイテム"} {
		t.Run(name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			srv.AddUser(t, salesUser, password)
			admin := srv.Dial(t, salesUser)
			if err := admin.Delete("Sent").Wait(); err != nil {
				t.Fatal(err)
			}
			if err := admin.Create(name, nil).Wait(); err != nil {
				t.Fatal(err)
			}
			cfg := mailboxConfig(srv, "lily", salesUser)
			cfg.Owner = lilyUser
			s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{})
			syncOnce(t, s)
			if got := s.Folders(); !slices.Equal(got, []string{name, "INBOX"}) || s.NoSentFolder() != "" {
				t.Fatalf("read %q, NoSentFolder %q", got, s.NoSentFolder())
			}
		})
	}
}

// The sending side files keepwarm's copy into the Sent folder sync reads,
// chosen among several the same way.
func TestCopyGoesToTheSentFolderChosenAmongSeveral(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	c := srv.Dial(t, seller)
	if err := c.Create("Sent Items", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, seller, "Sent Items", 0, 2)
	sent := r.enqueue("seq:1:1", keepwarm.ModeSend)
	r.run()
	if got := r.item(sent.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
		t.Fatalf("sent item: status %s, appended %v", got.Status, got.AppendedAt)
	}
	if n := len(mailtest.Raw(t, srv, seller, "Sent Items")); n != 3 {
		t.Errorf("Sent Items holds %d messages; want her 2 and keepwarm's copy", n)
	}
	if n := len(mailtest.Raw(t, srv, seller, "Sent")); n != 0 {
		t.Errorf("the stray Sent holds %d messages; want none", n)
	}
}
