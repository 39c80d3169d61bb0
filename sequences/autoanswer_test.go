package sequences

import "testing"

// readAutoAnswer on the words responders write.
func TestReadAutoAnswerWords(t *testing.T) {
	for text, want := range map[string]string{
		"Thank you for your enquiry. We have received your message and will reply within 24 hours. Please add our address to your whitelist so that our answer reaches you.": "receipt",
		"Ihre Anfrage ist bei uns eingegangen. Ticketnummer: 4711.":                                        "receipt",
		"已收到您的邮件，我们会尽快回复。":                                                                                 "receipt",
		"I am on vacation. We have received your message and will answer after 5 January.":                 "absence",
		"Thank you for your email, I am currently away and will respond upon my return.":                   "absence",
		"Thank you for your message, I am currently unavailable and will get back to you when I return.":   "absence",
		"Thank you for your email, I will reply as soon as possible.":                                      "absence",
		"Thank you for your email. During my absence please contact sales@acme.com.":                       "absence",
		"Vielen Dank für Ihre Nachricht. Während meiner Abwesenheit ist Ihre Anfrage bei uns eingegangen.": "absence",
		"Thank you for your mail.": "absence",
		"I am protected by Boxbe. Please click the link to be added to my approved senders list.":                                     "challenge",
		"Your message is held: please verify that you are a real person before it is delivered.":                                      "challenge",
		"We have received your request. Ticket #4711 – Li Wei commented: Thanks, please send the proforma for 200 pcs.":               "unplaced",
		"Ticket #4711: we would like to order 200 pcs this week.":                                                                     "unplaced",
		"Ihre Anfrage ist bei uns eingegangen. Please send the offer for 300 pcs as well.":                                            "unplaced",
		"We have received your message. Please quote the ticket number in any reply.":                                                 "receipt",
		"Li Wei commented: Thanks, please send the proforma for 200 pcs, we order this week.":                                         "unplaced",
		"Li Wei commented: I am away until Friday, please send the proforma.":                                                         "unplaced",
		"Please send the proforma for 200 pcs.":                                                                                       "unplaced",
		"I am out of the office until 5 January. For purchase orders please contact maria@acme.com.":                                  "absence",
		"We have received your message. -----Original Message----- From: Lily Sent: Monday Please confirm that you are a human buyer": "receipt",
	} {
		if got := [...]string{autoAbsence: "absence", autoReceipt: "receipt", autoChallenge: "challenge", autoUnplaced: "unplaced"}[readAutoAnswer(text)]; got != want {
			t.Errorf("%q: %s, want %s", text, got, want)
		}
	}
}

// A buyer's ticket receipt whose signature or footer names a hospital, a
// trade fair or an exhibition is still a receipt: only the team's own
// automatic answers read those words as someone away.
func TestCustomerReceiptNamingFairOrHospitalIsNoAbsence(t *testing.T) {
	for _, text := range []string{
		"Ihre Anfrage ist bei uns eingegangen. Ticketnummer: 4711. Einkauf, Städtisches Krankenhaus München",
		"Ihre Nachricht ist bei uns eingegangen. Besuchen Sie uns auf der Messe Frankfurt, Halle 3.",
		"We have received your message. Ticket #4711. Meet us at the exhibition in Hall 5.",
		"We have received your request. Ticket #4711. See our new range at the trade show in Las Vegas.",
		"已收到您的邮件，我们会尽快回复。欢迎参观广交会展位。",
	} {
		if got := readAutoAnswer(text); got != autoReceipt {
			t.Errorf("customer's %q: %d, want a receipt", text, got)
		}
	}
	for _, text := range []string{
		"Wir haben Ihre Nachricht erhalten und melden uns umgehend. Ich bin derzeit krank.",
		"We have received your message and will reply within 24 hours. I am at the exhibition in Hall 5 this week.",
		"我们已收到您的邮件，会尽快回复。本人正在参加广交会。",
	} {
		if got := readOwnAutoAnswer(text); got != autoAbsence {
			t.Errorf("own %q: %d, want an absence", text, got)
		}
	}
}

