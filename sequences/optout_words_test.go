package sequences

import "testing"

// A customer's mail is kept as a one-line snippet: the quote of keepwarm's
// letter, its "reply unsubscribe" line included, is on the same line as the
// customer's own words, after the attribution or Outlook's header block.
// Only the customer's own words count.
func TestOptOutWordingInOneLineSnippets(t *testing.T) {
	words := DefaultOptOutWords()
	for _, c := range []struct {
		snippet string
		want    bool
	}{
		{"Dear Lily, please remove me from your list. Hans Meier On Tue, 1 Dec 2026 at 16:05, Lily Chen <lily@seller.example> wrote: > Dear Hans, > our news.", true},
		{"Thanks Lily, see you at the fair. Bob On Tue, 1 Dec 2026 at 16:05, Lily Chen <lily@seller.example> wrote: > If you would rather not receive these letters, just reply unsubscribe.", false},
		{"Noted, thank you. From: Lily Chen Sent: Tuesday, December 1, 2026 4:05 PM To: Bob Smith Subject: News from Lily Chen Dear Bob, If you would rather not receive these letters, reply unsubscribe.", false},
		{"Gracias. -----Mensaje original----- De: Lily Chen Enviado el: martes Para: Lucía Asunto: Novedades Si no desea recibir estas cartas, responda darse de baja.", false},
		{"好的，谢谢。 发件人: Lily Chen 发送时间: 2026年12月1日 主题: 新闻 如不想再收到，请回复退订。", false},
		{"请退订，谢谢。 发件人: Lily Chen 主题: 新闻", true},
	} {
		if got := optOutIn("Re: News from Lily Chen, December 2026", c.snippet, words); got != c.want {
			t.Errorf("%v for %q", got, c.snippet)
		}
	}
}

// Opt-out wording is read as whole words, and the phrases that are also
// ordinary business wording count only as the request itself: a buyer who
// turns down one product, or asks for sea freight instead of air, keeps
// getting mail.
func TestOptOutWordingIsTheRequestItself(t *testing.T) {
	words := DefaultOptOutWords()
	for _, c := range []struct {
		subject, snippet string
		want             bool
	}{
		// Inside other words, or with an object of business after it.
		{"Re: Quotation", "We will adopt outdoor IP65 version, please send PI", false},
		{"Re: Quotation", "We are not interested in the 3000K panels, please quote 4000K", false},
		{"Re: Quotation", "Please stop sending samples by air, use sea freight.", false},
		{"Re: Cotización", "No me interesa el modelo A, sí el B.", false},
		{"Re: Quotation", "Please do not contact our end customer directly.", false},
		{"Re: Quotation", "Non sono interessato ai pannelli 3000K.", false},
		{"Re: Quotation", "We opt out of the 2027 fair, see you in Frankfurt.", false},
		{"Re: Quotation", "The shops were not interestedly looking.", false},
		{"Re: Quotation", "Please stop sending, we have enough stock.", false},
		// A decline that goes on to ask for something is business.
		{"Re: Quotation", "Not interested. Please quote 4000K instead.", false},
		{"Re: Quotation", "Our customer is not interested. Do you have a 4000K version?", false},
		{"Re: Quotation", "No me interesa, ¿tienen el modelo B?", false},
		// The request itself.
		{"Re: Quotation", "Not interested.", true},
		{"Re: Quotation", "We are not interested, thanks. Hans", true},
		{"Re: Quotation", "Not interested anymore Best regards Hans Meier", true},
		{"Re: Quotation", "We are not interested in your emails.", true},
		{"Re: Quotation", "Please stop sending me emails.", true},
		{"Re: Quotation", "Stop emailing me!", true},
		{"Re: Quotation", "Please opt me out. Opt out of your mailing list, please.", true},
		{"Re: Quotation", "Do not contact me again.", true},
		{"Re: Cotización", "No me interesa, gracias.", true},
		{"Re: Preventivo", "Non sono interessata, grazie.", true},
		{"Not interested", "", true},
		// The unambiguous ones, as before.
		{"Re: News", "Please unsubscribe me.", true},
		{"Re: News", "I unsubscribed twice already, stop it.", true},
		{"Re: News", "Please remove me from your list. Why do you keep writing?", true},
		{"Re: News", "Merci de me désinscrire.", true},
		{"Re: News", "Bitte keine Werbung mehr.", true},
		{"Re: 新闻", "请退订。", true},
		{"Re: 新闻", "以后不要再发了", true},
	} {
		if got := optOutIn(c.subject, c.snippet, words); got != c.want {
			t.Errorf("%v for %q / %q", got, c.subject, c.snippet)
		}
	}
}

