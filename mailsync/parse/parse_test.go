package parse

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/emersion/go-message/mail"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

func TestKeyAndIDs(t *testing.T) {
	refs := "References: <a@x> <bad id@x> junk <b@y>\r\n\t<c@z>"
	m := msg("", "From: a@b.example", "Message-ID: <ID-1@Example.COM>", refs, "In-Reply-To: Re: your mail <c@z>")
	if m.Key != "ID-1@Example.COM" || m.MessageID != m.Key {
		t.Errorf("Key %q MessageID %q", m.Key, m.MessageID)
	}
	if got := strings.Join(m.References, " "); got != "a@x b@y c@z" {
		t.Errorf("References = %q", got)
	}
	if got := strings.Join(m.InReplyTo, " "); got != "c@z" {
		t.Errorf("InReplyTo = %q", got)
	}
	// Bare ids, as some ERPs and ticket systems write them.
	m = msg("", "From: a@b.example", "In-Reply-To: 20261201.123@mail.seller.com", "References: 1@x.example, 2@x.example\r\n 20261201.123@mail.seller.com")
	if got := strings.Join(m.InReplyTo, " "); got != "20261201.123@mail.seller.com" {
		t.Errorf("bare InReplyTo = %q", got)
	}
	if got := strings.Join(m.References, " "); got != "1@x.example 2@x.example 20261201.123@mail.seller.com" {
		t.Errorf("bare References = %q", got)
	}
	m = msg("", "From: a@b.example", "In-Reply-To: your mail of 3 December")
	if len(m.InReplyTo) != 0 {
		t.Errorf("InReplyTo from words = %q", m.InReplyTo)
	}
	// The obsolete phrase form names an address, not a message: as a
	// thread key it would join every thread the sender's mailer answers.
	for _, v := range []string{"ann@buyer.com's message of Mon, 1 Dec 2026", "Your mail of 01.12.2026 (ann@buyer.com)",
		"(ann@buyer.com)", "lily@team.example"} {
		m = msg("", "From: Ann <ann@buyer.com>", "To: lily@team.example", "In-Reply-To: "+v, "References: "+v)
		if len(m.InReplyTo) != 0 || len(m.References) != 0 {
			t.Errorf("%q: InReplyTo %q References %q; want none", v, m.InReplyTo, m.References)
		}
	}
	// go-message gives up at the first bad token: the reason for the lenient scan.
	var h mail.Header
	h.Set("References", "<a@x> junk <b@y>")
	if ids, err := h.MsgIDList("References"); err == nil && len(ids) == 3 {
		t.Log("go-message now parses bad References; the lenient scan may be unneeded")
	}

	// Without a Message-ID: the hash of the sender's fields, the same for
	// each of these; the hash of the header as fetched is the alias.
	noID := ""
	for _, tt := range []struct{ field, want string }{
		{"Message-ID: bare@example.com", "bare@example.com"}, // brackets forgotten
		{"Message-ID: not an id", ""},
		{"Message-ID: <>", ""},
		{"X-No-Id: 1", ""},
	} {
		header := "From: a@b.example\r\n" + tt.field + "\r\n\r\n"
		m := Message([]byte(header), nil, int64(len(header)))
		if tt.want != "" {
			if m.Key != tt.want || m.MessageID != tt.want || m.KeyAlias != "" {
				t.Errorf("%s: Key %q MessageID %q alias %q, want %q", tt.field, m.Key, m.MessageID, m.KeyAlias, tt.want)
			}
			continue
		}
		sum := sha256.Sum256([]byte(header))
		if alias := "sha256:" + hex.EncodeToString(sum[:]); m.KeyAlias != alias || m.MessageID != "" {
			t.Errorf("%s: alias %q MessageID %q, want %q", tt.field, m.KeyAlias, m.MessageID, alias)
		}
		if noID == "" {
			noID = m.Key
		}
		if !strings.HasPrefix(m.Key, "sha256:") || m.Key != noID || m.Key == m.KeyAlias {
			t.Errorf("%s: Key %q, want the hash of From alone (%q)", tt.field, m.Key, noID)
		}
	}
	// A header with no field a sender writes keeps the hash of the header.
	header := "X-No-Id: 1\r\n\r\n"
	sum := sha256.Sum256([]byte(header))
	if m := Message([]byte(header), nil, int64(len(header))); m.Key != "sha256:"+hex.EncodeToString(sum[:]) || m.KeyAlias != "" {
		t.Errorf("no origin field: Key %q alias %q", m.Key, m.KeyAlias)
	}
}

