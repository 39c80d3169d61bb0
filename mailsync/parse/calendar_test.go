package parse

import (
	"bytes"
	"testing"

	"keepwarm"
)

// A customer's calendar answering Lily's meeting invitation (Outlook's
// "Accepted:", Google Calendar's "Declined:", each with its text/calendar
// METHOD:REPLY part) is a notice, as a read receipt is: no customer mail
// to answer, but its sender's customer's (the store takes it only when
// the sender is a contact already), keyed by the meeting's title. Read
// whole, as sync reads it by the part it fetches (the BODYSTRUCTURE
// telling of the calendar part), and from the header alone,
// whose subject has its text read first. A buyer's own mail titled
// "Accepted: …" with no calendar part is his mail.
func TestMeetingResponsesAreNotices(t *testing.T) {
	team := testTeam()
	for _, file := range []string{"meeting_accepted_outlook.eml", "meeting_declined_google.eml"} {
		h, b, size := loadEML(t, file)
		m := MessageFetched(Fetched{Header: h, Body: b, Size: size})
		team.Classify(&m, keepwarm.RoleInbox)
		if m.Kind != keepwarm.KindNotice || m.CustomerKey != "domain:globex.example" || m.KnownCustomerOnly {
			t.Errorf("%s read whole: kind %q customer %q, want a notice of Globex's", file, m.Kind, m.CustomerKey)
		}
		// Google's subject names the meeting and its time; the key is
		// the invitation's.
		if m.SubjectKey != "video call - samples" {
			t.Errorf("%s read whole: subject key %q", file, m.SubjectKey)
		}
		// The text part alone, as sync fetches it, with what the
		// BODYSTRUCTURE says of the other parts.
		p := MessagePart(h, []byte("Has accepted this invitation.\r\n"), size, &Part{MediaType: "text/plain", Charset: "utf-8", Size: 30, CalendarReply: true})
		team.Classify(&p, keepwarm.RoleInbox)
		if p.Kind != keepwarm.KindNotice {
			t.Errorf("%s read by its text part: kind %q, want a notice", file, p.Kind)
		}
		hm := team.ParseFetched(Fetched{Header: h, Size: size, TextPending: true}, keepwarm.RoleInbox)
		if !team.NeedsText(&hm) {
			t.Errorf("%s header alone: kind %q, its text not read first", file, hm.Kind)
		}
	}
	// Lily's own accept of a buyer's invitation is her mail to him.
	h, b, size := loadEML(t, "meeting_accepted_outlook.eml")
	own := MessageFetched(Fetched{Header: h, Body: b, Size: size})
	own.From, own.To = keepwarm.Address{Email: "lily@team.example"}, []keepwarm.Address{{Email: "bob@globex.example"}}
	team.Classify(&own, keepwarm.RoleSent)
	if own.Kind != keepwarm.KindOutbound {
		t.Errorf("the team's accept of a customer's invitation: kind %q", own.Kind)
	}
	person := MessageFetched(Fetched{Header: []byte("From: Bob Stone <bob@globex.example>\r\nTo: lily@team.example\r\n" +
		"Subject: Accepted: your offer 2026-311\r\nMessage-ID: <ok-311@globex.example>\r\n\r\n"),
		Body: []byte("Dear Lily, we accept the offer. When can you ship?\r\n"), Size: 200})
	team.Classify(&person, keepwarm.RoleInbox)
	if person.Kind != keepwarm.KindInbound {
		t.Errorf("a buyer's own mail titled \"Accepted:\": kind %q", person.Kind)
	}
}