// Chinese is written without spaces, so a built-in Chinese phrase is also
// the start of ordinary purchasing words: "不要再发错" (don't ship the wrong
// one again), "不要再发货" (don't ship more), "退订金" (refund the deposit),
// "退订单" (cancel the order). Such a buyer is complaining about an order,
// not asking for no more mail: only the phrase at the end of its clause, or
// before a word of mail, counts.
func TestOptOutWordingChineseOrderWording(t *testing.T) {
	words := DefaultOptOutWords()
	for _, c := range []struct {
		snippet string
		want    bool
	}{
		{"这批货有两箱型号不对，请不要再发错了，下次发货前先确认。", false},
		{"请不要再发错型号了，谢谢", false},
		{"订单取消，请退订金到我们账户", false},
		{"订单取消了，请退订金", false},
		{"我们要退订单上的第二项", false},
		{"先不要再发货，仓库满了", false},
		{"不要再发样品了，上次的还没用完", false},
		{"請勿再寄樣品，謝謝", false},
		// The request itself.
		{"以后不要再发了", true},
		{"请退订，谢谢。", true},
		{"请退订", true},
		{"请帮我退订一下", true},
		{"不要再发邮件给我", true},
		{"请不要再发给我们广告", true},
		{"退订谢谢", true},
	} {
		if got := optOutIn("Re: 新闻", c.snippet, words); got != c.want {
			t.Errorf("%v for %q", got, c.snippet)
		}
	}
}

// "remove me from", "take me off" and "abmelden" are also said of one kind
// of mail or of a meeting: "remove me from the cc on shipping notices",
// "take me off the invoice copies", "ich muss mich vom Termin abmelden".
// They count only when what goes with them is about the mail itself.
func TestOptOutWordingRemoveMeFromWhat(t *testing.T) {
	words := DefaultOptOutWords()
	for _, c := range []struct {
		snippet string
		want    bool
	}{
		{"Please remove me from the cc on shipping notices, Ana handles them now.", false},
		{"Take me off the invoice copies.", false},
		{"Ich muss mich leider vom Termin am Dienstag abmelden, bitte senden Sie das Angebot an Frau Kurz.", false},
		{"Ich muss mich vom Termin abmelden", false},
		{"Please remove me from your mailing list", true},
		{"Please remove me from the list, thanks.", true},
		{"Take me off your list!", true},
		{"Bitte abmelden.", true},
		{"Ich möchte mich von Ihrem Newsletter abmelden. Danke", true},
		{"Danke. Bitte vom Verteiler abmelden", true},
	} {
		if got := optOutIn("Re: News from Lily Chen", c.snippet, words); got != c.want {
			t.Errorf("%v for %q", got, c.snippet)
		}
	}
	if !optOutIn("Abmelden", "", words) {
		t.Error("a subject of \"Abmelden\" alone is the request")
	}
}

