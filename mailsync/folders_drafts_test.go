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

// The Drafts folder listed in extra_folders is not synced: a draft there
// (keepwarm's own "received" reply, or one never sent) from the
// salesperson to a customer would be stored like mail she sent and stop
// the customer's reply clock. A running sync leaves it out and says so;
// `keepwarm check` (Inspect) refuses it, naming the key.
func TestDraftsListedInExtraFoldersIsNotSynced(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, salesUser, password)
		srv.Append(t, salesUser, "INBOX", []byte("From: Hans <hans@globex.de>\r\nTo: "+salesUser+"\r\nSubject: Price?\r\n"+
			"Message-ID: <q1@globex.de>\r\nDate: Mon, 03 Mar 2025 09:00:00 +0000\r\n\r\nPrice for 500 pcs?\r\n"), t0)
		srv.Append(t, salesUser, "Drafts", []byte("From: Sales <"+salesUser+">\r\nTo: hans@globex.de\r\nSubject: Re: Price?\r\n"+
			"Message-ID: <d1@"+teamDomain+">\r\nIn-Reply-To: <q1@globex.de>\r\nDate: Mon, 03 Mar 2025 09:05:00 +0000\r\n\r\nReceived, working on it.\r\n"), t0)
		db := newStore(t)
		var logs mailtest.LockedBuffer
		cfg := mailboxConfig(srv, "team", salesUser)
		cfg.Folders = []mailsync.FolderSpec{{Name: "Drafts", Role: keepwarm.RoleOther}}
		s := mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, slog.New(slog.NewTextHandler(&logs, nil)), mailsync.SyncOptions{})
		if sum := syncOnce(t, s); sum.New != 1 {
			t.Fatalf("synced %d new messages, want INBOX's one alone", sum.New)
		}
		if !strings.Contains(logs.String(), "extra_folders lists the Drafts folder") {
			t.Errorf("the log does not say why Drafts is left out:\n%s", logs.String())
		}
		if _, err := s.Inspect(context.Background()); err == nil || !strings.Contains(err.Error(), "extra_folders") || !strings.Contains(err.Error(), `"Drafts"`) {
			t.Fatalf("check with Drafts in extra_folders: %v", err)
		}
	})
}

// On a server without SPECIAL-USE, a Drafts folder of a localised name
// (Russian, Japanese, Korean, Dutch, as the Sent folder's names beside it)
// listed in extra_folders is the Drafts folder too: an unsent draft there
// to the customer is not stored as her answer, and `keepwarm check`
// refuses it. It was synced as mail she sent, and stopped the reply
// clock nobody answered.
func TestLocalisedDraftsListedInExtraFoldersIsNotSynced(t *testing.T) {
	for _, drafts := range []string{"Черновики", "下書き", "임시 보관함", "Concepten", "Utkast"} {
		t.Run(drafts, func(t *testing.T) {
			srv := mailtest.NewMemServer(t) // marks no folder \Drafts
			srv.AddUser(t, salesUser, password)
			admin := srv.Dial(t, salesUser)
			if err := admin.Delete("Drafts").Wait(); err != nil {
				t.Fatal(err)
			}
			if err := admin.Create(drafts, nil).Wait(); err != nil {
				t.Fatal(err)
			}
			srv.Append(t, salesUser, "INBOX", []byte("From: Ivan <ivan@buyer.ru>\r\nTo: "+salesUser+"\r\nSubject: Price?\r\n"+
				"Message-ID: <q1@buyer.ru>\r\nDate: Mon, 03 Mar 2025 09:00:00 +0000\r\n\r\nPrice for 500 pcs?\r\n"), t0)
			srv.Append(t, salesUser, drafts, []byte("From: Sales <"+salesUser+">\r\nTo: ivan@buyer.ru\r\nSubject: Re: Price?\r\n"+
				"Message-ID: <d1@"+teamDomain+">\r\nIn-Reply-To: <q1@buyer.ru>\r\nDate: Mon, 03 Mar 2025 09:05:00 +0000\r\n\r\nDraft, not sent.\r\n"), t0)
			var logs mailtest.LockedBuffer
			cfg := mailboxConfig(srv, "team", salesUser)
			cfg.Folders = []mailsync.FolderSpec{{Name: drafts, Role: keepwarm.RoleOther}}
			s := mailsync.NewSyncer(cfg, newStore(t), team(), keepwarm.SystemClock{}, slog.New(slog.NewTextHandler(&logs, nil)), mailsync.SyncOptions{})
			if sum := syncOnce(t, s); sum.New != 1 {
				t.Fatalf("synced %d new messages, want INBOX's one alone: the draft in %s was read as mail she sent", sum.New, drafts)
			}
			if !strings.Contains(logs.String(), "extra_folders lists the Drafts folder") {
				t.Errorf("the log does not say why %s is left out:\n%s", drafts, logs.String())
			}
			if _, err := s.Inspect(context.Background()); err == nil || !strings.Contains(err.Error(), "the Drafts folder") || !strings.Contains(err.Error(), `"`+drafts+`"`) {
				t.Fatalf("check with %s in extra_folders: %v", drafts, err)
			}
		})
	}
}
