package parse

import (
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
)

// TestRawHeaderInTheLabelledCharset: a header a client wrote in raw 8-bit
// bytes is read in the charset the message's Content-Type (or its text
// part) names when that is a legacy one and the bytes decode in it; the
// guess among GB18030, Big5 and windows-1252 would give "Ïðèâåò" for
// "Привет", or plausible wrong hanzi for Korean and Japanese. Raw 7-bit
// ISO-2022-JP is decoded too.
func TestRawHeaderInTheLabelledCharset(t *testing.T) {
	enc := func(e encoding.Encoding, s string) string {
		b, err := e.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name, label, subject, fromName string
		e                              encoding.Encoding
		part                           bool // the label is the text part's, the message multipart
	}{
		{"windows-1251", "windows-1251", "Привет, цена", "Иван Петров", charmap.Windows1251, false},
		{"KOI8-R", "koi8-r", "Запрос цены на насосы", "Ольга", charmap.KOI8R, false},
		{"EUC-KR", "euc-kr", "견적 요청 드립니다", "김민수", korean.EUCKR, false},
		{"Shift_JIS", "Shift_JIS", "お見積りのお願い", "山田", japanese.ShiftJIS, false},
		{"windows-1251 from the text part", "windows-1251", "Счёт на оплату", "Анна", charmap.Windows1251, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ct := "Content-Type: text/plain; charset=" + tc.label
			if tc.part {
				ct = `Content-Type: multipart/alternative; boundary="b"`
			}
			h := []byte("From: " + enc(tc.e, tc.fromName) + " <buyer@shop.example>\r\nTo: sales@team.example\r\n" +
				"Subject: " + enc(tc.e, tc.subject) + "\r\nMessage-ID: <raw-1@shop.example>\r\n" + ct + "\r\n\r\n")
			body := []byte(enc(tc.e, "Здравствуйте"))
			var part *Part
			if tc.part {
				part = &Part{MediaType: "text/plain", Charset: tc.label, Size: int64(len(body))}
			}
			m := MessageFetched(Fetched{Header: h, Body: body, Part: part, Size: int64(len(h) + len(body)), Complete: true})
			if m.Subject != tc.subject || m.From.Name != tc.fromName {
				t.Errorf("subject %q from %q, want %q %q", m.Subject, m.From.Name, tc.subject, tc.fromName)
			}
		})
	}
	h := []byte("From: \x1b$B;3ED\x1b(B <yamada@shoji.example>\r\nSubject: \x1b$B%F%9%H\x1b(B 2026\r\nMessage-ID: <jis-raw@shoji.example>\r\n\r\n")
	m := Message(h, nil, int64(len(h)))
	if m.Subject != "テスト 2026" || m.From.Name != "山田" {
		t.Errorf("raw ISO-2022-JP: subject %q from %q", m.Subject, m.From.Name)
	}
}