// Buyers ask for no more mail in more words than the first list had: "don't
// send me more newsletters", "remove us from your list", in Spanish, German,
// Russian, Arabic, Traditional Chinese and Japanese. Each is the request;
// the same words about goods or samples are not.
func TestOptOutWordingMorePhrasings(t *testing.T) {
	words := DefaultOptOutWords()
	for _, c := range []struct {
		snippet string
		want    bool
	}{
		{"Please don't send me more newsletters.", true},
		{"Please don’t send us these emails anymore.", true},
		{"Please do not send us any more emails.", true},
		{"Please remove us from your mailing list.", true},
		{"Remove my email from your list.", true},
		{"Take us off your mailing list please", true},
		{"Please unsubscribe us.", true},
		{"Por favor no me envíen más correos.", true},
		{"No nos envíen más, gracias.", true},
		{"Dejen de enviarme correos.", true},
		{"Bitte keine E-Mails mehr.", true},
		{"Bitte aus dem Verteiler austragen.", true},
		{"Пожалуйста, отпишите нас", true},
		{"Отпишите меня от рассылки, спасибо.", true},
		{"Больше не присылайте", true},
		{"Хочу отписаться от рассылки", true},
		{"يرجى إلغاء الاشتراك", true},
		{"لا ترسلوا لي رسائل", true},
		{"請取消訂閱", true},
		{"退訂", true},
		{"請勿再寄", true},
		{"不要再寄了，謝謝", true},
		{"配信停止をお願いします", true},
		// Business.
		{"Please do not send the samples by DHL, use sea freight.", false},
		{"Don't send me the invoice, send it to Ana.", false},
		{"Do not send us the goods before payment.", false},
		{"No me envíen más muestras, tenemos suficientes.", false},
		{"Bitte keine E-Mails mehr an Hans, er ist nicht mehr bei uns.", false},
		{"Отпишите мне, когда отправите груз.", false},
		{"Не присылайте образцы, пожалуйста.", false},
		{"Больше не пишите Ивану, он уволился.", false},
	} {
		if got := optOutIn("Re: News from Lily Chen", c.snippet, words); got != c.want {
			t.Errorf("%v for %q", got, c.snippet)
		}
	}
}

// Outlook quotes the original under a header block in its user's language,
// French with a space before the colon: a letter's own "reply unsubscribe"
// line quoted back under it is not the buyer's wish.
func TestOptOutWordingOutlookQuoteInOtherLanguages(t *testing.T) {
	words := DefaultOptOutWords()
	for _, snippet := range []string{
		"Merci, bien reçu. De : Lily Chen <lily@seller.example> Envoyé : mardi 1 décembre 2026 16:05 À : Jean Dupont Objet : News from Lily Chen Dear Jean, If you would rather not receive these letters, reply unsubscribe.",
		"Grazie, ricevuto. Da: Lily Chen <lily@seller.example> Inviato: martedì 1 dicembre 2026 16:05 A: Marco Rossi Oggetto: News from Lily Chen Dear Marco, If you would rather not receive these letters, reply unsubscribe.",
		"Obrigado, recebido. De: Lily Chen <lily@seller.example> Enviado: terça-feira, 1 de dezembro de 2026 16:05 Para: João Silva Assunto: News from Lily Chen Dear João, If you would rather not receive these letters, reply unsubscribe.",
		"Спасибо, получили. От: Lily Chen <lily@seller.example> Отправлено: 1 декабря 2026 г. 16:05 Кому: Иван Тема: News from Lily Chen Dear Ivan, If you would rather not receive these letters, reply unsubscribe.",
		"ありがとうございます。 差出人: Lily Chen <lily@seller.example> 送信日時: 2026年12月1日 16:05 件名: News from Lily Chen If you would rather not receive these letters, reply unsubscribe.",
		"Teşekkürler. Kimden: Lily Chen <lily@seller.example> Gönderildi: 1 Aralık 2026 Konu: News from Lily Chen If you would rather not receive these letters, reply unsubscribe.",
	} {
		if optOutIn("Re: News from Lily Chen", snippet, words) {
			t.Errorf("read as an opt-out: %q", snippet)
		}
	}
	// The buyer's own words before the block still count.
	if !optOutIn("Re: News from Lily Chen", "Merci de me désinscrire. De : Lily Chen Envoyé : mardi Objet : News", words) {
		t.Error("the buyer's own désinscrire was not read")
	}
}
