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

// A mail server's bounce whose first text part only explains, the returned
// header following in a second text/plain part, is read whole on a
// folder's first sync (its history fetched header first, the texts after)
// as in a live sync: the From that makes it a mail server's bounce is
// known from the header fetched before its text. Read from its first part
// alone, it named no returned message and joined no quotation's thread
// (the follow-up went on writing to the dead address).
func TestHistoryReadsAMailServersBounceWhole(t *testing.T) {
	bounce := []byte("From: Mail Delivery System <MAILER-DAEMON@mx.buyer.example>\r\n" +
		"To: lily@" + teamDomain + "\r\n" +
		"Subject: Undelivered Mail Returned to Sender\r\n" +
		"Date: Mon, 02 Mar 2026 09:00:00 +0000\r\n" +
		"Message-ID: <bounce-1@mx.buyer.example>\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b1\"\r\n" +
		"\r\n" +
		"--b1\r\n" +
		"Content-Type: text/plain; charset=us-ascii\r\n" +
		"\r\n" +
		"This is the mail system at host mx.buyer.example.\r\n" +
		"I'm sorry to have to inform you that your message could not be delivered.\r\n" +
		"--b1\r\n" +
		"Content-Type: text/plain; charset=us-ascii\r\n" +
		"\r\n" +
		"<bob@buyer.example>: host mx.buyer.example said: 550 5.1.1 User unknown\r\n" +
		"\r\n" +
		"From: Lily <lily@" + teamDomain + ">\r\n" +
		"To: bob@buyer.example\r\n" +
		"Subject: Quotation QT-2026-031\r\n" +
		"Message-ID: <quote-31@" + teamDomain + ">\r\n" +
		"--b1--\r\n")
	arrived := t0
	for _, tc := range []struct {
		name   string
		recent time.Duration
	}{
		{"live", -1},
		{"history", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
				srv.AddUser(t, salesUser, password)
				srv.Append(t, salesUser, "INBOX", bounce, arrived)
				cs := &captureStore{}
				s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), cs, team(),
					keepwarm.NewManualClock(arrived.Add(time.Hour)), testLogger(t),
					mailsync.SyncOptions{BatchSize: 50, BodyPrefix: 4096, RecentText: tc.recent})
				if _, err := s.Sync(context.Background()); err != nil {
					t.Fatal(err)
				}
				if len(cs.got) != 1 {
					t.Fatalf("synced %d messages; want 1", len(cs.got))
				}
				m := cs.got[0].Message
				if !slices.Equal(m.InReplyTo, []string{"quote-31@" + teamDomain}) || m.TextPending {
					t.Errorf("bounce read in reply to %v, text pending %v; want it to return <quote-31@%s>",
						m.InReplyTo, m.TextPending, teamDomain)
				}
			})
		})
	}
}
