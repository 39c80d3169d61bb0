package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
)

// TestReplyUnseenWaitsForTheText: Bob answers a mail of Lily's keepwarm
// never saw, and his answer is stored from its header alone (its text
// left to the backfill). What he quotes may be the team's automatic
// receipt, so nothing is inferred yet: his first mail still waits. When
// his text comes in and quotes Lily's words, the thread is measured
// again and his first mail is answered, at a time not known.
func TestReplyUnseenWaitsForTheText(t *testing.T) {
	db := openTest(t)
	id := phoneAnswerWorld(t, db, "Re: Quotation for pumps")
	if c := clockOf(t, db, "c1@acme"); c.UnseenBy != 0 || !c.Open() {
		t.Fatalf("c2's text not read yet: c1 still waits: %+v", c)
	}

	fillText(t, db, id, "Great, please send the PI. > Dear Bob, the quotation is attached.")
	measure(t, db, t0.Add(7*time.Minute))
	if c := clockOf(t, db, "c1@acme"); c.UnseenBy != id || c.Open() {
		t.Errorf("c2 quotes Lily's words: c1 answered by mail not seen: %+v", c)
	}
}

// phoneAnswerWorld stores in db what TestReplyUnseenWaitsForTheText
// starts from: Lily has answered a customer before (her address is a team
// sender), Bob's c1 waits, and his c2 (subject subject), stored from its
// header alone, answers mail of Lily's keepwarm never saw; the clocks are
// measured at 10:06. It returns c2's id.
func phoneAnswerWorld(t *testing.T, db *DB, subject string) int64 {
	t.Helper()
	p0 := msg("p0@acme")
	p0.Subject, p0.SubjectKey = "samples", "samples"
	save(t, db, at(p0, "team", "INBOX", 1, t0.Add(-2*time.Hour)))
	r0 := lilyAnswer("r0@team", "p0@acme")
	r0.Subject, r0.SubjectKey = "RE: samples", "samples"
	save(t, db, at(r0, "lily", "Sent", 1, t0.Add(-2*time.Hour+3*time.Minute)))
	save(t, db, at(msg("c1@acme"), "team", "INBOX", 2, t0))
	c2 := headerOnly("c2@acme")
	c2.Subject = subject
	c2.To = []keepwarm.Address{{Email: "lily@team.example"}}
	c2.InReplyTo, c2.References = []string{"x1@phone.example"}, []string{"c1@acme", "x1@phone.example"}
	save(t, db, at(c2, "team", "INBOX", 3, t0.Add(5*time.Minute)))
	measure(t, db, t0.Add(6*time.Minute))
	return int64(count(t, db, `SELECT id FROM messages WHERE key = 'c2@acme'`))
}

// fillText brings in the text (snippet) of the stored mail id, as the
// backfill does.
func fillText(t *testing.T, db *DB, id int64, snippet string) {
	t.Helper()
	fill := keepwarm.TextFills{Mailbox: "team", Folder: "INBOX", UIDValidity: 1, Filled: []keepwarm.TextFill{
		{MessageID: id, Snippet: snippet, BodySize: 200}}}
	if n, err := db.FillTexts(context.Background(), fill); err != nil || n != 1 {
		t.Fatalf("fill: %d, %v", n, err)
	}
}

// unseenAfterFill is TestReplyUnseenWaitsForTheText's world: Bob's c2
// answers mail of Lily's keepwarm never saw (subject subject), its text
// filled with snippet. It says whether c1 is then answered by c2, at a
// time not known.
func unseenAfterFill(t *testing.T, subject, snippet string) bool {
	t.Helper()
	db := openTest(t)
	id := phoneAnswerWorld(t, db, subject)
	fillText(t, db, id, snippet)
	measure(t, db, t0.Add(7*time.Minute))
	c := clockOf(t, db, "c1@acme")
	return c.UnseenBy == id && !c.Open()
}

