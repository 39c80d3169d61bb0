package templates

import (
	"strings"
	"testing"
)

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
		// A short first line that greets and runs on into a sentence
		// opens with the greeting only.
		{"runs on short", "Dear Mr. Meier, thank you for your call today!\n\nplease find attached our quotation for the LED panels you asked about.", "en", "Dear Mr. Meier"},
		{"runs on informal", "Hi Bob, hope you are well\n\nas promised, the price list for next year is attached. Shall we talk on Friday?", "en", "Hi Bob"},
		{"runs on offer", "Dear Anna, please see our offer attached\n\nLED panel 600x600 40W USD 18.40 CIF Hamburg, valid for 30 days.", "en", "Dear Anna"},
		{"runs on without a comma", "Dear Anna please find attached\n\nour quotation for the LED panels you asked about, valid for 30 days.", "en", ""},
		{"greeting then name", "Good morning, Mr. Smith, please find attached our quotation for the LED panels you asked about.", "en", "Good morning, Mr. Smith"},
		{"long name", "Estimado Sr. Juan Carlos García López\n\nle adjunto nuestra oferta para los paneles LED que nos pidió. El precio es válido durante 30 días.", "es", "Estimado Sr. Juan Carlos García López"},
		{"ladies and gentlemen", "Sehr geehrte Damen und Herren,\n\nanbei erhalten Sie unser Angebot für die LED-Panels. Der Preis gilt 30 Tage.", "de", "Sehr geehrte Damen und Herren"},
		// A short Japanese note has few kana beside its kanji; Chinese
		// business mail has none.
		{"short japanese", "山田様\n見積書を添付します。", "ja", ""},
		{"chinese with one kana", "王经理您好：\n附件是小米の新款报价单，请查收。", "zh", "王经理您好"},
		{"chinese with a katakana brand", "王经理您好：\n附件是我们为贵司准备的LED面板报价单，型号ヤマハ同款，价格为每片十八美元，交货期三周，请查收并回复确认。", "zh", "王经理您好"},
		{"chinese with two stylistic no", "王经理您好：\n附件是小米の新款报价单，价格为每片十八美元，交货期三周，请查收并回复确认，谢谢の支持。", "zh", "王经理您好"},
		{"japanese mostly kanji", "佐藤様\n見積書添付済み。納期三週間です。", "ja", ""},
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

// The quote under a reply written in Outlook set to Italian, Russian,
// Dutch, Turkish or Polish starts at its header block ("Da: …/Inviato: …")
// or its Gmail attribution ("… ha scritto:"): the language is the
// writer's own, whatever the quoted mail is written in.
func TestLanguageLeavesOutAQuoteInAnyClientLanguage(t *testing.T) {
	own := "Dear Hans,\nplease see our best price below: USD 18.40/pc CIF Hamburg.\nBest regards\nGiulia\n"
	german := strings.Repeat("Sehr geehrte Frau Rossi, wir benötigen für unser Projekt in Hamburg noch ein Angebot über die Panels und die Hallenleuchten, bitte mit Lieferzeit.\n", 20)
	russian := strings.Repeat("Уважаемая Джулия, просим прислать нам предложение на поставку панелей и сроки поставки для нашего проекта в Москве.\n", 20)
	for name, quote := range map[string]string{
		"italian outlook": "Da: Hans Meier <hans@globex.de>\nInviato: lunedì 2 novembre 2026 10:12\nA: Giulia Rossi <giulia@x.it>\nOggetto: Anfrage LED-Panels\n\n" + german,
		"russian outlook": "От: Иван Петров <ivan@buyer.ru>\nОтправлено: 2 ноября 2026 г. 10:12\nКому: Giulia\nТема: Запрос\n\n" + russian,
		"dutch outlook":   "Van: Hans Meier <hans@globex.de>\nVerzonden: maandag 2 november 2026 10:12\nAan: Giulia\nOnderwerp: Anfrage\n\n" + german,
		"turkish outlook": "Kimden: Hans Meier <hans@globex.de>\nGönderildi: 2 Kasım 2026 Pazartesi 10:12\nKime: Giulia\nKonu: Anfrage\n\n" + german,
		"polish outlook":  "Od: Hans Meier <hans@globex.de>\nWysłano: poniedziałek, 2 listopada 2026 10:12\nDo: Giulia\nTemat: Anfrage\n\n" + german,
		"italian gmail":   "Il giorno lun 2 nov 2026 alle ore 10:12 Hans Meier <hans@globex.de> ha scritto:\n\n" + german,
		"russian gmail":   "пн, 2 нояб. 2026 г. в 10:12, Иван Петров <ivan@buyer.ru>:\n-----Исходное сообщение-----\n" + russian,
		"russian wrote":   "2 нояб. 2026 г., в 10:12, Иван Петров написал(а):\n" + russian,
		"dutch gmail":     "Op ma 2 nov 2026 om 10:12 schreef Hans Meier <hans@globex.de>:\n\n" + german,
		"portuguese":      "Em seg., 2 de nov. de 2026 às 10:12, Hans Meier <hans@globex.de> escreveu:\n\n" + german,
		"italian sep":     "-----Messaggio originale-----\n" + german,
	} {
		if got := DetectLanguage(own + quote); got != "" && got != DetectLanguage(own) {
			t.Errorf("%s: %q, want the own text's %q", name, got, DetectLanguage(own))
		}
		if got := DetectLanguage(own + quote); got != "en" {
			t.Errorf("%s: %q, want en", name, got)
		}
	}
	// A "Da:" line that no header label follows is the writer's own.
	if got := OwnText("Ciao Marco,\nDa: lunedì siamo chiusi.\nGrazie"); !strings.Contains(got, "Grazie") {
		t.Errorf("own text cut at a lone Da: %q", got)
	}
}

// A salutation tells its own language by its greeting word, its title or
// its script; a bare name tells none.
func TestSalutationLang(t *testing.T) {
	for s, want := range map[string]string{
		"Sehr geehrter Herr Meier": "de", "Herr Meier": "de", "王总": "zh", "王总您好：": "zh", "Dear Mr. Meier,": "",
		"Estimado Sr. García": "es", "Sr. García": "es", "Bonjour M. Dupont": "fr", "山田様": "ja", "やまだ様": "ja", "Hi Bob": "",
	} {
		if got, ok := SalutationLang(s); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", s, got, ok, want)
		}
	}
	if got, ok := SalutationLang("Hans"); ok {
		t.Errorf("Hans: %q", got)
	}
}