// The copy of a message without a Message-ID in its sender's Sent folder
// and the copy delivered (with Return-Path, an Exchange rule's loop field,
// folded differently) have one Key; another message does not share it.
func TestKeyWithoutMessageIDIgnoresDeliveryFields(t *testing.T) {
	sent := "From: Lily <lily@acme.example>\r\nTo: hans@buyer.de\r\nCc: team@acme.example\r\n" +
		"Subject: Quotation\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n\r\n"
	delivered := "Return-Path: <lily@acme.example>\r\nFrom: Lily\r\n <lily@acme.example>\r\nTo: hans@buyer.de\r\n" +
		"Cc: team@acme.example\r\nSubject: Quotation\r\nDate: Mon, 2 Nov 2026 10:00:00 +0100\r\n" +
		"X-MS-Exchange-Inbox-Rules-Loop: team@acme.example\r\n\r\n"
	other := strings.Replace(sent, "10:00:00", "10:00:01", 1)
	a := Message([]byte(sent), nil, 100)
	b := Message([]byte(delivered), nil, 100)
	c := Message([]byte(other), nil, 100)
	if a.Key != b.Key {
		t.Errorf("Sent copy %q and delivered copy %q: want one key", a.Key, b.Key)
	}
	if c.Key == a.Key {
		t.Errorf("another message has the same key %q", c.Key)
	}
}

