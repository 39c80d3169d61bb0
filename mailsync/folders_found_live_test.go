package mailsync_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A Sent folder, or a folder of all mail, that the server gains while Run
// is connected (the admin creates it, a Gmail user ticks "Show in IMAP",
// as the warning asks) is found by the next full pass on the same
// connection: the warning clears and its mail is read. The session stays
// up for days on IDLE, and only a reconnect looked again, so her mail
// stayed held and her answers unread.
func TestSentAndAllFoldersFoundWhileConnected(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	admin := srv.Dial(t, salesUser)
	if err := admin.Delete("Sent").Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	db := newStore(t)
	proxy := mailtest.NewCutProxy(t, srv.Addr(), 1<<40) // counts the connections, cuts none
	cfg := mailboxConfig(srv, "lily", salesUser)
	cfg.URL.Host = proxy.Addr()
	cfg.Owner = lilyUser
	cfg.ReadAll, cfg.AllNames = true, []string{"All Mail"}
	s := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(t),
		mailsync.SyncOptions{PollInterval: time.Hour, RetryMin: 10 * time.Millisecond, RetryMax: 50 * time.Millisecond})
	stop := runInBackground(t, s)
	defer stop()
	look := func() {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			err := s.Look(ctx)
			cancel()
			if err == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("look: %v", err)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	look()
	if s.NoSentFolder() == "" || s.NoAllFolder() == "" {
		t.Fatalf("without Sent and All Mail: NoSentFolder %q, NoAllFolder %q", s.NoSentFolder(), s.NoAllFolder())
	}

	for _, f := range []string{"Sent", "All Mail"} {
		if err := admin.Create(f, nil).Wait(); err != nil {
			t.Fatal(err)
		}
	}
	appendGen(t, srv, salesUser, "Sent", 1, 2)
	appendGen(t, srv, salesUser, "All Mail", 0, 1)
	appendGen(t, srv, salesUser, "All Mail", 2, 3)
	look()
	if s.NoSentFolder() != "" || s.NoAllFolder() != "" {
		t.Fatalf("Sent and All Mail created: NoSentFolder %q, NoAllFolder %q", s.NoSentFolder(), s.NoAllFolder())
	}
	if got, want := s.Folders(), []string{"Sent", "All Mail"}; !slices.Equal(got, want) {
		t.Fatalf("read folders %q; want %q", got, want)
	}
	if st := stats(t, db); st.Messages != 3 {
		t.Fatalf("stats %+v: want the inbox's message, the one in Sent and the one only in All Mail", st)
	}
	if n := proxy.Conns(); n != 1 {
		t.Fatalf("%d connections; want the first one, not a reconnect", n)
	}
}
