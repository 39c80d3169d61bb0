package parse

import (
	"bytes"
	"encoding/base64"
	"flag"
	"mime/quotedprintable"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

// The .eml files in testdata/ with non-UTF-8 bytes are written by this
// generator, because GBK, Big5 and ISO-2022-JP bytes are impractical to type.
// They are checked in; run `go test -run TestGenerateFixtures -update` to
// rewrite them after changing this file, and review the diff.
var update = flag.Bool("update", false, "rewrite the generated testdata/*.eml fixtures")

func enc(t *testing.T, e encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func bword(label string, b []byte) string {
	return "=?" + label + "?B?" + base64.StdEncoding.EncodeToString(b) + "?="
}

func qword(label string, b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c == ' ':
			sb.WriteByte('_')
		case c > 0x20 && c < 0x7f && c != '=' && c != '?' && c != '_':
			sb.WriteByte(c)
		default:
			sb.WriteString("=" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
		}
	}
	return "=?" + label + "?Q?" + sb.String() + "?="
}

func qp(b []byte) []byte {
	var out bytes.Buffer
	w := quotedprintable.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func b64lines(b []byte) []byte {
	s := base64.StdEncoding.EncodeToString(b)
	var out bytes.Buffer
	for len(s) > 76 {
		out.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	out.WriteString(s + "\r\n")
	return out.Bytes()
}

// crlf turns the \n of a Go string into the CRLF IMAP delivers.
func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

func TestGenerateFixtures(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite testdata fixtures")
	}
	gbk := simplifiedchinese.GBK
	files := map[string][]byte{}

	// GBK: a subject split across two encoded words in the middle of a
	// character (byte 3 of a 2-byte-per-character string), a Q-encoded name,
	// a quoted-printable body.
	subj := enc(t, gbk, "报价单：LED灯具")
	files["gbk.eml"] = bytes.Join([][]byte{crlf("From: " + qword("GBK", enc(t, gbk, "王经理")) + " <Wang@Buyer-Co.CN>\n" +
		"To: sales@team.example\n" +
		"Subject: " + bword("gbk", subj[:3]) + "\n " + bword("gbk", subj[3:]) + "\n" +
		"Date: Tue, 3 Nov 2026 09:15:00 +0800\n" +
		"Message-ID: <gbk-1@buyer-co.cn>\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=\"GBK\"\n" +
		"Content-Transfer-Encoding: quoted-printable\n\n"),
		qp(enc(t, gbk, "您好，请报价。\r\n谢谢！\r\n"))}, nil)

	// GB2312 label, base64 body.
	files["gb2312.eml"] = bytes.Join([][]byte{crlf("From: " + bword("gb2312", enc(t, gbk, "李小姐")) + " <li@shop.example>\n" +
		"To: sales@team.example\n" +
		"Subject: " + bword("gb2312", enc(t, gbk, "询价 不锈钢管")) + "\n" +
		"Date: Tue, 3 Nov 2026 10:00:00 +0800\n" +
		"Message-ID: <gb2312-1@shop.example>\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=gb2312\n" +
		"Content-Transfer-Encoding: base64\n\n"),
		b64lines(enc(t, gbk, "请发送不锈钢管的价格表。"))}, nil)

	// Big5 in a multipart/alternative, HTML part too.
	big5 := traditionalchinese.Big5
	files["big5.eml"] = bytes.Join([][]byte{crlf("From: " + bword("big5", enc(t, big5, "陳先生")) + " <chen@tw-trade.example>\n" +
		"To: Sales <sales@team.example>\n" +
		"Subject: " + bword("big5", enc(t, big5, "詢價：LED燈具")) + "\n" +
		"Date: Wed, 4 Nov 2026 11:00:00 +0800\n" +
		"Message-ID: <big5-1@tw-trade.example>\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: multipart/alternative; boundary=\"b5\"\n\n" +
		"--b5\n" +
		"Content-Type: text/plain; charset=big5\n" +
		"Content-Transfer-Encoding: base64\n\n"),
		b64lines(enc(t, big5, "您好，請報價。")),
		crlf("--b5\nContent-Type: text/html; charset=big5\nContent-Transfer-Encoding: base64\n\n"),
		b64lines(enc(t, big5, "<p>您好，請報價。</p>")),
		crlf("--b5--\n")}, nil)

	// ISO-2022-JP: 7-bit escape sequences in header words and body.
	jis := japanese.ISO2022JP
	files["iso2022jp.eml"] = bytes.Join([][]byte{crlf("From: " + bword("ISO-2022-JP", enc(t, jis, "山田太郎")) + " <yamada@jp-buyer.example>\n" +
		"To: sales@team.example\n" +
		"Subject: " + bword("ISO-2022-JP", enc(t, jis, "見積もりのお願い")) + "\n" +
		"Date: Thu, 5 Nov 2026 08:00:00 +0900\n" +
		"Message-ID: <jis-1@jp-buyer.example>\n" +
		"MIME-Version: 1.0\n" +
		"Content-Type: text/plain; charset=ISO-2022-JP\n" +
		"Content-Transfer-Encoding: 7bit\n\n"),
		enc(t, jis, "お世話になっております。\r\n見積もりをお願いします。\r\n")}, nil)

	// Raw 8-bit GBK in the header and an unlabelled 8-bit GBK body: what
	// some Chinese clients and web forms send.
	files["raw8bit_gbk.eml"] = bytes.Join([][]byte{[]byte("From: "), enc(t, gbk, "张三"), crlf(" <zhang@factory.example>\n"),
		crlf("To: sales@team.example\nSubject: "), enc(t, gbk, "回复：样品已寄出"),
		crlf("\nDate: Fri, 6 Nov 2026 16:30:00 +0800\nMessage-ID: <raw-1@factory.example>\n\n"),
		enc(t, gbk, "样品今天已经寄出，请查收。\r\n")}, nil)

	// windows-1251 and windows-1252 words, Shift_JIS body.
	files["windows125x.eml"] = bytes.Join([][]byte{crlf("From: " + qword("windows-1251", enc(t, charmap.Windows1251, "Иван Петров")) + " <ivan@ru-import.example>\n" +
		"To: sales@team.example\n" +
		"Subject: " + qword("windows-1251", enc(t, charmap.Windows1251, "Запрос цены")) + " " + qword("windows-1252", enc(t, charmap.Windows1252, " – Café €")) + "\n" +
		"Date: Sat, 7 Nov 2026 12:00:00 +0300\n" +
		"Message-ID: <w125x-1@ru-import.example>\n" +
		"Content-Type: text/plain; charset=shift_jis\n" +
		"Content-Transfer-Encoding: 8bit\n\n"),
		enc(t, japanese.ShiftJIS, "価格表を送ってください。\r\n")}, nil)

	for name, b := range files {
		if err := os.WriteFile(filepath.Join("testdata", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