// TestReplyUnseenReadsOnlyTheMailAnswered: what Bob quotes is read as far
// as the mail he answers, and for a receipt's words alone: the team's
// receipt further down the quote (which he answered before Lily's phone
// answer), his own mail quoted below it, or everyday words of Lily's
// ("our factory is on holiday", "I will call you back on Monday") do not
// make her answer an automatic one.
func TestReplyUnseenReadsOnlyTheMailAnswered(t *testing.T) {
	for _, snippet := range []string{
		"Thanks, noted, PI please. > Dear Bob, 5000 pcs cost USD 4.90/pc. > > Please also quote 5000 pcs. > > > Thank you, we have received your inquiry and will reply within 24 hours.",
		// No quote at all: nothing of the team's to read, and his words
		// his own.
		"Great, please send the PI.",
		"Great, please send the PI. > Dear Bob, the quotation is attached; our factory is on holiday from 5 to 20 February (Chinese New Year).",
		"OK. On Mon, 7 Dec 2026 Lily <lily@team.example> wrote: > Dear Bob, I will call you back on Monday; the blue one is back in stock. > > I am travelling to Canton Fair next week.",
		"好的，请发PI。 发件人: Lily 发送时间: 2026年12月7日 主题: Re: Quotation for pumps 收到您的邮件，报价如下：USD 4.90。国庆假期后安排生产。 发件人: sales 发送时间: 2026年12月6日 主题: 询价 您好！我们已收到您的询价，会尽快回复。",
		// No quote found, signed with his own address (his From, a
		// colleague's at his domain), or his own receipt words above
		// any quote: his words, not a trace of the team's mail.
		"Please send the PI. Best regards, Bob Meier Purchasing ACME GmbH Tel +49 40 1234 567 bob@acme.com",
		"Please send the PI. Best regards, Bob Meier, ACME GmbH, purchasing@acme.com, www.acme.com",
		"We have received your email, please send the PI. Bob",
		"样品已收悉，请发PI。",
		"我们已收到样品，请发PI。谢谢！ Bob Meier bob@acme.com",
	} {
		if !unseenAfterFill(t, "Re: Quotation for pumps", snippet) {
			t.Errorf("c2 quotes Lily's words: c1 answered by mail not seen: %q", snippet)
		}
	}
}

