package mailsync_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// TestFolderWithAnUnreadableNameDoesNotStopSync: a server that lists one
// folder under a name that is not valid modified UTF-7 ("R&D" with a bare
// "&", raw GBK bytes, quoted or as a literal, as RFC 3501 would have 8-bit
// names sent) made imapclient close the connection, so the whole mailbox
// never synced. The folder is left out, named, and the rest syncs; a
// readable name sent as a literal is read as before.
func TestFolderWithAnUnreadableNameDoesNotStopSync(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		unreadable int
	}{
		{"bare ampersand", `* LIST (\HasNoChildren) "/" "R&D"`, 1},
		{"atom with ampersand", `* LIST (\HasNoChildren) "/" Quotes&PI`, 1},
		{"raw GBK", "* LIST (\\HasNoChildren) \"/\" \"\xd2\xd1\xb7\xa2\xcb\xcd\"", 1},
		{"raw GBK as a literal", "* LIST (\\HasNoChildren) \"/\" {6}\r\n\xd2\xd1\xb7\xa2\xcb\xcd", 1},
		{"readable literal", "* LIST (\\HasNoChildren) \"/\" {6}\r\nOrders", 0},
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
			if got := s.UnreadableFolders(); len(got) != tc.unreadable {
				t.Fatalf("unreadable folders %q, want %d", got, tc.unreadable)
			}
		})
	}
}

// A Sent folder the server names in raw GBK (已发送) is left out, so the
// mailbox has no Sent to read. What keepwarm says then names that folder as
// a person reads it and who can fix it, not sent_folder, which cannot reach
// a name the server knows by other bytes; a sent_folder written anyway
// says the same.
func TestSentFolderNamedInGBKIsNamed(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	admin := srv.Dial(t, salesUser)
	if err := admin.Delete("Sent").Wait(); err != nil {
		t.Fatal(err)
	}
	appendGen(t, srv, salesUser, "INBOX", 0, 1)
	front := mailtest.NewListFront(t, srv.Addr(), "* LIST (\\HasNoChildren) \"/\" \"\xd2\xd1\xb7\xa2\xcb\xcd\"")
	cfg := mailboxConfig(srv, "lily", salesUser)
	cfg.URL = &url.URL{Scheme: "imap", Host: front.Addr()}
	cfg.Owner = lilyUser
	s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{MaxAttempts: 2})
	syncOnce(t, s)
	why := s.NoSentFolder()
	if !strings.Contains(why, "已发送") || !strings.Contains(why, "mail administrator") || strings.Contains(why, "set sent_folder") {
		t.Fatalf("NoSentFolder %q: want the unreadable folder named, and not sent_folder", why)
	}

	cfg.Folders = []mailsync.FolderSpec{{Name: "已发送", Role: keepwarm.RoleSent}}
	s = mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{MaxAttempts: 1})
	_, err := s.Sync(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not on the server") || !strings.Contains(err.Error(), "已发送 (sent in GBK)") ||
		keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("sent_folder = 已发送: %v", err)
	}
}
