package mailsync_test

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A salesperson's mail without a Message-ID, its copy in her Sent (as her
// client filed it, no Return-Path) and the copy delivered to the team
// INBOX (Cc, with the Return-Path delivery added), is one message with two
// copies, not two messages.
func TestMessageWithoutIDIsOneAcrossSentAndInbox(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, salesUser, password)
	srv.AddUser(t, lilyUser, password)
	body := "From: Lily <" + lilyUser + ">\r\nTo: hans@buyer.de\r\nCc: " + salesUser + "\r\n" +
		"Subject: Quotation LED panels\r\nDate: Mon, 03 Mar 2025 10:00:00 +0800\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nDear Hans,\r\nour quotation.\r\n"
	srv.Append(t, lilyUser, "Sent", []byte(body), t0)
	srv.Append(t, salesUser, "INBOX", []byte("Return-Path: <"+lilyUser+">\r\n"+body), t0.Add(time.Minute))
	db := newStore(t)
	for _, mb := range []struct{ name, user string }{{"lily", lilyUser}, {"team", salesUser}} {
		cfg := mailboxConfig(srv, mb.name, mb.user)
		syncOnce(t, mailsync.NewSyncer(cfg, db, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{}))
	}
	if st := stats(t, db); st.Messages != 1 || st.Copies["lily"] != 1 || st.Copies["team"] != 1 {
		t.Fatalf("stored %d message(s), copies %v; want one message with a copy in each mailbox", st.Messages, st.Copies)
	}
}
