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
