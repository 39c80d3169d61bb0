package mailsync_test

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// While a new message of the mailbox is refused by the server and asked
// for again (Syncer.UnreadMessage, shared through SetUnread), the
// salesperson's mail waits, queued and saying why: the message may be the
// customer's answer. Once it is read, or gone from the server, the mail
// goes.
func TestMailWaitsWhileANewMessageCannotBeRead(t *testing.T) {
	for _, end := range []string{"served", "expunged"} {
		t.Run(end, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			r := newRig(t, srv, nil)
			cfg := mailsync.MailboxConfig{Name: "team", URL: srv.URL(), Username: seller, Password: imapPass}
			s := mailsync.NewSyncer(cfg, newStore(t), team(), r.clock, testLogger(t), mailsync.SyncOptions{})
			appendGen(t, srv, seller, "INBOX", 0, 1)
			syncOnce(t, s)
			appendGen(t, srv, seller, "INBOX", 1, 2) // UID 2
			srv.RefuseFetch("INBOX", 2, gmailRefusal)
			syncOnce(t, s)
			why := s.UnreadMessage()
			if !strings.Contains(why, "folder INBOX, UID 2") {
				t.Fatalf("UnreadMessage %q", why)
			}
			r.disp.SetUnread(func(mailbox string) string {
				if mailbox == "team" {
					return s.UnreadMessage()
				}
				return ""
			})
			it := r.enqueue("seq:1:1", keepwarm.ModeSend)
			r.run()
			got := r.item(it.ID)
			if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 || got.LastError != mailsync.UnreadHeld+why || r.smtp.DataCount() != 0 {
				t.Fatalf("item %s after %d attempts (%q), %d DATA; want queued, held, nothing sent",
					got.Status, got.Attempts, got.LastError, r.smtp.DataCount())
			}

			srv.RefuseFetch("INBOX", 0, "")
			if end == "expunged" {
				srv.RefuseFetch("INBOX", 2, gmailRefusal) // refused still, but moved away
				c := srv.Dial(t, seller)
				if _, err := c.Select("INBOX", nil).Wait(); err != nil {
					t.Fatal(err)
				}
				var set imap.UIDSet
				set.AddNum(2)
				if err := c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
					t.Fatal(err)
				}
				if err := c.Expunge().Close(); err != nil {
					t.Fatal(err)
				}
			}
			r.clock.Advance(time.Minute)
			syncOnce(t, s)
			if why := s.UnreadMessage(); why != "" {
				t.Fatalf("%s: UnreadMessage %q", end, why)
			}
			r.clock.Advance(time.Minute) // not the hour a missing folder waits
			r.run()
			if got := r.item(it.ID); got.Status != keepwarm.OutboxSent {
				t.Fatalf("once the message is %s: %s (%s), want sent", end, got.Status, got.LastError)
			}
		})
	}
}

// The follow-ups' last look syncs the mailbox with Syncers of its own, and
// may be the first to be refused the customer's answer: the daemon's
// Syncer, which the dispatcher asks, has not met it, and the mail waits
// all the same.
func TestMailWaitsForAMessageRefusedToAnotherSyncer(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	cfg := mailsync.MailboxConfig{Name: "team", URL: srv.URL(), Username: seller, Password: imapPass}
	db := newStore(t)
	daemon := mailsync.NewSyncer(cfg, db, team(), r.clock, testLogger(t), mailsync.SyncOptions{})
	look := mailsync.NewSyncer(cfg, db, team(), r.clock, testLogger(t), mailsync.SyncOptions{})
	appendGen(t, srv, seller, "INBOX", 0, 1)
	syncOnce(t, daemon)
	appendGen(t, srv, seller, "INBOX", 1, 2) // UID 2
	srv.RefuseFetch("INBOX", 2, gmailRefusal)
	syncOnce(t, look)
	r.disp.SetUnread(func(mailbox string) string {
		if mailbox == "team" {
			return daemon.UnreadMessage()
		}
		return ""
	})
	why := daemon.UnreadMessage()
	if !strings.Contains(why, "folder INBOX, UID 2, refused 1 times") {
		t.Fatalf("the daemon's UnreadMessage %q; want the message the look was refused", why)
	}
	it := r.enqueue("seq:1:1", keepwarm.ModeSend)
	r.run()
	got := r.item(it.ID)
	if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 || got.LastError != mailsync.UnreadHeld+why || r.smtp.DataCount() != 0 {
		t.Fatalf("item %s after %d attempts (%q), %d DATA; want queued, held, nothing sent",
			got.Status, got.Attempts, got.LastError, r.smtp.DataCount())
	}
}
