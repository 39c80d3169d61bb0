package parse

import (
	"strings"
	"testing"
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
