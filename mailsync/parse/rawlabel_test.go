package parse

import (
	"testing"

	"keepwarm"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
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

// TestRawHeaderOfMultipartMailWaitsForItsText: older mail a first sync
// reads from its header alone (Fetched.TextPending) must come out as the
// whole parse would. Of multipart mail with raw 8-bit display fields the
// header does not say their charset, the text part's label does: a header-
// only guess reads windows-1251's "Иван Петров" as GB18030 ("肉囗 襄蝠钼"),
// and Shift_JIS, EUC-KR or KOI8-R as plausible wrong hanzi. Such a message
// has its text read before it is stored (NeedsText), so its part's label
// decides; mail whose header tells all (UTF-8, encoded words, a labelled
// single part) still waits for the backfill.
func TestRawHeaderOfMultipartMailWaitsForItsText(t *testing.T) {
	enc := func(e encoding.Encoding, s string) string {
		if e == nil {
			return s
		}
		b, err := e.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	team := testTeam()
	for _, tc := range []struct {
		name, ct, partLabel, subject, fromName, toName string
		e                                              encoding.Encoding
		wait                                           bool // the header alone cannot tell: its text is read first
	}{
		{"windows-1251 multipart", `multipart/alternative; boundary="b"`, "windows-1251", "Счёт на оплату", "Иван Петров", "Анна", charmap.Windows1251, true},
		{"KOI8-R multipart", `multipart/mixed; boundary="b"`, "koi8-r", "Запрос цены", "Ольга", "Пётр", charmap.KOI8R, true},
		{"Shift_JIS multipart", `multipart/alternative; boundary="b"`, "Shift_JIS", "お見積りのお願い", "山田", "佐藤", japanese.ShiftJIS, true},
		{"EUC-KR multipart", `multipart/related; boundary="b"`, "euc-kr", "견적 요청 드립니다", "김민수", "이영희", korean.EUCKR, true},
		{"GBK multipart", `multipart/alternative; boundary="b"`, "gb2312", "回复：询价", "张三", "李四", simplifiedchinese.GBK, true},
		{"windows-1251 single part", "text/plain; charset=windows-1251", "windows-1251", "Счёт на оплату", "Иван Петров", "Анна", charmap.Windows1251, false},
		{"UTF-8 multipart", `multipart/alternative; boundary="b"`, "utf-8", "Счёт на оплату", "Иван Петров", "Анна", nil, false},
		{"ASCII multipart", `multipart/alternative; boundary="b"`, "windows-1251", "Invoice", "Ivan Petrov", "Anna", charmap.Windows1251, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := []byte("From: " + enc(tc.e, tc.fromName) + " <buyer@shop.example>\r\nTo: " + enc(tc.e, tc.toName) + " <sales@team.example>\r\n" +
				"Subject: " + enc(tc.e, tc.subject) + "\r\nMessage-ID: <raw-mp@shop.example>\r\nContent-Type: " + tc.ct + "\r\n\r\n")
			body := []byte(enc(tc.e, "Добрый день"))
			size := int64(len(h) + len(body))
			head := team.ParseFetched(Fetched{Header: h, Size: size, TextPending: true}, keepwarm.RoleInbox)
			part := &Part{MediaType: "text/plain", Charset: tc.partLabel, Size: int64(len(body))}
			whole := team.ParseFetched(Fetched{Header: h, Body: body, Part: part, Size: size, Complete: true}, keepwarm.RoleInbox)
			if whole.Subject != tc.subject || whole.From.Name != tc.fromName || len(whole.To) != 1 || whole.To[0].Name != tc.toName {
				t.Fatalf("the whole parse: subject %q from %q to %+v", whole.Subject, whole.From.Name, whole.To)
			}
			if got := team.NeedsText(&head); got != tc.wait {
				t.Errorf("NeedsText = %v, want %v (header alone: subject %q, from %q)", got, tc.wait, head.Subject, head.From.Name)
			}
			if !tc.wait && (head.Subject != whole.Subject || head.From != whole.From || len(head.To) != 1 || head.To[0] != whole.To[0]) {
				t.Errorf("stored from its header alone: subject %q from %+v to %+v; the whole parse gives %q %+v %+v",
					head.Subject, head.From, head.To, whole.Subject, whole.From, whole.To)
			}
		})
	}
}

// TestRawReplyToInTheMessagesCharset: a Russian site's form relays an
// inquiry From its no-reply address with the buyer in a raw windows-1251
// Reply-To; the text part's label names the charset. The buyer (From,
// the new contact) is read in the charset the message's other display
// fields are read in, not guessed from the bytes ("肉囗 襄蝠钼"); parse's
// ReplyTo, which reads the stored header without the part's label, does
// not give a name it would have to guess.
func TestRawReplyToInTheMessagesCharset(t *testing.T) {
	name, err := charmap.Windows1251.NewEncoder().String("Иван Петров")
	if err != nil {
		t.Fatal(err)
	}
	h := []byte("From: noreply@zavod.example\r\nTo: sales@team.example\r\nReply-To: " + name + " <ivan@zavod.example>\r\n" +
		"Subject: Inquiry from the website\r\nMessage-ID: <form-1@zavod.example>\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n")
	body := []byte("Hello")
	part := &Part{MediaType: "text/plain", Charset: "windows-1251", Size: int64(len(body))}
	m := testTeam().ParseFetched(Fetched{Header: h, Body: body, Part: part, Size: int64(len(h) + len(body)), Complete: true}, keepwarm.RoleInbox)
	if m.From.Name != "Иван Петров" || m.From.Email != "ivan@zavod.example" || m.RelayedBy.Email != "noreply@zavod.example" {
		t.Errorf("From %+v relayed by %+v; want Иван Петров <ivan@zavod.example> relayed by noreply@zavod.example", m.From, m.RelayedBy)
	}
	if len(m.Contacts) != 1 || m.Contacts[0].Name != "Иван Петров" {
		t.Errorf("contacts %+v", m.Contacts)
	}
	if r := ReplyTo(m.RawHeader); len(r) != 1 || r[0].Email != "ivan@zavod.example" || r[0].Name != "" {
		t.Errorf("ReplyTo(raw header) = %+v; want ivan@zavod.example without a guessed name", r)
	}
}