// TestReplyUnseenReceiptInAnyLanguage: the team's automatic receipt Bob
// answers is no answer of Lily's whatever language it is written in, and
// when it carried a subject of its own ("RE: Thank you for your inquiry"
// on his answer, not "RE: Quotation for pumps"): a phone's answer keeps
// the subject of the mail it answers. A reply marker in another language
// or a gateway's tag is no subject of its own. A receipt is one however
// long it is (a sign-off, "our sales team is checking it", "Our catalogue
// is attached", "your price inquiry") and whatever price or offer it
// quotes: a receipt answering ("The motor fits your pump.", "the price
// is USD 4.90/pc") is refused too, a nudge Lily clears herself.
func TestReplyUnseenReceiptInAnyLanguage(t *testing.T) {
	same := "Re: Quotation for pumps"
	for _, c := range []struct{ subject, snippet string }{
		{same, "请再报5000个的价格。 发件人: sales 发送时间: 2026年12月7日 10:00 主题: Quotation for pumps 您好！您的邮件已收到，我们会尽快回复您。"},
		{same, "请再报5000个的价格。 > 您好，来信已收悉，我们将在24小时内回复。"},
		{same, "请再报5000个的价格。 > 您好，我们已经收到您的询价，业务员会尽快与您联系。"},
		{same, "请再报5000个的价格。 > 您的询盘我司已收到，谢谢。"},
		{same, "Bitte auch 5000 Stück anbieten. Von: Vertrieb Gesendet: Montag, 7. Dezember 2026 10:00 Betreff: Quotation for pumps Vielen Dank für Ihre Anfrage. Hiermit bestätigen wir den Eingang Ihrer Nachricht."},
		{same, "Bitte auch 5000 Stück anbieten. > Dies ist eine automatisch generierte Eingangsbestätigung."},
		{same, "Por favor coticen 5000. > Gracias por contactarnos. Hemos recibido tu mensaje y te responderemos pronto."},
		{same, "Por favor coticen 5000. > Su mensaje ha sido recibido."},
		{same, "Please also quote 5000 pcs. > Thank you for your inquiry. One of our sales team will contact you within one business day."},
		{same, "Bitte auch 5000 Stück anbieten. > Vielen Dank für Ihre Anfrage. Hiermit bestätigen wir den Eingang Ihrer Nachricht. Mit freundlichen Grüßen, Ihr Vertriebsteam"},
		{same, "请再报5000个的价格。 > 您好！您的邮件已收到，我们会及时处理。祝您工作顺利！"},
		{same, "Please also quote 5000 pcs. > Dear Sir/Madam, we have received your inquiry. Our sales team is checking it. Best regards, Sales Team, Ningbo ABC Co., Ltd."},
		{same, "Please also quote 5000 pcs. > Thank you for your email. We have received your message and will come back to you soon. Best regards, ABC Sales"},
		{same, "Bitte auch 5000 Stück anbieten. > Vielen Dank für Ihre Nachricht. Hiermit bestätigen wir den Eingang Ihrer Anfrage. Wir werden uns zeitnah bei Ihnen melden."},
		{same, "Please also quote 5000 pcs. > Thank you for your price inquiry. We have received your message."},
		{same, "Please also quote 5000 pcs. > We have received your inquiry. Our catalogue is attached."},
		{same, "OK. > Dear Bob, we have received your inquiry. Our engineer checked the drawing. The motor fits your pump."},
		{"RE: Thank you for your inquiry", "Please also quote 5000 pcs. > Dear Bob, we are looking into it."},
		{same, "OK, when are you back? > Thank you for your email. I am out of the office until 10 January with limited access to email."},
		{same, "什么时候回来？ > 您好，我正在休假，1月10日回来。"},
		{same, "Wann sind Sie zurück? > Vielen Dank für Ihre Nachricht. Ich bin bis 10.1. nicht im Büro."},
		{same, "OK, when are you back? > Thank you for your email. I am on holiday until 10 January and will reply on my return."},
		{same, "OK, when are you back? > Thank you for your message. I'm currently on leave and will return on Monday 10 January."},
		{same, "OK, when are you back? > Thank you for your email. I am away from the office until 10 January."},
		{same, "OK, when are you back? > I am currently travelling with limited email access, back on 10 January."},
		{same, "Wann sind Sie zurück? > Vielen Dank für Ihre Nachricht. Ich bin bis zum 10.01.2027 im Urlaub."},
		{same, "Wann sind Sie zurück? > Ich befinde mich bis 10.1. im Urlaub und habe keinen Zugriff auf meine E-Mails."},
		{same, "什么时候回来？ > 您好，我这几天在出差，回来后第一时间回复您。"},
		{same, "什么时候回来？ > 您好，本人于12月20日至1月10日休假，急事请联系张经理。"},
		// A receipt's figures that are no price: its signature's and
		// footer's (read no further than the sign-off), a threshold, a
		// time, a form to ask for a quotation.
		{same, "Please also quote 5000 pcs. > Thank you, we have received your inquiry and will reply within 24 hours. Best regards, Ningbo ABC Co., Ltd. Registered capital: USD 5,000,000"},
		{same, "Please also quote 5000 pcs. > Thank you, we have received your inquiry and will reply within 24 hours. Best regards, ABC Sales. Hot item: LED bulb USD 0.99/pc, price valid until 31 December."},
		{same, "Please also quote 5000 pcs. > We have received your inquiry. -- Ningbo ABC Co., Ltd. | LED bulbs direct from factory at USD 0.99/pc"},
		{same, "Please also quote 5000 pcs. > We have received your inquiry. Free shipping on orders over USD 100."},
		{same, "Please also quote 5000 pcs. > We have received your inquiry. Special prices for orders over USD 5,000."},
		{same, "Please also quote 5000 pcs. > We have received your inquiry. Our prices are 10% below market."},
		{same, "请再报5000个的价格。 > 您好！您的询价已收到，我们会尽快回复。满100元包邮。"},
		{same, "请再报5000个的价格。 > 您好！您的询价已收到，单价、交期等详细信息我们将在24小时内回复您。"},
		{same, "请再报5000个的价格。 > 您好！您的询盘已收到，价格为含税出厂价，详细报价将在2个工作日内发送。"},
		{same, "Please also quote 5000 pcs. > Thank you, we have received your inquiry and will reply within 24 hours. To speed up your quotation, please fill in the attached quote request form."},
		{same, "Please also quote 5000 pcs. > We have received your inquiry. Please find attached the quotation request form and send it back."},
		{same, "Bitte auch 5000 Stück anbieten. > Vielen Dank. Wir haben Ihre Anfrage erhalten und melden uns umgehend. Anbei unser Angebotsformular."},
		// Bob wrote under or inside the quote: his own lines run on
		// after the receipt's, and his target price is not hers.
		{same, "> Thank you, we have received your inquiry and will reply within 24 hours. Please also quote 5000 pcs, our target is USD 4.50/pc."},
		{same, "On Mon, 7 Dec 2026 sales@team.example wrote: > Thank you, we have received your inquiry. Please also quote 5000 pcs, our target price is USD 4.50."},
		{same, "在 2026年12月7日 10:00，sales@team.example 写道： > 您好！您的询价已收到，我们会尽快回复。 目标价 USD 4.50/个，请报价。"},
		// An out-of-office's sentence refuses whatever figure the mail
		// carries: its signature's, its company footer's, a customer's
		// own line under the quote, or one that reads as hers written on
		// the road (a nudge she clears, where a wrong inference would
		// hide a waiting customer).
		{same, "OK, when are you back? > Thank you for your email. I am out of the office until 10 January. Best regards, Lily Chen, Ningbo ABC Co., Ltd. Tel: +86 574 8765 4321 / M: +86 139 1234 5678"},
		{same, "Wann sind Sie zurück? > Vielen Dank für Ihre Nachricht. Ich bin bis zum 10.01.2027 im Urlaub. Mit freundlichen Grüßen ABC GmbH, Sitz Hamburg, HRB 12345, Stammkapital 25.000 EUR"},
		{same, "OK, when are you back? > Thank you for your email. I am out of the office until 10 January. Free shipping on orders over USD 100."},
		{same, "On Mon, 7 Dec 2026 sales@team.example wrote: > I am out of the office until 10 January. OK, can your colleague confirm 4.50/pc for 5000 pcs?"},
		{same, "Great, PI please. > Dear Bob, sorry for the late reply, I was out of the office last week. The price is USD 4.90/pc."},
		{same, "Great, PI please. > Hi Bob, I'm out of the office today, but the price is USD 4.90/pc"},
		{same, "好的，请发PI。 > 王总您好，我正在出差，报价如下：USD 4.90/个。"},
		{same, "Danke, bitte PI. > ich bin heute nicht im Büro, anbei unser Angebot: EUR 4,90"},
		// A receipt's words refuse whatever price or offer the quoted
		// mail carries, and wherever Bob wrote (above the quote, under
		// it, inside it, under a gateway's banner or a header line
		// that starts with a name): her phone answer that opens like a
		// receipt is refused too, a nudge she clears, where a wrong
		// inference would hide a waiting customer.
		{same, "好的，请发PI。 发件人: Lily 发送时间: 2026年12月7日 主题: Re: Quotation for pumps 王总您好！来信已收悉，报价如下：USD 4.90。"},
		{same, "Great, PI please. > Dear Bob, we have received your inquiry, the price is USD 4.90/pc."},
		{same, "Danke, bitte PI. > Sehr geehrter Herr Meier, wir haben Ihre Anfrage erhalten. Anbei unser Angebot."},
		{same, "好的，请发PI。 > 王总您好！来信已收悉，报价如下：USD 4.90。交期尽快回复您。"},
		{same, "Great, PI please. > Dear Bob, we have received your inquiry, the price is USD 4.90/pc; I will get back to you with the lead time."},
		{same, "好的，请发PI。 > 王总您好！来信已收悉，单价 4.90 美元，5000个起订。"},
		{same, "Great, PI please. > Dear Bob, we have received your inquiry. 5000 pcs: USD 4.90/pc, lead time 30 days. Best regards, Lily Chen Tel: +86 574 8765 4321"},
		{same, "Great, PI please. > Dear Bob, thank you, we have received your inquiry; please find attached our quotation. Best regards, Lily"},
		{same, "OK. On Mon, 7 Dec 2026 Lily <lily@team.example> wrote: > Dear Bob, we have received your inquiry, the price is USD 4.90/pc."},
		{same, "Lily Chen <sales@team.example> 于2026年12月7日周一 10:00写道： > 您好！您的询价已收到，我们会尽快回复。 目标价 USD 4.50/个，请报价。"},
		{same, "Lily Chen <sales@team.example> 於 2026年12月7日 週一 上午10:00寫道： > Thank you, we have received your inquiry. Our target is USD 4.50/pc."},
		{same, "Sales Team wrote: > Thank you, we have received your inquiry. Please also quote 5000 pcs, our target is USD 4.50/pc."},
		{same, "[EXTERNAL] This email originated from outside the organization. > Thank you, we have received your inquiry. Our target is USD 4.50/pc."},
		{same, "See my answers below in red. On Mon, 7 Dec 2026 Lily <sales@team.example> wrote: Thank you, we have received your inquiry. To quote you fast, please tell us the quantity and your target price. Quantity: 5000 pcs. Target price: USD 4.50/pc. Best regards, ABC Sales"},
		{same, "见下文红色回复。 在 2026年12月7日 10:00，sales@team.example 写道： 您好！您的询价已收到。请告知数量和目标价。 数量：5000个 目标价：USD 4.50/个 祝好！"},
		// A quote no rule opens (no "> " marks, a header block or an
		// attribution line in a language the lists do not hold): the
		// mail Bob answered is not read, and nothing is inferred.
		{same, "감사합니다. 빨리 견적 부탁드립니다. 보낸 사람: Lily <lily@team.example> 보낸 날짜: 2026년 12월 7일 월요일 오전 10:00 받는 사람: Kim 제목: RE: Quotation for pumps Thank you, we have received your inquiry."},
		{same, "Terima kasih. Dari: Lily <lily@team.example> Dikirim: Senin, 07 Desember 2026 10.00 Kepada: Budi Subjek: RE: Quotation for pumps Thank you, we have received your inquiry."},
		{same, "ありがとうございます。 2026年12月7日(月) 10:00 Lily <lily@team.example>: Thank you, we have received your inquiry."},
		{same, "감사합니다. 2026년 12월 7일 (월) 오전 10:00, Lily 님이 작성: 문의 주셔서 감사합니다."},
		{same, "Terima kasih. Dari: Lily Dikirim: Senin, 07 Desember 2026 Subjek: RE: Quotation for pumps Terima kasih, we have received your inquiry."},
		// His signature's address beside one of the team's, or a third
		// party's: a trace of a quote not read.
		{same, "Please send the PI. Bob Meier bob@acme.com 보낸 사람: Lily <lily@team.example> Thank you for your inquiry."},
		{same, "Please send the PI. Bob Meier bob@acme.com Von: forwarder@cargo.example"},
	} {
		if unseenAfterFill(t, c.subject, c.snippet) {
			t.Errorf("Bob answers the team's receipt: c1 still waits: %q %q", c.subject, c.snippet)
		}
	}
	for _, subject := range []string{"AW: Quotation for pumps", "回复：Quotation for pumps", "[EXTERNAL] RE: Re: quotation  for pumps", "회신: Quotation for pumps", "YNT: Quotation for pumps", "ΑΠ: Quotation for pumps", "Vá: Quotation for pumps"} {
		if !unseenAfterFill(t, subject, "Great, please send the PI. > Dear Bob, the quotation is attached.") {
			t.Errorf("c2 quotes Lily's words under %q: c1 answered by mail not seen", subject)
		}
	}
}

