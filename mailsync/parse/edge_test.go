package parse

import (
	"strings"
	"testing"
)

// Raw 8-bit header text is read in one charset per message, chosen by what
// the bytes can be: latin-1 is not taken for GBK because GBK happens to
// allow the byte pairs.
func TestRawHeaderCharsetByMessage(t *testing.T) {
	for _, tt := range []struct {
		name          string
		from, subject string // raw header values
		wantName      string
		wantSubject   string
	}{
		{"latin-1", "J\xfcrgen M\xfcller <j@extern.example>", "Angebot f\xfcr Lampen",
			"Jürgen Müller", "Angebot für Lampen"},
		{"latin-1 pairs", "Gr\xfc\xdfe <g@extern.example>", "Gr\xfc\xdfe aus K\xf6ln",
			"Grüße", "Grüße aus Köln"},
		// Alone, "Andréè" is as good GBK as latin-1 (both bytes in GB2312's
		// area); the subject decides for the whole message.
		{"latin-1 decided by another field", "Andr\xe9\xe8 <a@extern.example>", "Angebot f\xfcr Lampen",
			"Andréè", "Angebot für Lampen"},
		{"gbk", "\xd5\xc5\xc8\xfd <zhang@factory.example>", "\xbb\xd8\xb8\xb4\xa3\xba\xd1\xaf\xbc\xdb",
			"张三", "回复：询价"},
		{"big5", "\xb3\xaf\xa4\x6a <chen@factory.example>", "\xa7\x41\xa6\x6e\xa1\x41\xb3\xf8\xbb\xf9",
			"陳大", "你好，報價"},
		// Every pair of 陳先生 in Big5 is a valid GB2312 pair too (trail
		// 0xA1 or above), but as GB18030 the last two are kana and a
		// private-use character: no real Chinese name.
		{"big5 high trails", "\xb3\xaf\xa5\xfd\xa5\xcd <chen@tw.example>", "RE: Quotation",
			"陳先生", "RE: Quotation"},
		{"big5 王先生", "\xa4\xfd\xa5\xfd\xa5\xcd <wang@tw.example>", "RE: Quotation",
			"王先生", "RE: Quotation"},
		{"big5 郭先生", "\xb3\xa2\xa5\xfd\xa5\xcd <kuo@tw.example>", "RE: Quotation",
			"郭先生", "RE: Quotation"},
		// 國 (b0ea) is as good GB2312, 城 (abb0) is in its empty rows.
		{"big5 曾國城", "\xb4\xbf\xb0\xea\xab\xb0 <tseng@tw.example>", "RE: Quotation",
			"曾國城", "RE: Quotation"},
		// A guard: 小 and 姐 have trails GB2312 does not use.
		{"big5 李小姐", "\xa7\xf5\xa4\x70\xa9\x6a <li@tw.example>", "RE: Quotation",
			"李小姐", "RE: Quotation"},
		// Read as GB18030, 黃偉 is as plausible (独岸): a sender in
		// Taiwan, Hong Kong or Macau tips it to Big5, others do not.
		{"big5 黃偉 from .tw", "\xb6\xc0\xb0\xb6 <huang@tw.example.com.tw>", "RE: Quotation",
			"黃偉", "RE: Quotation"},
		{"big5 黃偉 at hinet", "\xb6\xc0\xb0\xb6 <huang@ms12.hinet.net>", "RE: Quotation",
			"黃偉", "RE: Quotation"},
		{"big5 陳偉誠 replying from .hk", "\xb3\xaf\xb0\xb6\xb8\xdb <chan@gmail.com>", "RE: Quotation\r\nReply-To: <chan@abc.com.hk>",
			"陳偉誠", "RE: Quotation"},
		{"the same bytes from the mainland", "\xb6\xc0\xb0\xb6 <dudan@factory.cn>", "RE: Quotation",
			"独岸", "RE: Quotation"},
		// GB2312's Cyrillic, Greek, pinyin and kana rows are where Big5's
		// frequent hanzi fall, but as words they are what they are: a
		// Russian word, a Greek one, a pinyin syllable, a run of kana.
		{"gb2312 cyrillic", "\xa7\xad\xa7\xda \xa7\xae\xa7\xda\xa7\xdf <li@cn.example>",
			"Re: \xa7\xb3\xa7\xe9\xa7\xd7\xa7\xe4", "Ли Мин", "Re: Счёт"},
		{"gb2312 cyrillic and hanzi", "\xcd\xf5\xb7\xbc <wang@cn.example>",
			"\xa7\xb1\xa7\xe2\xa7\xd1\xa7\xdb\xa7\xe3-\xa7\xdd\xa7\xda\xa7\xe3\xa7\xe4 \xbc\xdb\xb8\xf1\xb1\xed",
			"王芳", "Прайс-лист 价格表"},
		{"gb2312 greek", "Li <li@cn.example>", "\xa6\xb5\xa6\xb6\xa6\xb7 valves", "Li", "ΦΧΨ valves"},
		{"gb2312 pinyin", "Li <li@cn.example>", "N\xa8\xab h\xa8\xa3o", "Li", "Nǐ hǎo"},
		{"euc-jp kana", "\xa5\xab\xa5\xbf\xa5\xed\xa5\xb0 <info@jp.example>",
			"\xa4\xa2\xa4\xea\xa4\xac\xa4\xc8\xa4\xa6\xa4\xb4\xa4\xb6\xa4\xa4\xa4\xde\xa4\xb9",
			"カタログ", "ありがとうございます"},
		// But not a Big5 given name in those rows after its surname (志宏
		// is two Cyrillic cells), nor two kana (太太).
		{"big5 廖志宏", "\xb9\xf9\xa7\xd3\xa7\xbb <liao@factory.example>", "RE: Quotation",
			"廖志宏", "RE: Quotation"},
		{"big5 陳太太", "\xb3\xaf\xa4\xd3\xa4\xd3 <chen@factory.example>", "RE: Quotation",
			"陳太太", "RE: Quotation"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := msg("", "From: "+tt.from, "Subject: "+tt.subject, "Message-ID: <c@x>")
			if m.From.Name != tt.wantName || m.Subject != tt.wantSubject {
				t.Errorf("From name %q, Subject %q; want %q, %q", m.From.Name, m.Subject, tt.wantName, tt.wantSubject)
			}
		})
	}
	// The name alone, without the subject's evidence, reads as GBK: the
	// message-wide choice is what makes it right above.
	if got := toUTF8String("Andr\xe9\xe8"); got == "Andréè" {
		t.Errorf("a lone ambiguous value should not be what decides the test above: %q", got)
	}
}

