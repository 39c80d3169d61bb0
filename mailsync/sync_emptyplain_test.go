package mailsync_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
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

// HTML-only mail through a Mailman list: the list wraps it in a
// multipart/mixed with its plain-text footer after it. The customer's
// HTML is the text, not the footer. A plain text that is the HTML's
// alternative (the order some mailers write) is still the text.
func TestListFooterAfterHTMLIsNotTheText(t *testing.T) {
	footer := "_______________________________________________\r\nSales mailing list\r\nhttps://lists.team.example/mailman/listinfo/sales\r\n"
	for _, tc := range []struct{ name, body, want string }{
		{"footer after the HTML", "--m\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Please quote 500 pcs</p>\r\n--m\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + footer + "--m--\r\n", "Please quote 500 pcs"},
		{"plain after HTML in one alternative", "--m\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Please quote</p>\r\n--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlease quote 600 pcs, plain\r\n--a--\r\n--m\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + footer + "--m--\r\n", "Please quote 600 pcs, plain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := "From: Bob <bob@acme.example>\r\nTo: " + salesUser + "\r\nSubject: Inquiry\r\nDate: Mon, 05 Jan 2026 09:00:00 +0000\r\nMessage-ID: <html-1@acme.example>\r\n" +
				"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n" + tc.body
			m := parse.Message([]byte(raw[:strings.Index(raw, "\r\n\r\n")+4]), []byte(tc.body), int64(len(raw)))
			if !strings.Contains(m.Snippet, tc.want) {
				t.Errorf("parse: Snippet %q; want %q", m.Snippet, tc.want)
			}
			for _, opts := range []mailsync.SyncOptions{{RecentText: -1}} {
				srv := mailtest.NewMemServer(t)
				srv.AddUser(t, salesUser, password)
				srv.Append(t, salesUser, "INBOX", []byte(raw), t0)
				cs := &captureStore{}
				s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), cs, team(), keepwarm.SystemClock{}, testLogger(t), opts)
				syncOnce(t, s)
				found := false
				for _, in := range cs.got {
					if in.Message.TextPending {
						continue
					}
					found = true
					if !strings.Contains(in.Message.Snippet, tc.want) {
						t.Errorf("sync %+v: Snippet %q; want %q", opts, in.Message.Snippet, tc.want)
					}
				}
				if !found {
					t.Errorf("sync %+v: not stored with its text", opts)
				}
			}
		})
	}
}

// A plain text of encoded blank lines (base64 or quoted-printable, 16
// bytes or more) beside the HTML: sync finds it blank and fetches the
// HTML, so the snippet and the return date are read.
func TestEncodedBlankPlainTextBesideHTML(t *testing.T) {
	for _, plain := range []string{
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\nDQogDQogDQogDQogDQo=\r\n",
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=20\r\n=20\r\n=20\r\n=20\r\n=20\r\n=20\r\n",
	} {
		raw := "From: Bob <bob@acme.example>\r\nTo: " + salesUser + "\r\nSubject: Re: Quotation\r\nDate: Mon, 05 Jan 2026 09:00:00 +0000\r\n" +
			"Message-ID: <ooo-2@acme.example>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n" +
			"--b\r\n" + plain + "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>I am out of office until 12 January 2026.</p></body></html>\r\n--b--\r\n"
		srv := mailtest.NewMemServer(t)
		srv.AddUser(t, salesUser, password)
		srv.Append(t, salesUser, "INBOX", []byte(raw), t0)
		cs := &captureStore{}
		s := mailsync.NewSyncer(mailboxConfig(srv, "team", salesUser), cs, team(), keepwarm.SystemClock{}, testLogger(t), mailsync.SyncOptions{RecentText: -1})
		syncOnce(t, s)
		var m *keepwarm.Message
		for i := range cs.got {
			if !cs.got[i].Message.TextPending {
				m = &cs.got[i].Message
			}
		}
		if m == nil {
			t.Fatalf("the message was not stored with its text: %d stored", len(cs.got))
		}
		if !strings.Contains(m.Snippet, "out of office") || !m.AutoReplyUntil.Equal(time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("Snippet %q AutoReplyUntil %v; want the HTML's text and 12 January", m.Snippet, m.AutoReplyUntil)
		}
	}
}