// TestFillTextsRemeasuresOnlyUnseenCandidates: Bob's chaser c2 answers his
// own stored c1 (In-Reply-To c1), stored from its header alone on a first
// sync. Its text coming in cannot change what the reply clocks infer (the
// mail it answers is held), so its thread is not measured again.
func TestFillTextsRemeasuresOnlyUnseenCandidates(t *testing.T) {
	db := openTest(t)
	save(t, db, at(msg("c1@acme"), "team", "INBOX", 1, t0))
	c2 := headerOnly("c2@acme")
	c2.Subject = "Re: Quotation for pumps"
	c2.To = []keepwarm.Address{{Email: "lily@team.example"}}
	c2.InReplyTo, c2.References = []string{"c1@acme"}, []string{"c1@acme"}
	save(t, db, at(c2, "team", "INBOX", 2, t0.Add(5*time.Minute)))
	measure(t, db, t0.Add(6*time.Minute))
	if n := count(t, db, `SELECT count(*) FROM reply_dirty`); n != 0 {
		t.Fatalf("measured: %d dirty threads", n)
	}
	fillText(t, db, int64(count(t, db, `SELECT id FROM messages WHERE key = 'c2@acme'`)), "Any news? > Please quote 500 pcs.")
	if n := count(t, db, `SELECT count(*) FROM reply_dirty`); n != 0 {
		t.Errorf("c2 answers c1, which keepwarm holds: its thread is not measured again (%d dirty)", n)
	}
}

