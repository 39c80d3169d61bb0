package parse

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"keepwarm"
)

// TestFixtures parses every testdata message and checks what sync and
// threading rely on. Each row names the feature it proves: without it the
// row fails.
func TestFixtures(t *testing.T) {
	tests := []struct {
		file        string
		role        keepwarm.FolderRole
		key         string
		subject     string
		subjectKey  string
		fromName    string
		fromEmail   string
		snippet     string // must be contained in the snippet
		threadIndex string
		threadTopic string
		refs        []string
		inReplyTo   []string
		date        time.Time
		kind        keepwarm.Kind
		customer    string
		contacts    []string
		bounced     string
		until       time.Time
	}{
		{ // GBK: subject split mid-character across two encoded words, Q name, QP body.
			file: "gbk.eml", key: "gbk-1@buyer-co.cn",
			subject: "报价单：LED灯具", subjectKey: "报价单：led灯具",
			fromName: "王经理", fromEmail: "wang@buyer-co.cn", snippet: "您好，请报价。 谢谢！",
			date: time.Date(2026, 11, 3, 1, 15, 0, 0, time.UTC),
			kind: keepwarm.KindInbound, customer: "domain:buyer-co.cn", contacts: []string{"wang@buyer-co.cn"},
		},
		{ // GB2312 label, base64 body.
			file: "gb2312.eml", key: "gb2312-1@shop.example", subject: "询价 不锈钢管",
			fromName: "李小姐", fromEmail: "li@shop.example", snippet: "请发送不锈钢管的价格表。",
			kind: keepwarm.KindInbound, customer: "domain:shop.example",
		},
		{ // Big5 multipart/alternative: text/plain wins over HTML.
			file: "big5.eml", key: "big5-1@tw-trade.example", subject: "詢價：LED燈具",
			fromName: "陳先生", fromEmail: "chen@tw-trade.example", snippet: "您好，請報價。",
			kind: keepwarm.KindInbound, customer: "domain:tw-trade.example",
		},
		{ // ISO-2022-JP words and 7-bit body.
			file: "iso2022jp.eml", key: "jis-1@jp-buyer.example", subject: "見積もりのお願い",
			fromName: "山田太郎", fromEmail: "yamada@jp-buyer.example", snippet: "お世話になっております。 見積もりをお願いします。",
			kind: keepwarm.KindInbound,
		},
		{ // Raw 8-bit GBK header and unlabelled GBK body.
			file: "raw8bit_gbk.eml", key: "raw-1@factory.example",
			subject: "回复：样品已寄出", subjectKey: "样品已寄出",
			fromName: "张三", fromEmail: "zhang@factory.example", snippet: "样品今天已经寄出，请查收。",
			kind: keepwarm.KindInbound,
		},
		{ // windows-1251 and windows-1252 words; Shift_JIS 8-bit body.
			file: "windows125x.eml", subject: "Запрос цены – Café €",
			fromName: "Иван Петров", snippet: "価格表を送ってください。",
		},
		{ // Outlook: Thread-Index, no References; latin-1 QP HTML only.
			file: "outlook_reply.eml", subject: "AW: RE: Angebot LED-Leuchten", subjectKey: "angebot led-leuchten",
			fromName: "Müller, Hans", fromEmail: "h.mueller@kunde-gmbh.example",
			threadIndex: "ccecbc9799c1488cbd418f24f2784781", threadTopic: "Angebot LED-Leuchten",
			snippet: "Sehr geehrte Damen und Herren, wir bestellen 500 Stück. Bitte bestätigen.",
			kind:    keepwarm.KindInbound, customer: "domain:kunde-gmbh.example",
			contacts: []string{"h.mueller@kunde-gmbh.example", "a.weber@kunde-gmbh.example"},
		},
		{ // Body prefix parsed as a whole here; TestCutPrefix cuts it.
			file: "cut_multipart.eml", refs: []string{"quote-1@team.example", "sample-1@team.example"},
			inReplyTo: []string{"sample-1@team.example"}, snippet: "We plan to order in January.",
		},
		{ // RFC 3464 DSN: failed recipient from the delivery-status part, thread from the returned header.
			file: "dsn_bounce.eml", kind: keepwarm.KindBounce, bounced: "purchasing@closed-co.example",
			customer: "domain:closed-co.example", inReplyTo: []string{"followup-1@team.example"},
		},
		{ // Exim bounce without a report part: recipient read from the text.
			file: "mailer_daemon.eml", kind: keepwarm.KindBounce, bounced: "old.buyer@gone-trading.example",
			customer: "domain:gone-trading.example", inReplyTo: []string{"catalogue-7@team.example"},
		},
		{ // Gmail's "Message delayed" report (Action: delayed, 4.4.7): a notice; bob is not flagged.
			file: "dsn_delayed.eml", kind: keepwarm.KindNotice, inReplyTo: []string{"q-2026-311@team.example"},
		},
		{ // Exchange's "Delivered:" receipt (Action: delivered, 2.0.0): a notice, not a bounce.
			file: "dsn_delivered.eml", kind: keepwarm.KindNotice,
		},
		{ // Outlook read receipt, no Auto-Submitted: a notice, not the customer's answer.
			file: "mdn_read.eml", kind: keepwarm.KindNotice, inReplyTo: []string{"q-2026-311@team.example"},
		},
		{ // Foxmail "已读:" receipt: a message/disposition-notification part in a multipart/mixed.
			file: "mdn_read_zh.eml", subject: "已读: 报价单 2026-312", kind: keepwarm.KindNotice,
		},
		{ // NetEase 系统退信 from postmaster@163.com without Return-Path <> (GBK text).
			file: "ndr_netease.eml", subject: "系统退信", kind: keepwarm.KindBounce, bounced: "bob@globex.example",
			customer: "domain:globex.example",
		},
		{ // Tencent Exmail 退信, HTML only, with a real Return-Path.
			file: "ndr_exmail.eml", kind: keepwarm.KindBounce, bounced: "carol@globex.example",
			customer: "domain:globex.example",
		},
		{ // Office 365 NDR: Original-Recipient from the delivery-status part.
			file: "ndr_o365.eml", kind: keepwarm.KindBounce, bounced: "dave@globex.example",
			customer: "domain:globex.example", inReplyTo: []string{"q-2026-311@team.example"},
		},
		{ // Newsletter: List-Unsubscribe makes it bulk and no customer; HTML snippet.
			file: "newsletter.eml", kind: keepwarm.KindBulk, snippet: "Five tips Book your booth & hotel early.",
		},
		{ // Team to team (a subdomain counts): internal, no customer.
			file: "internal.eml", kind: keepwarm.KindInternal,
		},
		{ // The same internal mail found in Sent is still internal.
			file: "internal.eml", role: keepwarm.RoleSent, kind: keepwarm.KindInternal,
		},
		{ // Exchange rule answer with a return date.
			file: "autoreply_exchange.eml", kind: keepwarm.KindAutoReply, customer: "domain:importadora.example",
			threadIndex: "56ccecbc9799c1488cbd418f24f27847",
			until:       time.Date(2026, 12, 2, 0, 0, 0, 0, time.FixedZone("", 3600)),
		},
		{ // RFC 3834 vacation on free mail, day-first date.
			file: "autoreply_rfc3834.eml", kind: keepwarm.KindAutoReply, customer: "addr:pierre@gmail.com",
			until: time.Date(2027, 1, 5, 0, 0, 0, 0, time.FixedZone("", 3600)),
		},
	}
	team := testTeam()
	for _, tt := range tests {
		t.Run(tt.file+"/"+string(tt.role), func(t *testing.T) {
			h, b, size := loadEML(t, tt.file)
			m := Message(h, b, size)
			role := tt.role
			if role == "" {
				role = keepwarm.RoleInbox
			}
			team.Classify(&m, role)
			if m.ParseError != "" {
				t.Errorf("ParseError = %q", m.ParseError)
			}
			if string(m.RawHeader) != string(h) {
				t.Errorf("RawHeader not kept")
			}
			if m.Size != size {
				t.Errorf("Size = %d", m.Size)
			}
			if m.Key == "" || m.Key != m.MessageID {
				t.Errorf("Key = %q, MessageID = %q", m.Key, m.MessageID)
			}
			check := func(what, got, want string) {
				t.Helper()
				if want != "" && got != want {
					t.Errorf("%s = %q, want %q", what, got, want)
				}
			}
			check("Key", m.Key, tt.key)
			check("Subject", m.Subject, tt.subject)
			check("SubjectKey", m.SubjectKey, tt.subjectKey)
			check("From.Name", m.From.Name, tt.fromName)
			check("From.Email", m.From.Email, tt.fromEmail)
			check("ThreadIndex", m.ThreadIndex, tt.threadIndex)
			check("ThreadTopic", m.ThreadTopic, tt.threadTopic)
			check("Kind", string(m.Kind), string(tt.kind))
			check("CustomerKey", m.CustomerKey, tt.customer)
			check("BouncedRecipient", m.BouncedRecipient, tt.bounced)
			if tt.bounced == "" && m.BouncedRecipient != "" {
				t.Errorf("BouncedRecipient = %q, want none", m.BouncedRecipient)
			}
			if tt.kind == keepwarm.KindNotice && (m.CustomerKey != "" || len(m.Contacts) > 0) {
				t.Errorf("notice has customer %q %v", m.CustomerKey, m.Contacts)
			}
			if tt.kind == keepwarm.KindInternal && (m.CustomerKey != "" || len(m.Contacts) > 0) {
				t.Errorf("internal mail has customer %q %v", m.CustomerKey, m.Contacts)
			}
			if tt.snippet != "" && !strings.Contains(m.Snippet, tt.snippet) {
				t.Errorf("Snippet = %q, want it to contain %q", m.Snippet, tt.snippet)
			}
			if !utf8.ValidString(m.Subject) || !utf8.ValidString(m.Snippet) || !utf8.ValidString(m.From.Name) {
				t.Errorf("invalid UTF-8: %q %q %q", m.Subject, m.Snippet, m.From.Name)
			}
			if strings.ContainsRune(m.Subject+m.Snippet+m.From.Name, utf8.RuneError) {
				t.Errorf("replacement character in %q %q %q", m.Subject, m.Snippet, m.From.Name)
			}
			if tt.refs != nil && strings.Join(m.References, " ") != strings.Join(tt.refs, " ") {
				t.Errorf("References = %v, want %v", m.References, tt.refs)
			}
			if tt.inReplyTo != nil && strings.Join(m.InReplyTo, " ") != strings.Join(tt.inReplyTo, " ") {
				t.Errorf("InReplyTo = %v, want %v", m.InReplyTo, tt.inReplyTo)
			}
			if !tt.date.IsZero() && !m.Date.Equal(tt.date) {
				t.Errorf("Date = %v, want %v", m.Date, tt.date)
			}
			if !m.AutoReplyUntil.Equal(tt.until) {
				t.Errorf("AutoReplyUntil = %v, want %v", m.AutoReplyUntil, tt.until)
			}
			if tt.contacts != nil {
				var got []string
				for _, c := range m.Contacts {
					got = append(got, c.Email)
				}
				if strings.Join(got, " ") != strings.Join(tt.contacts, " ") {
					t.Errorf("Contacts = %v, want %v", got, tt.contacts)
				}
			}
		})
	}
}

