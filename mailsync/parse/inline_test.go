package parse

import (
	"slices"
	"testing"
)

// A customer's new mail with another message inline (message/rfc822, no
// file name, as some clients forward) answers nothing: the inline
// message's id is no In-Reply-To. A mail server's bounce carrying the
// returned message the same way still points at it.
func TestInlineMessageIsNoReply(t *testing.T) {
	body := "--m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCan you offer the same to us?\r\n" +
		"--m\r\nContent-Type: message/rfc822\r\n\r\nFrom: Lily <lily@team.example>\r\nTo: bob@a.example\r\n" +
		"Subject: Quotation\r\nMessage-ID: <quote-a@team.example>\r\n\r\nDear Bob, our price is...\r\n--m--\r\n"
	m := msg(body, "From: Carla <carla@b.example>", "To: sales@team.example", "Subject: Offer",
		"Message-ID: <c1@b.example>", "Content-Type: multipart/mixed; boundary=m")
	if len(m.InReplyTo) != 0 {
		t.Errorf("a customer's mail with an inline message: InReplyTo %v; want none", m.InReplyTo)
	}
	for _, lines := range [][]string{
		{"From: Mail Delivery System <MAILER-DAEMON@mx.b.example>", "To: lily@team.example", "Subject: Undelivered Mail Returned to Sender",
			"Message-ID: <bounce1@mx.b.example>", "Content-Type: multipart/mixed; boundary=m"},
		{"From: Mail Delivery Subsystem <bounces@mx.b.example>", "Return-Path: <>", "To: lily@team.example", "Subject: Undelivered Mail",
			"Message-ID: <bounce2@mx.b.example>", "Content-Type: multipart/mixed; boundary=m"},
	} {
		if m := msg(body, lines...); !slices.Equal(m.InReplyTo, []string{"quote-a@team.example"}) {
			t.Errorf("a bounce from %s: InReplyTo %v; want the returned message's id", lines[0], m.InReplyTo)
		}
	}
}