// A calendar's answer carrying words its sender typed (Outlook's "Edit
// the response before sending", Google Calendar's "with a note") is his
// mail to answer; its calendar's own sentence alone is not.
func TestMeetingResponsesWithWordsAreMail(t *testing.T) {
	team := testTeam()
	google := func(sentence string) string {
		return sentence + "\r\n\r\nVideo call - samples\r\nThursday 3 Dec 2026 3pm - 4pm (CST)\r\n\r\nOrganizer\r\nLily Chen\r\nlily@team.example\r\n"
	}
	disclaimer := "This e-mail and any attachments are confidential and intended solely for the addressee.\r\n" +
		"If you are not the intended recipient, please notify the sender and delete it.\r\n" +
		"Globex GmbH, Amtsgericht Hamburg HRB 12345.\r\n"
	for _, c := range []struct {
		file, text string
		want       keepwarm.Kind
	}{
		{"meeting_accepted_outlook.eml", "", keepwarm.KindNotice},
		{"meeting_accepted_outlook.eml", "We went with another supplier, sorry.", keepwarm.KindInbound},
		{"meeting_declined_google.eml", "Dave Wu has declined this invitation.\r\n\r\nVideo call - samples\r\n", keepwarm.KindNotice},
		{"meeting_declined_google.eml", "Dave Wu has declined this invitation with a note:\r\n\"We went with another supplier.\"\r\n", keepwarm.KindInbound},
		// A calendar in the buyer's own language, a name with a dot.
		{"meeting_declined_google.eml", google("Dave Wu hat diese Einladung abgelehnt."), keepwarm.KindNotice},
		{"meeting_declined_google.eml", google("Dave Wu 已拒绝此邀请。"), keepwarm.KindNotice},
		{"meeting_declined_google.eml", google("Dave Wu a refusé cette invitation."), keepwarm.KindNotice},
		{"meeting_declined_google.eml", google("Dave Wu ha rechazado esta invitación."), keepwarm.KindNotice},
		{"meeting_declined_google.eml", google("Dave Wu recusou este convite."), keepwarm.KindNotice},
		{"meeting_declined_google.eml", google("Dave Wu отклонил(а) это приглашение."), keepwarm.KindNotice},
		{"meeting_declined_google.eml", google("Dr. Hans Meier has accepted this invitation."), keepwarm.KindNotice},
		{"meeting_declined_google.eml", google("J.P. Singh has declined this invitation."), keepwarm.KindNotice},
		// Words of his own before the calendar's sentence, in any language.
		{"meeting_declined_google.eml", "We went with another supplier. Dave Wu has declined this invitation.\r\n", keepwarm.KindInbound},
		{"meeting_declined_google.eml", "Wir haben einen anderen Lieferanten gewählt. Dave Wu hat diese Einladung abgelehnt.\r\n", keepwarm.KindInbound},
		{"meeting_declined_google.eml", "Dave Wu hat diese Einladung mit einer Notiz abgelehnt:\r\n\"Wir haben einen anderen Lieferanten.\"\r\n", keepwarm.KindInbound},
		{"meeting_declined_google.eml", "我们已经选择了别的供应商。Dave Wu 已拒绝此邀请。\r\n", keepwarm.KindInbound},
		// Outlook's empty answer with the disclaimer the buyer's mail
		// server appends to everything it sends.
		{"meeting_accepted_outlook.eml", disclaimer, keepwarm.KindNotice},
		{"meeting_accepted_outlook.eml", "\r\n________________________________\r\n" + disclaimer, keepwarm.KindNotice},
		{"meeting_accepted_outlook.eml", "We went with another supplier, sorry.\r\n\r\n" + disclaimer, keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "This email confirms the call; please send the confidential price list first.\r\n", keepwarm.KindInbound},
		// Outlook's "Edit the response before sending" holds only what
		// the buyer typed, and his own words may say what a calendar's
		// sentence says: only his name before it and the event after it
		// make it the calendar's.
		{"meeting_accepted_outlook.eml", "我们已接受邀请。请先发形式发票。", keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "Я принял ваше приглашение. Пришлите PI.", keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "ご招待を承諾しました。PIを先に送ってください。", keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "초대를 수락했습니다. PI를 먼저 보내주세요.", keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "Herr Meier hat Ihre Einladung angenommen. Bitte senden Sie vorab die PI.", keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "Hi Lily, we have accepted your invitation. Please send the PI first.", keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "We have accepted your invitation.", keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "我们已接受邀请。", keepwarm.KindInbound},
		// Words of his that open as a disclaimer and use one of its
		// words, with a request: his.
		{"meeting_accepted_outlook.eml", "本邮件抄送的收件人都会参加，请先发PI。", keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "此邮件内容请保密：我们准备下5000件的订单，请先报价。", keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "This email confirms we will attend; please send the price list, intended only for our purchasing team.", keepwarm.KindInbound},
		{"meeting_accepted_outlook.eml", "This email confirms we will attend, intended only for our purchasing team.", keepwarm.KindInbound},
		// A server's notice, which asks a wrong recipient to tell the
		// sender: the calendar's.
		{"meeting_accepted_outlook.eml", "Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind oder diese E-Mail irrtümlich erhalten haben, informieren Sie bitte sofort den Absender und vernichten Sie diese E-Mail.", keepwarm.KindNotice},
		{"meeting_accepted_outlook.eml", "Ce message est confidentiel. Si vous n'êtes pas le destinataire, merci de le signaler à l'expéditeur et de le détruire.", keepwarm.KindNotice},
		{"meeting_accepted_outlook.eml", "本邮件及其附件含有保密信息，仅限于发送给上面地址中列出的个人或群组。如果您错收了本邮件，请您立即电话或邮件通知发件人并删除本邮件！收件人以外的任何人不得使用。", keepwarm.KindNotice},
		// The sender's own name before it, the meeting's title or
		// nothing after it: the calendar's.
		{"meeting_accepted_outlook.eml", "Bob Stone has accepted this invitation.", keepwarm.KindNotice},
		{"meeting_accepted_outlook.eml", "bob has accepted this invitation. Video call - samples Thursday 3 Dec", keepwarm.KindNotice},
		{"meeting_declined_google.eml", google("Dave Wu 已拒绝此邀请。") + "\r\nInvitation from Google Calendar\r\n", keepwarm.KindNotice},
	} {
		h, _, size := loadEML(t, c.file)
		p := MessagePart(h, []byte(c.text), size, &Part{MediaType: "text/plain", Charset: "utf-8", Size: int64(len(c.text)), CalendarReply: true})
		team.Classify(&p, keepwarm.RoleInbox)
		if p.Kind != c.want {
			t.Errorf("%s with %q: kind %q, want %q", c.file, c.text, p.Kind, c.want)
		}
	}
}