// TestMalformed: a header line without a colon and a multipart without a
// boundary still give a Message with its raw header, a hash key, the
// fields around the bad line, every well-formed reference, and a reason.
func TestMalformed(t *testing.T) {
	h, b, size := loadEML(t, "malformed.eml")
	m := Message(h, b, size)
	if string(m.RawHeader) != string(h) {
		t.Error("RawHeader not kept")
	}
	if !strings.HasPrefix(m.Key, "sha256:") || len(m.Key) != len("sha256:")+64 {
		t.Errorf("Key = %q, want a sha256 key (no Message-ID)", m.Key)
	}
	if !strings.Contains(m.ParseError, "malformed MIME header line") || !strings.Contains(m.ParseError, "without boundary") {
		t.Errorf("ParseError = %q, want both the header and the MIME problem", m.ParseError)
	}
	// Fields after the bad line are salvaged by the lenient scanner.
	if m.Subject != "Order with broken header" || m.From.Email != "someone@odd-mailer.example" {
		t.Errorf("Subject %q From %q", m.Subject, m.From.Email)
	}
	if strings.Join(m.References, " ") != "ok-1@odd-mailer.example ok-2@odd-mailer.example" {
		t.Errorf("References = %v", m.References)
	}
	if !m.Date.IsZero() {
		t.Errorf("Date = %v, want zero for a bad date", m.Date)
	}
	var to []string
	for _, a := range m.To {
		to = append(to, a.Email)
	}
	if strings.Join(to, " ") != "sales@team.example broken@odd-mailer.example" {
		t.Errorf("To = %v: garbage entries must be dropped, good ones kept", to)
	}
	testTeam().Classify(&m, keepwarm.RoleInbox)
	if m.Kind != keepwarm.KindInbound {
		t.Errorf("Kind = %q", m.Kind)
	}
}

