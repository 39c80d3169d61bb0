package mailsync_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// An out-of-office whose plain text is an empty line beside the HTML that
// says it all, with no automatic-answer header: sync reads the HTML, so
// the answer is taken for automatic (not for the customer's reply) and its
// return date is read. With every text fetched at once, and in the
// history's two steps.
func TestEmptyPlainTextBesideHTML(t *testing.T) {
	raw := strings.ReplaceAll(`From: Bob <bob@acme.example>
To: `+salesUser+`
Subject: Automatic reply: Quotation
Date: Mon, 05 Jan 2026 09:00:00 +0000
Message-ID: <ooo-1@acme.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

`+`
--b
Content-Type: text/html; charset=utf-8

<html><body><p>I am out of office until 12 January 2026.</p></body></html>
--b--
`, "\n", "\r\n")
	for _, tc := range []struct {
		name string
		opts mailsync.SyncOptions
	}{
		{"texts at once", mailsync.SyncOptions{RecentText: -1}},
		{"history", mailsync.SyncOptions{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			srv.AddUser(t, salesUser, password)
			srv.Append(t, salesUser, "INBOX", []byte(raw), t0)
			cs := &captureStore{}
			s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), cs, team(), keepwarm.SystemClock{}, testLogger(t), tc.opts)
			syncOnce(t, s)
			var m *keepwarm.Message
			for i := range cs.got {
				if cs.got[i].Message.MessageID == "ooo-1@acme.example" && !cs.got[i].Message.TextPending {
					m = &cs.got[i].Message
				}
			}
			if m == nil {
				t.Fatalf("the message was not stored with its text: %d stored", len(cs.got))
			}
			if !strings.Contains(m.Snippet, "out of office") || m.Kind != keepwarm.KindAutoReply ||
				!m.AutoReplyUntil.Equal(time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("Snippet %q Kind %q AutoReplyUntil %v; want the HTML's text, auto_reply, 12 January", m.Snippet, m.Kind, m.AutoReplyUntil)
			}
		})
	}
}