// TestReplyUnseenTextNeverRead: Bob's c2 answers mail of Lily's keepwarm
// never saw, stored from its header alone, and its text can never be read
// (the copy is gone from the server, or the server refuses it). What he
// quoted is not known: his thread is measured again at once, and c1
// still waits, now and whenever the thread is measured later.
func TestReplyUnseenTextNeverRead(t *testing.T) {
	for _, refused := range []bool{false, true} {
		db := openTest(t)
		id := phoneAnswerWorld(t, db, "Re: Quotation for pumps")
		fill := keepwarm.TextFills{Mailbox: "team", Folder: "INBOX", UIDValidity: 1}
		copy := keepwarm.PendingText{UID: 3, MessageID: id}
		if refused {
			fill.Refused = []keepwarm.RefusedText{{PendingText: copy, Why: "server refused"}}
		} else {
			fill.Gone = []keepwarm.PendingText{copy}
		}
		if _, err := db.FillTexts(context.Background(), fill); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT count(*) FROM messages WHERE key = 'c2@acme' AND text_pending = 0`); n != 1 {
			t.Fatalf("refused %v: c2 stops waiting for its text", refused)
		}
		if n := count(t, db, `SELECT count(*) FROM reply_dirty`); n != 1 {
			t.Errorf("refused %v: c2's text will never be read: its thread is measured again (%d dirty)", refused, n)
		}
		measure(t, db, t0.Add(7*time.Minute))
		if c := clockOf(t, db, "c1@acme"); c.UnseenBy != 0 || !c.Open() {
			t.Errorf("refused %v: what c2 quoted is not known: c1 still waits: %+v", refused, c)
		}
	}
}

// TestOwnAddressNotTheTeams: an address at the customer's own domain is
// his, unless the team he wrote To shares that domain (both at a mail
// provider's): then only his own From is.
func TestOwnAddressNotTheTeams(t *testing.T) {
	own := ownAddress("bob@acme.com", []string{"lily@team.example"}, freeMail)
	if !own("BOB@acme.com") || !own("purchasing@acme.com") || own("lily@team.example") || own("x@cargo.example") {
		t.Error("acme.com: Bob's domain is his, the team's and others' are not")
	}
	own = ownAddress("bob@gmail.com", []string{"lily@gmail.com"}, nil)
	if !own("bob@gmail.com") || own("lily@gmail.com") || own("anna@gmail.com") {
		t.Error("gmail.com, the team's domain too: only Bob's own address is his")
	}
	own = ownAddress("bob@gmail.com", []string{"lily@team.example"}, freeMail)
	if !own("Bob@gmail.com") || own("anna@gmail.com") || own("lily@team.example") {
		t.Error("gmail.com, free mail: only Bob's own address is his")
	}
}

// TestReplyUnseenFreeMailTraceNotHis: Bob writes from gmail.com. An
// address at gmail.com in his answer that is not his own From
// (a forwarder's, Lily's personal mailbox) is no part of his signature:
// it is a trace of a quote not read, and the team's receipt after it
// refuses the inference. At his company's domain the rule stays: an
// address at acme.com is his.
func TestReplyUnseenFreeMailTraceNotHis(t *testing.T) {
	for _, c := range []struct {
		from, snippet string
		unseen        bool
	}{
		{"bob@gmail.com", "Please send the PI. Bob anna.forwarder@gmail.com Thank you, we have received your inquiry.", false},
		{"bob@163.com", "请发PI。 Bob lily.foshan@163.com 您好！您的询价已收到，我们会尽快回复。", false},
		{"bob@gmail.com", "Please send the PI. Bob bob@gmail.com Thank you, we have received your inquiry.", true},
		{"bob@acme.com", "Please send the PI. Bob purchasing@acme.com Thank you, we have received your inquiry.", true},
	} {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "kw.db"), t0, FreeMail(freeMail))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		key := "domain:acme.com"
		if freeMail(addrDomain(c.from)) {
			key = "addr:" + c.from
		}
		bob := func(m keepwarm.Message) keepwarm.Message {
			m.From, m.CustomerKey = keepwarm.Address{Name: "Bob", Email: c.from}, key
			m.Contacts = []keepwarm.Address{m.From}
			return m
		}
		p0 := bob(msg("p0@acme"))
		p0.Subject, p0.SubjectKey = "samples", "samples"
		save(t, db, at(p0, "team", "INBOX", 1, t0.Add(-2*time.Hour)))
		r0 := lilyAnswer("r0@team", "p0@acme")
		r0.To = []keepwarm.Address{{Email: c.from}}
		r0.Subject, r0.SubjectKey, r0.CustomerKey = "RE: samples", "samples", key
		r0.Contacts = []keepwarm.Address{{Email: c.from}}
		save(t, db, at(r0, "lily", "Sent", 1, t0.Add(-2*time.Hour+3*time.Minute)))
		save(t, db, at(bob(msg("c1@acme")), "team", "INBOX", 2, t0))
		c2 := bob(headerOnly("c2@acme"))
		c2.Subject = "Re: Quotation for pumps"
		c2.To = []keepwarm.Address{{Email: "lily@team.example"}}
		c2.InReplyTo, c2.References = []string{"x1@phone.example"}, []string{"c1@acme", "x1@phone.example"}
		save(t, db, at(c2, "team", "INBOX", 3, t0.Add(5*time.Minute)))
		measure(t, db, t0.Add(6*time.Minute))
		id := int64(count(t, db, `SELECT id FROM messages WHERE key = 'c2@acme'`))
		fillText(t, db, id, c.snippet)
		measure(t, db, t0.Add(7*time.Minute))
		cl := clockOf(t, db, "c1@acme")
		if got := cl.UnseenBy == id && !cl.Open(); got != c.unseen {
			t.Errorf("%s %q: answered by mail not seen %v, want %v (%+v)", c.from, c.snippet, got, c.unseen, cl)
		}
	}
}
