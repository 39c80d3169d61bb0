package mailsync_test

import (
	"context"
	"net/url"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// TestFolderWithAnUnreadableNameDoesNotStopSync: a server that lists one
// folder under a name that is not valid modified UTF-7 ("R&D" with a bare
// "&", raw GBK bytes) made imapclient close the connection, so the whole
// mailbox never synced. The folder is left out, named, and the rest syncs.
func TestFolderWithAnUnreadableNameDoesNotStopSync(t *testing.T) {
	for _, tc := range []struct{ name, line, folder string }{
		{"bare ampersand", `* LIST (\HasNoChildren) "/" "R&D"`, "R&D"},
		{"atom with ampersand", `* LIST (\HasNoChildren) "/" Quotes&PI`, "Quotes&PI"},
		{"raw GBK", "* LIST (\\HasNoChildren) \"/\" \"\xd2\xd1\xb7\xa2\xcb\xcd\"", "\xd2\xd1\xb7\xa2\xcb\xcd"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			srv.AddUser(t, salesUser, password)
			appendGen(t, srv, salesUser, "INBOX", 0, 2)
			front := mailtest.NewListFront(t, srv.Addr(), tc.line)
			cfg := mailboxConfig(srv, "sales", salesUser)
			cfg.URL = &url.URL{Scheme: "imap", Host: front.Addr()}
			s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{MaxAttempts: 2})
			sum, err := s.Sync(context.Background())
			if err != nil {
				t.Fatalf("sync: %v", err)
			}
			if sum.New != 2 {
				t.Fatalf("synced %d new, want 2", sum.New)
			}
			if got := s.UnreadableFolders(); len(got) != 1 {
				t.Fatalf("unreadable folders %q, want the one", got)
			}
		})
	}
}