// A calendar's answer in Italian, Japanese, Korean, Portuguese or
// Traditional Chinese is keyed by the meeting's title, as one in English:
// Google Calendar's names no id of the invitation's.
func TestMeetingAnswerSubjectsInEveryLanguage(t *testing.T) {
	team := testTeam()
	h, _, size := loadEML(t, "meeting_declined_google.eml")
	old := "Declined: Video call - samples @ Thu 3 Dec 2026 3pm - 4pm (CST) (lily@team.example)"
	if !bytes.Contains(h, []byte(old)) {
		t.Fatalf("the file's subject is not %q", old)
	}
	for _, prefix := range []string{"Accettato:", "Rifiutato:", "Provvisorio:", "承諾:", "辞退:", "仮承諾:", "수락:", "거절:",
		"Aceito:", "Aceite:", "Recusado:", "已拒絕:", "已接受：", "暫定:"} {
		hp := bytes.Replace(h, []byte("Declined:"), []byte(prefix), 1)
		p := MessagePart(hp, []byte(""), size, &Part{MediaType: "text/plain", Charset: "utf-8", CalendarReply: true})
		team.Classify(&p, keepwarm.RoleInbox)
		if p.Kind != keepwarm.KindNotice || p.SubjectKey != "video call - samples" {
			t.Errorf("%s: kind %q key %q, want a notice keyed by the meeting's title", prefix, p.Kind, p.SubjectKey)
		}
	}
}