func TestDates(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Mon, 2 Nov 2026 10:00:00 +0100", "2026-11-02T09:00:00Z"},
		{"2 Nov 2026 10:00:00 +0100 (CET)", "2026-11-02T09:00:00Z"},
		{"Mon, 2 Nov 2026 10:00 +0100", "2026-11-02T09:00:00Z"},
		{"Mon, 02 Nov 2026 10:00:00 GMT", "2026-11-02T10:00:00Z"},
		{"2026-11-02 10:00:00 +0800", "2026-11-02T02:00:00Z"}, // some Chinese web mailers
		{"Mon Nov  2 10:00:00 2026", "2026-11-02T10:00:00Z"},  // asctime
		{"yesterday", ""},
		{"", ""},
	} {
		got := parseDate(tt.in)
		s := ""
		if !got.IsZero() {
			s = got.UTC().Format("2006-01-02T15:04:05Z")
		}
		if s != tt.want {
			t.Errorf("parseDate(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

func TestCharsetEdges(t *testing.T) {
	tests := []struct {
		name, subject, want string
		errWant             bool
	}{
		{"raw 8-bit windows-1252 falls back from GB18030", "Caf\xe9 cr\xe8me", "Café crème", false},
		{"raw 8-bit UTF-8 passes", "Prix spécial", "Prix spécial", false},
		{"unknown charset keeps going", "=?x-unknown?Q?abc?= ok", "abc ok", true},
		{"words joined across whitespace", "=?utf-8?Q?a?= =?utf-8?Q?b?=", "ab", false},
		{"text between words kept", "=?utf-8?Q?a?= and =?utf-8?Q?b?=", "a and b", false},
		{"malformed word left as written", "=?utf-8?B?@@@?= x", "=?utf-8?B?@@@?= x", false},
		{"gb2312 label with a GB18030-only character", "=?gb2312?B?" + "lTKCNg==" + "?=", "𠀀", false},
		{"control characters dropped", "=?UTF-8?B?AGh0dHBzOi8vZXZpbC5leGFtcGxlL2xvZ2luAA==?= =?utf-8?Q?a=1Bb=7Fc?=", "https://evil.example/loginabc", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeText(tt.subject)
			if got != tt.want || (err != nil) != tt.errWant {
				t.Errorf("decodeText(%q) = %q, %v; want %q", tt.subject, got, err, tt.want)
			}
			if !utf8.ValidString(got) {
				t.Errorf("invalid UTF-8 %q", got)
			}
		})
	}
	// An unknown body charset is noted, and the text still comes through.
	m := msg("plain words", "From: a@b.example", "Content-Type: text/plain; charset=x-martian")
	if m.Snippet != "plain words" || !strings.Contains(m.ParseError, "x-martian") {
		t.Errorf("Snippet %q ParseError %q", m.Snippet, m.ParseError)
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("价格 ", 2000) // 3-byte runes: the cut must not split one
	m := msg(long, "From: a@b.example", "Content-Type: text/plain; charset=utf-8")
	if len(m.Snippet) > snippetBytes || len(m.Snippet) < snippetBytes-8 || !utf8.ValidString(m.Snippet) {
		t.Errorf("snippet of %d bytes, valid %v", len(m.Snippet), utf8.ValidString(m.Snippet))
	}
	html := "<html><head><title>T</title><style>.a{}</style></head><body><!-- c --><p>Dear&nbsp;Sir,</p><br><div>price&lt;10</div><script>x()</script></body></html>"
	m = msg(html, "From: a@b.example", "Content-Type: text/html; charset=utf-8")
	if m.Snippet != "Dear Sir, price<10" { // NBSP counts as whitespace
		t.Errorf("html snippet %q", m.Snippet)
	}
	// A header block without the final blank line (a field fetch) parses too.
	h := []byte("From: a@b.example\r\nSubject: no blank line")
	if m := Message(h, nil, 0); m.Subject != "no blank line" || m.ParseError != "" {
		t.Errorf("Subject %q ParseError %q", m.Subject, m.ParseError)
	}
}

// TestKeepsNoInput checks that nothing parse returns refers to the bytes it
// was given, so a caller may reuse its buffers (and a parsed message does
// not keep a whole fetch buffer alive).
// Each message of the export mix (and its first part read as a text part)
// is parsed from a buffer that is then overwritten; the result must not
// change.
func TestKeepsNoInput(t *testing.T) {
	team := NewTeam([]string{"keepwarm-trading.com"}, nil, []string{"gmail.com"})
	opts := mailtest.GenOptions{TeamDomain: "keepwarm-trading.com", Sales: "lily@keepwarm-trading.com", Customers: 40}
	for i := range 300 {
		raw := mailtest.GenExport(i, opts)
		h, body, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
		hl := len(h) + 4
		buf := bytes.Clone(raw)
		header, prefix := buf[:hl], buf[hl:hl+min(len(body), 4096)]
		for _, role := range []keepwarm.FolderRole{keepwarm.RoleInbox, keepwarm.RoleSent} {
			check := func(name string, parse func() keepwarm.Message) {
				copy(buf, raw)
				got := parse()
				want := fmt.Sprintf("%#v", got) // every byte of the result, copied
				for j := range buf {
					buf[j] = "x\r\n<>@:= "[j%9]
				}
				if after := fmt.Sprintf("%#v", got); after != want {
					t.Fatalf("message %d (%s, %s): the result changed when the input was overwritten:\n%s\nwant\n%s", i, name, role, after, want)
				}
			}
			check("whole body", func() keepwarm.Message { return team.Parse(header, prefix, int64(len(raw)), role) })
			part := &Part{MediaType: "text/plain", Charset: "utf-8", Encoding: "quoted-printable", Size: int64(len(body)),
				Attachments: []keepwarm.Attachment{{Name: "=?utf-8?q?price_list?=.pdf", Type: "application/pdf"}}}
			check("text part", func() keepwarm.Message { return team.ParsePart(header, prefix, int64(len(raw)), part, role) })
		}
	}
}
