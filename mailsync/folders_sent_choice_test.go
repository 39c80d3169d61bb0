package mailsync_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A server that marks no folder \Sent, with the Sent folder her Outlook
// files into ("Sent Items", her mail) beside a stray empty "Sent" a phone
// app made: sync reads "Sent Items", the fullest, not the first usual
// name, and says which it files copies in among which, in the log and in
// `keepwarm check` (Inspect). sent_folder chooses another, and a Sent
// folder holding mail is still read beside it.
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
	for _, w := range []string{"Sent (0 messages)", "Sent Items (2 messages)", "files its copies in Sent Items", "sent_folder chooses another"} {
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
	if got, want := s2.Folders(), []string{"Sent", "Sent Items", "INBOX"}; !slices.Equal(got, want) {
		t.Errorf("with sent_folder set, read %q; want %q: her mail in Sent Items is hers still", got, want)
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

// Her Outlook files into "Sent Items" and her phone's mail app into its
// own "Sent", where she answers customers when travelling; the server
// marks neither \Sent. Both are read as Sent: her phone reply, from the
// second brand's address her phone sends as, is her own mail in the
// buyer's thread, and keepwarm files its copies in the fullest.
func TestEverySentFolderWithMailIsRead(t *testing.T) {
	srv := mailtest.NewMemServer(t) // marks no folder \Sent; has "Sent"
	srv.AddUser(t, lilyUser, password)
	if err := srv.Dial(t, lilyUser).Create("Sent Items", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, lilyUser, "Sent Items", 1, 4)
	srv.Append(t, lilyUser, "INBOX", []byte("From: Buyer <buyer@globex.example>\r\nTo: "+lilyUser+"\r\n"+
		"Subject: Inquiry LED panels\r\nDate: Mon, 03 Mar 2025 08:00:00 +0000\r\n"+
		"Message-ID: <inq-1@globex.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Please quote 500 pcs.\r\n"), t0.Add(-time.Hour))
	srv.Append(t, lilyUser, "Sent", []byte("From: Lily <lily@brand-alias.example>\r\nTo: Buyer <buyer@globex.example>\r\n"+
		"Subject: Re: Inquiry LED panels\r\nDate: Mon, 03 Mar 2025 09:30:00 +0000\r\n"+
		"Message-ID: <phone-1@brand-alias.example>\r\nIn-Reply-To: <inq-1@globex.example>\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\nDear buyer,\r\nour price is USD 12.\r\n"), t0.Add(30*time.Minute))
	var logs mailtest.LockedBuffer
	cfg := mailboxConfig(srv, "lily", lilyUser)
	cfg.Owner = lilyUser
	db := newStore(t)
	s := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, slog.New(slog.NewTextHandler(&logs, nil)), mailsync.SyncOptions{})
	syncOnce(t, s)
	syncOnce(t, s)
	if got, want := s.Folders(), []string{"Sent Items", "Sent", "INBOX"}; !slices.Equal(got, want) {
		t.Fatalf("read folders %q; want %q", got, want)
	}
	ctx := context.Background()
	var inquiry, reply keepwarm.Message
	for id := int64(1); id <= int64(stats(t, db).Messages); id++ {
		m, err := db.GetMessage(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		switch m.MessageID {
		case "inq-1@globex.example":
			inquiry = m
		case "phone-1@brand-alias.example":
			reply = m
		}
	}
	if reply.ID == 0 {
		t.Fatalf("her reply in Sent was not read; folders %q", s.Folders())
	}
	if reply.Kind != keepwarm.KindOutbound || reply.ThreadID != inquiry.ThreadID || reply.CustomerKey != "domain:globex.example" {
		t.Fatalf("her reply: %s in thread %d of %q; want outbound in the inquiry's thread %d of domain:globex.example",
			reply.Kind, reply.ThreadID, reply.CustomerKey, inquiry.ThreadID)
	}
	note := s.SeveralSentFolders()
	for _, w := range []string{"Sent (1 messages)", "Sent Items (3 messages)", "reading each that holds mail", "files its copies in Sent Items"} {
		if !strings.Contains(note, w) {
			t.Errorf("SeveralSentFolders %q does not say %q", note, w)
		}
	}
	if strings.Contains(note, "set sent_folder") {
		t.Errorf("SeveralSentFolders %q advises sent_folder, which reads one folder", note)
	}
	if n := strings.Count(logs.String(), "msg=\"several Sent folders"); n != 1 {
		t.Errorf("logged %d times; want once:\n%s", n, logs.String())
	}
}
