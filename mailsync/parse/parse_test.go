package parse

import (
	"testing"
	"unicode/utf8"
)

func TestMessageBasic(t *testing.T) {
	h := []byte("From: \"Bob\" <Bob@Acme.com>\r\nTo: sales@team.com\r\nSubject: =?gbk?B?ufq8yg==?= Re: x\r\nMessage-ID: <a1@acme.com>\r\nReferences: <r1@x> bad <r2@y>\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	m := Message(h, []byte("Hello   there\r\n"), int64(len(h)+15))
	if m.Key != "a1@acme.com" || m.From.Email != "bob@acme.com" || m.Subject != "国际 Re: x" || len(m.References) != 2 || m.Snippet != "Hello there" || m.Date.IsZero() {
		t.Fatalf("%+v", m)
	}
	if !utf8.ValidString(m.Subject) {
		t.Fatal("invalid")
	}
}