func TestTwoAddressesWithoutComma(t *testing.T) {
	for _, from := range []string{
		"Bob <bob@extern> Bobby <bobby@extern>",
		"Bob <bob@extern.example> Bobby <bobby@extern.example>",
		`"Bob" <bob@extern.example>  "Bobby" <bobby@extern.example>`,
	} {
		m := msg("hello", "From: "+from, "To: sales@team.example", "Subject: x")
		want := "bob@extern"
		if strings.Contains(from, ".example") {
			want = "bob@extern.example"
		}
		if m.From.Email != want || m.From.Name != "Bob" {
			t.Errorf("From %q: got %+v, want Bob <%s>", from, m.From, want)
		}
	}
	list, _ := parseAddressList("Ann <ann@x.example> Bo <bo@x.example>, Cy <cy@x.example>")
	var got []string
	for _, a := range list {
		got = append(got, a.Name+" "+a.Email)
	}
	if strings.Join(got, ", ") != "Ann ann@x.example, Bo bo@x.example, Cy cy@x.example" {
		t.Errorf("list = %q", got)
	}
}

func TestEmptyAndHeaderlessFlagged(t *testing.T) {
	for _, tt := range []struct{ name, header, body, want string }{
		{"empty file", "", "", "empty message"},
		{"blank lines only", "\r\n", "", "empty message"},
		{"no header", "\r\n", "Hello, please send the price list.\r\n", "no header"},
	} {
		m := Message([]byte(tt.header), []byte(tt.body), int64(len(tt.header)+len(tt.body)))
		if !strings.Contains(m.ParseError, tt.want) || m.Key == "" {
			t.Errorf("%s: ParseError %q Key %q, want %q flagged", tt.name, m.ParseError, m.Key, tt.want)
		}
	}
	if m := msg("hi", "From: a@b.example", "Subject: fine"); m.ParseError != "" {
		t.Errorf("a normal message is flagged: %q", m.ParseError)
	}
}

func TestMediaParametersParse(t *testing.T) {
	part := "--abc\r\nContent-Type: text/plain\r\n\r\nthe text\r\n--abc--\r\n"
	for _, tt := range []struct{ ct, body string }{
		{"multipart/mixed; boundary*=''abc", part},
		{"multipart/mixed; boundary*=iso-8859-1'en'abc", part},
		{"multipart/mixed; boundary*=us-ascii''%61bc", part},
		{"multipart/mixed; boundary*0*=iso-8859-1''a; boundary*1=bc", part},
		{"multipart/mixed; boundary=zz", "--zz\r\nContent-Type: multipart/alternative; boundary*=iso-8859-1''abc\r\n\r\n" + part + "--zz--\r\n"},
		{`text/plain; charset="charset=us-ascii"`, "the text"},
		{`text/plain; charset=charset=utf-8`, "the text"},
		{"multipart/mixed; boundary=zz", "--zz\r\nContent-Type: text/plain; charset=\"charset=us-ascii\"\r\n\r\nthe text\r\n--zz--\r\n"},
	} {
		m := msg(tt.body, "From: a@b.example", "Subject: s", "MIME-Version: 1.0", "Content-Type: "+tt.ct)
		if m.Snippet != "the text" || m.ParseError != "" {
			t.Errorf("%s: Snippet %q ParseError %q", tt.ct, m.Snippet, m.ParseError)
		}
	}
}