// A buyer's acknowledgement that says its person is on leave or ill is an
// absence, as the team's own is: the steps wait rather than go to someone
// who cannot read them. Only the footer words (a trade fair, an
// exhibition, a Krankenhaus) leave it a receipt.
func TestCustomerReceiptSayingLeaveOrIllnessIsAnAbsence(t *testing.T) {
	for _, text := range []string{
		"Wir haben Ihre Nachricht erhalten und melden uns umgehend. Ich bin derzeit krank.",
		"Wir haben Ihre Nachricht erhalten. Frau Meier ist erkrankt.",
		"Ihre Anfrage ist bei uns eingegangen. Ich bin bis Freitag krankgeschrieben.",
		"Ihre Nachricht ist bei uns eingegangen. Ich bin bis auf Weiteres in Elternzeit.",
		"Ihre Nachricht ist bei uns eingegangen. Ich bin im Mutterschutz.",
		"Ihre Anfrage ist bei uns eingegangen. Ich bin heute nicht im Haus.",
		"We have received your message. I am out sick this week.",
		"We have received your request and I will answer when I get back.",
		"We have received your message. I am on medical leave.",
		"Ticket #4711 was created. Our buyer is on paternity leave.",
		"我们已收到您的邮件。本人休产假中。",
		"我们已收到您的邮件。本人请假中。",
		"我们已收到您的邮件。本人病假中。",
		"我们已收到您的邮件。本人休婚假。",
		"我们已收到您的邮件。本人休陪产假。",
	} {
		if got := readAutoAnswer(text); got != autoAbsence {
			t.Errorf("customer's %q: %d, want an absence", text, got)
		}
	}
	for _, text := range []string{
		"Ihre Anfrage ist bei uns eingegangen. Ticketnummer: 4711. Einkauf, Städtisches Krankenhaus München",
		"Wir haben Ihre Nachricht erhalten. Einkauf Krankenhausbedarf, Kreiskrankenhaus Ebersberg",
		"Ihre Nachricht ist bei uns eingegangen. Besuchen Sie uns auf der Messe Frankfurt, Halle 3.",
		"We have received your message. Ticket #4711. Meet us at the exhibition in Hall 5.",
		"已收到您的邮件，我们会尽快回复。欢迎参观广交会展位。",
		"已收到您的邮件，我们会尽快回复。欢迎参观我们的展会。",
	} {
		if got := readAutoAnswer(text); got != autoReceipt {
			t.Errorf("customer's %q: %d, want a receipt", text, got)
		}
	}
}

// A person's answer that a buyer's system sent as automatic is no absence
// for a job title or a company name: "Executive" holds no "cuti", a
// branch office (出張所, 출장소) no business trip, 부재료 no absence.
// The absences in those languages still are.
func TestAbsenceWordsMatchWhole(t *testing.T) {
	for text, want := range map[string]bool{
		"Ticket #4711: we confirm the order, please send the PI. Raj Kumar, Senior Purchase Executive": false,
		"Ticket #4711: 주문을 확정합니다. 기아자동차 부산출장소":                                                         false,
		"Ticket #4711: 부재료 견적도 함께 보내 주세요.":                                                             false,
		"Ticket #4711: 注文を確定します。大阪出張所":                                                                 false,
		"Ticket #4711: Absentéisme: voir la pièce jointe, merci de confirmer.":                         false,
		"Ticket #4711: Absente\u0301isme: voir la pièce jointe, merci de confirmer.":                   false,
		"Ticket #4711: 我们确认订单，我们的工厂不在中国，请报FOB价。":                                                       false,
		"Ticket #4711: 该型号不在中國市场销售。":                                                                   false,
		"Ticket #4711: 这个型号不在公司产品目录中。":                                                                 false,
		"Ticket #4711: 目前不在公司。":                                                                        true,
		"Ticket #4711: 这两天不在公司。":                                                                       true,
		"Ticket #4711: 只今不在中です。":                                                                       true,
		"Ticket #4711: 我这几天不在，有事请联系同事。":                                                                true,
		"Ticket #4711: 本人不在国内。":                                                                        true,
		"Ticket #4711: 人不在深圳，急事请致电。":                                                                   true,
		"Ticket #4711: 负责人不在深圳也没关系。":                                                                   false,
		"Ticket #4711: saya sedang cuti sampai 5 Januari.":                                             true,
		"Ticket #4711: 현재 출장 중입니다.":                                                                    true,
		"Ticket #4711: 부재중입니다.":                                                                        true,
		"Ticket #4711: 出張のため不在にしております。":                                                                true,
		"Ticket #4711: şu anda tatildeyim.":                                                            true,
		"Ticket #4711: je suis absente.":                                                               true,
	} {
		if got := absenceWords.MatchString(text); got != want {
			t.Errorf("%q: absence %v, want %v", text, got, want)
		}
	}
}

// A German responder that says it is automatic and that its writer is on
// a business trip is an absence, whoever's it is: "automatisch generiert"
// says a mail is automatic, not that it is a receipt, and steps must not
// go while the salesperson or the buyer is away.
func TestGermanAutomaticAbsenceIsNoReceipt(t *testing.T) {
	for _, text := range []string{
		"Dies ist eine automatisch generierte Antwort. Ich bin auf Geschäftsreise und melde mich schnellstmöglich.",
		"Ihre Nachricht ist bei uns eingegangen. Ich bin auf Dienstreise und melde mich schnellstmöglich.",
		"Vielen Dank für Ihre Nachricht. Ich bin diese Woche nur eingeschränkt erreichbar und melde mich schnellstmöglich.",
	} {
		if got := readOwnAutoAnswer(text); got != autoAbsence {
			t.Errorf("the team's own %q: %d, want an absence", text, got)
		}
		if got := readAutoAnswer(text); got == autoReceipt {
			t.Errorf("a buyer's %q read as a receipt: the next step would go while he is away", text)
		}
	}
}