// TestCutPrefix cuts the body of a multipart message at every byte: never a
// ParseError (a cut prefix is normal), always valid UTF-8, and once the
// text part's base64 is in, the snippet starts with its text.
func TestCutPrefix(t *testing.T) {
	h, b, size := loadEML(t, "cut_multipart.eml")
	textStart := strings.Index(string(b), "V2Ug")
	for n := 0; n <= len(b); n++ {
		m := Message(h, b[:n], size)
		if n < len(b) && m.ParseError != "" {
			t.Fatalf("cut at %d: ParseError %q", n, m.ParseError)
		}
		if !utf8.ValidString(m.Snippet) {
			t.Fatalf("cut at %d: invalid snippet", n)
		}
		if n >= textStart+40 && !strings.HasPrefix(m.Snippet, "We received the sam") {
			t.Fatalf("cut at %d: snippet %q", n, m.Snippet)
		}
	}
	// Cut inside the PDF part: the outer multipart never closes.
	cut := strings.Index(string(b), "JVBERi0x") + 30
	m := Message(h, b[:cut], size)
	if !strings.HasSuffix(m.Snippet, "We plan to order in January.") || m.ParseError != "" {
		t.Errorf("snippet %q, ParseError %q", m.Snippet, m.ParseError)
	}
}
