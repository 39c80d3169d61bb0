package templates

import "testing"

func TestReadVoice(t *testing.T) {
	tests := []struct {
		name, text, lang, salutation string
	}{
		{"english formal", "Dear Mr. Meier,\n\nplease find attached our quotation for the LED panels you asked about.\nThe price is valid for 30 days.\n\nBest regards,\nLily Chen", "en", "Dear Mr. Meier"},
		{"english informal", "Hi Bob,\r\n\r\nas promised, the price list for next year is attached. Shall we talk on Friday?\r\n\r\nLily", "en", "Hi Bob"},
		{"german", "Sehr geehrter Herr Meier,\n\nanbei erhalten Sie unser Angebot für die LED-Panels. Der Preis gilt 30 Tage.\n\nMit freundlichen Grüßen\nLily Chen", "de", "Sehr geehrter Herr Meier"},
		{"chinese", "王经理您好：\n\n附件是您询问的LED面板报价单，价格有效期30天。如有问题请随时联系。\n\n祝好！\n陈莉", "zh", "王经理您好"},
		{"spanish", "Estimado Sr. García:\n\nle adjunto nuestra oferta para los paneles LED que nos pidió. El precio es válido durante 30 días.\n\nSaludos cordiales,\nLily Chen", "es", "Estimado Sr. García"},
		{"runs on", "Dear Anna, please find our offer for the 60x60 panels attached, valid until the end of the month.", "en", "Dear Anna"},
		{"name only", "Hans,\n\nthe samples left today, tracking number follows tomorrow morning by mail.", "en", "Hans"},
		{"no salutation", "Please find our offer for the 60x60 panels attached, valid until the end of the month.", "en", ""},
		{"thanks is not one", "Thanks!\n\nI will check the drawings with our engineers and come back to you.", "en", ""},
		{"quote below is not read", "Hallo Herr Meier,\n\nanbei das Angebot wie besprochen, gültig bis Ende des Monats.\n\nOn Mon, 2 Nov 2026 at 09:06, Hans Meier <hans@buyer.de> wrote:\n> Dear Lily, could you please quote 500 pieces of the LED panel and the high bay lights for our project in Hamburg?", "de", "Hallo Herr Meier"},
		{"chinese with latin product names", "王经理您好：\n\n感谢您的询价！附件是LED panel 600x600 40W和LED high bay 150W的报价，价格为USD 18.40 CIF上海，起订量500片，定金后25天交货。\n\nLily Chen\nExport Sales, Seller Co., Ltd.", "zh", "王经理您好"},
		{"too short", "Hi,\nok", "", "Hi"},
		{"short german", "Hallo Hans,\nbitte schicken Sie mir die Zeichnungen bis Freitag.", "de", "Hallo Hans"},
		{"short spanish", "Hola Juan,\nle envío la lista de precios de este año.", "es", "Hola Juan"},
		// Short business mail that a trigram model alone reads wrong.
		{"short english with a port", "Dear Mr. Meier, our quotation: USD 18.40/pc CIF Hamburg. Best regards Lily Chen", "en", "Dear Mr. Meier"},
		{"short french", "Bonjour M. Dupont, voici notre offre : USD 18,40/pce CIF Le Havre. Cordialement, Lily", "fr", "Bonjour M. Dupont"},
		{"short italian", "Gentile Sig. Rossi, in allegato la nostra offerta: USD 18,40/pz CIF Genova. Cordiali saluti, Lily", "it", "Gentile Sig. Rossi"},
		{"short portuguese", "Prezado Sr. Silva, segue em anexo nossa cotação: USD 18,40/pç CIF Santos. Atenciosamente, Lily", "pt", "Prezado Sr. Silva"},
		// An English sign-off does not make another language's mail English.
		{"russian signed in english", "Здравствуйте, Иван!\n\nНаправляем Вам наше предложение на поставку насосов. Просим подтвердить получение.\n\nBest regards,\nLily", "ru", "Здравствуйте, Иван"},
		{"polish signed in english", "Szanowny Panie Kowalski,\n\nw załączeniu przesyłamy naszą ofertę na dostawę paneli LED. Prosimy o potwierdzenie otrzymania.\n\nBest regards,\nLily", "pl", "Szanowny Panie Kowalski"},
		{"short dutch", "Geachte heer De Vries, bijgaand onze offerte: USD 18,40/st CIF Rotterdam. Met vriendelijke groet, Lily", "nl", "Geachte heer De Vries"},
	}
	for _, tt := range tests {
		got := ReadVoice(tt.text)
		if got.Lang != tt.lang || got.Salutation != tt.salutation {
			t.Errorf("%s: ReadVoice = %+v, want lang %q salutation %q", tt.name, got, tt.lang, tt.salutation)
		}
	}
}

// BenchmarkDetectLanguage measures what reading a thread's language costs
// per follow-up (one mail of a typical length).
func BenchmarkDetectLanguage(b *testing.B) {
	texts := []string{
		"Dear Mr. Meier,\n\nplease find attached our quotation for the LED panels you asked about. The price is valid for 30 days.\n\nBest regards,\nLily Chen",
		"王经理您好：\n\n附件是您询问的LED面板报价单，价格有效期30天。如有问题请随时联系。\n\n祝好！\n陈莉",
		"Estimado Sr. García:\n\nle adjunto nuestra oferta para los paneles LED que nos pidió. El precio es válido durante 30 días.\n\nSaludos cordiales,\nLily Chen",
	}
	for i := 0; b.Loop(); i++ {
		DetectLanguage(texts[i%len(texts)])
	}
}
