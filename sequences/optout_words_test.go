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
