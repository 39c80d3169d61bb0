package keepwarm

import "testing"

// OwnSnippet keeps the words before the quoted original, whichever client
// and language wrote the quote's marker or Outlook header block, and takes
// no label inside a word ("Вот:", "Tradefrom:") for one.
func TestOwnSnippet(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Grazie, confermo l'ordine. Il giorno 3 nov 2026, Lily Chen ha scritto: Le invio l'offerta", "Grazie, confermo l'ordine. Il giorno 3 nov 2026, Lily Chen"},
		{"Спасибо! 3 ноября Лили написала: цены до 31 декабря", "Спасибо! 3 ноября Лили"},
		{"Вот: наш заказ на 500 штук. Тема: заказ", "Вот: наш заказ на 500 штук. Тема: заказ"},
		{"Tradefrom: Hamburg, subject: panels", "Tradefrom: Hamburg, subject: panels"},
		{"Bitte Angebot. Von: Lily Chen Gesendet: Montag Betreff: Angebot", "Bitte Angebot. "},
		{"İyi günler, teşekkürler. Kimden: Lily Gönderildi: Pazartesi Konu: teklif", "İyi günler, teşekkürler. "},
		{"好的，谢谢 ------------------ 原始邮件 ------------------ 发件人: Lily", "好的，谢谢 "},
		{"Graag de PI. -----Oorspronkelijk bericht----- Van: Lily Chen", "Graag de PI. "},
		{"Proszę o PI. -----Wiadomość oryginalna----- Od: Lily Chen", "Proszę o PI. "},
		{"承知しました。 -----元のメッセージ----- 差出人: Lily", "承知しました。 "},
		{"> quoted only", ""},
		{"OK, thanks > On Monday Lily wrote", "OK, thanks"},
	} {
		if got := OwnSnippet(tt.in); got != tt.want {
			t.Errorf("OwnSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
