package parse

import (
	"strings"
	"testing"

	"golang.org/x/text/transform"
)

// A web form's mail says iso-8859-1 or gb2312 and is written in UTF-8: the
// names and the text read as written, not "JÃ¼rgen". Text really in those
// charsets still decodes by its label.
func TestUTF8UnderAnotherLabel(t *testing.T) {
	const form = "Anfrage von Jürgen Müller – Preis für 500 Stück"
	for _, tt := range []struct {
		name, body, want string
		lines            []string
	}{
		{"iso-8859-1 label, UTF-8 text", form, form,
			[]string{"From: =?iso-8859-1?Q?J=C3=BCrgen_M=C3=BCller?= <j@x.de>", "Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: 8bit"}},
		{"windows-1252 label, UTF-8 quoted-printable", "Anfrage von J=C3=BCrgen M=C3=BCller", "Anfrage von Jürgen Müller",
			[]string{"From: =?windows-1252?Q?J=C3=BCrgen_M=C3=BCller?= <j@x.de>", "Content-Type: text/plain; charset=windows-1252", "Content-Transfer-Encoding: quoted-printable"}},
		{"gb2312 label, UTF-8 Chinese", "您好，请报价 500 个球阀。", "您好，请报价 500 个球阀。",
			[]string{"From: =?gb2312?B?5byg5LiJ?= <j@x.de>", "Content-Type: text/plain; charset=gb2312", "Content-Transfer-Encoding: 8bit"}},
		{"multipart, iso-8859-1 label, UTF-8 text",
			"--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + form + "\r\n--b--\r\n", form,
			[]string{"From: =?iso-8859-1?Q?J=C3=BCrgen_M=C3=BCller?= <j@x.de>", "Content-Type: multipart/mixed; boundary=b"}},
		// Really Latin-1 and really GBK: decoded by the label.
		{"Latin-1 text", "Anfrage von J\xfcrgen M\xfcller", "Anfrage von Jürgen Müller",
			[]string{"From: =?iso-8859-1?Q?J=FCrgen_M=FCller?= <j@x.de>", "Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: 8bit"}},
		{"GBK text", "\xc4\xfa\xba\xc3\xa3\xac\xc7\xeb\xb1\xa8\xbc\xdb", "您好，请报价",
			[]string{"From: =?gb2312?B?1cXI/Q==?= <j@x.de>", "Content-Type: text/plain; charset=gb2312", "Content-Transfer-Encoding: 8bit"}},
	} {
		m := msg(tt.body, tt.lines...)
		if m.Snippet != tt.want {
			t.Errorf("%s: Snippet %q; want %q", tt.name, m.Snippet, tt.want)
		}
		if want := map[bool]string{true: "Jürgen Müller", false: "张三"}[!strings.Contains(tt.name, "Chinese") && !strings.Contains(tt.name, "GBK")]; m.From.Name != want {
			t.Errorf("%s: From.Name %q; want %q", tt.name, m.From.Name, want)
		}
		if m.ParseError != "" {
			t.Errorf("%s: ParseError %q", tt.name, m.ParseError)
		}
	}
}

// Sync fetches the first 4096 bytes of a long HTML part, and the server's
// cut may fall inside a character: UTF-8 under an iso-8859-1 or gb2312
// label is still taken for UTF-8 (the cut character is left out, not
// read as the label's), so the snippet reads as written.
func TestUTF8UnderAnotherLabelCutMidCharacter(t *testing.T) {
	for _, tt := range []struct{ charset, text, want string }{
		{"iso-8859-1", "Anfrage von Jürgen Müller", "Jürgen Müller"},
		{"gb2312", "您好，报价单 500 个球阀", "您好，报价单"},
	} {
		body := "<html><body><p>" + tt.text + "</p>"
		cut := 0
		for n := 0; cut == 0; n++ {
			// Pad until the last character straddles byte 4096.
			page := body + strings.Repeat("x", n) + strings.Repeat(map[bool]string{true: "ü", false: "您"}[tt.charset == "iso-8859-1"], 3000)
			if b := []byte(page)[:4096]; cutRuneLen(b) > 0 {
				body, cut = page, len(b)
			}
		}
		prefix := []byte(body)[:cut]
		header := []byte("From: j@x.de\r\nTo: sales@team.example\r\nSubject: Anfrage\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n")
		m := MessagePart(header, prefix, 20000, &Part{MediaType: "text/html", Charset: tt.charset, Encoding: "8bit", Size: 10000})
		if !strings.Contains(m.Snippet, tt.want) || strings.ContainsRune(m.Snippet, '\uFFFD') {
			t.Errorf("%s: Snippet %q...; want %q and no U+FFFD", tt.charset, m.Snippet[:min(len(m.Snippet), 80)], tt.want)
		}
	}
}

// The guard decides on what it has: an incomplete character at the very
// end of the text makes no UTF-8 into Latin-1, and a text part cut by the
// fetch keeps no U+FFFD for its cut last character.
func TestUTF8GuardIgnoresACutCharacterAtTheEnd(t *testing.T) {
	conv, err := charsetDecoder("iso-8859-1")
	if err != nil {
		t.Fatal(err)
	}
	got, _, _ := transform.String(conv, "Jürgen\xc3")
	if !strings.HasPrefix(got, "Jürgen") {
		t.Errorf("decoded %q; want Jürgen", got)
	}
	text := []byte("Dear Lily, Jürgen here. " + strings.Repeat("Straße ", 20))
	text = text[:len(text)-len(" ")-len("e")-len("ß")+1] // cut inside the last ß
	for _, cs := range []string{"utf-8", "iso-8859-1"} {
		m := MessagePart([]byte("From: j@x.de\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"), text, 20000,
			&Part{MediaType: "text/html", Charset: cs, Encoding: "8bit", Size: 10000})
		if strings.ContainsRune(m.Snippet, '\uFFFD') || strings.Contains(m.Snippet, "Ã") || !strings.HasSuffix(m.Snippet, "Stra") {
			t.Errorf("%s: Snippet %q; want it to end in Stra", cs, m.Snippet)
		}
	}
}
