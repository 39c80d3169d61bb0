package sequences_test

import (
	"testing"

	"keepwarm/sequences"
)

// A salutation typed in the book without a language opens a follow-up
// only in its own language: "Sehr geehrter Herr Meier" and "王总" open no
// English resend; a bare name ("Hans") opens any.
func TestBookSalutationKeepsToItsLanguage(t *testing.T) {
	own := "Please find attached our quotation.\n\nBest regards,\nLily"
	english := func(string) string { return "" }
	for _, sal := range []string{"Sehr geehrter Herr Meier", "王总", "Herr Meier"} {
		if v := sequences.VoiceOf(own, sal, "", "", english); v.Salutation != "" {
			t.Errorf("%q opens an English resend: %+v", sal, v)
		}
	}
	if v := sequences.VoiceOf(own, "Hans", "", "", english); v.Salutation != "Hans" {
		t.Errorf("Hans: %+v", v)
	}
	if v := sequences.VoiceOf(own, "Dear Mr. Meier,", "", "", english); v.Salutation != "Dear Mr. Meier" {
		t.Errorf("Dear Mr. Meier: %+v", v)
	}
	// In the salutation's own language it goes.
	german := func(string) string { return "de" }
	if v := sequences.VoiceOf("Anbei unser Angebot.\n\nMit freundlichen Grüßen\nLily", "Sehr geehrter Herr Meier", "", "", german); v.Salutation != "Sehr geehrter Herr Meier" {
		t.Errorf("German: %+v", v)
	}
}

// A salutation in Cyrillic or Arabic tells its language without a
// greeting word the book knows; and the one it is written in wins over
// the customer's language, which only a contact's own language overrides.
func TestBookSalutationScriptAndCustomerLanguage(t *testing.T) {
	own := "Please find attached our quotation.\n\nBest regards,\nLily"
	english := func(string) string { return "" }
	for _, sal := range []string{"الأستاذ أحمد", "السيد أحمد المحترم", "Иван Петрович"} {
		if v := sequences.VoiceOf(own, sal, "", "", english); v.Salutation != "" {
			t.Errorf("%q opens an English resend: %+v", sal, v)
		}
	}
	if v := sequences.VoiceOf(own, "王总", "", "en", english); v.Salutation != "" {
		t.Errorf("王总 of an English customer opens an English resend: %+v", v)
	}
	// The contact's own language is the salesperson's word: it goes.
	if v := sequences.VoiceOf(own, "王总", "en", "", english); v.Salutation != "王总" {
		t.Errorf("王总 of a contact written to in English: %+v", v)
	}
	// A bare name goes by the customer's language.
	if v := sequences.VoiceOf(own, "Hans", "", "de", english); v.Salutation != "" {
		t.Errorf("Hans of a German customer: %+v", v)
	}
	russian := func(string) string { return "ru" }
	if v := sequences.VoiceOf("Во вложении наше предложение.\n\nЛили", "Иван Петрович", "", "", russian); v.Salutation != "Иван Петрович" {
		t.Errorf("Russian: %+v", v)
	}
}

// A mail too short to read ("王总：\n请查收附件。") still opens in its
// language: the opening stands in for the thread's language, so it opens
// no English resend to a customer the book says is written to in English,
// and a Latin greeting in another language than the resend's ("Hallo
// Hans") is left out rather than kept over it.
func TestTheMailsOwnOpeningKeepsToItsLanguage(t *testing.T) {
	english := func(string) string { return "" }
	withZh := func(lang string) string {
		if lang == "zh" {
			return "zh"
		}
		return ""
	}
	for _, cust := range []string{"en", ""} {
		if v := sequences.VoiceOf("王总：\n请查收附件。", "", "", cust, english); v.Salutation == "王总" || v.Lang != "zh" || !v.Read {
			t.Errorf("customer %q, no Chinese template: %+v", cust, v)
		}
		if v := sequences.VoiceOf("王总：\n请查收附件。\nLily", "", "", cust, withZh); v.Salutation != "王总" || v.Lang != "zh" || !v.Read {
			t.Errorf("customer %q, a Chinese template: %+v", cust, v)
		}
	}
	if v := sequences.VoiceOf("山田様：\nよろしく", "", "", "", withZh); v.Salutation != "" || v.Lang != "ja" || !v.Read {
		t.Errorf("山田様: %+v", v)
	}
	german := func(lang string) string {
		if lang == "de" {
			return "de"
		}
		return ""
	}
	if v := sequences.VoiceOf("Dear Hans,\nPI 4712.", "", "", "de", german); v.Salutation == "Dear Hans" {
		t.Errorf("Dear Hans over a German resend: %+v", v)
	}
	if v := sequences.VoiceOf("Hallo Jan,\nPI 4712.", "", "", "", english); v.Salutation == "Hallo Jan" {
		t.Errorf("Hallo Jan over an English resend: %+v", v)
	}
	// In the resend's language, or telling none, it stays.
	if v := sequences.VoiceOf("Dear Hans,\nPI 4712.", "", "", "it", english); v.Salutation != "Dear Hans" {
		t.Errorf("Dear Hans: %+v", v)
	}
	if v := sequences.VoiceOf("Hans,\nPI 4712.", "", "", "de", german); v.Salutation != "Hans" {
		t.Errorf("Hans: %+v", v)
	}
}

// A short note opening in kanji alone ("田中部長、") is Japanese as well as
// Chinese: to a buyer the book says is written to in Japanese, the
// follow-up goes in Japanese (or, without a Japanese template, not in
// Chinese either), not in Chinese as "王总：" would.
func TestAKanjiOpeningKeepsTheBooksJapanese(t *testing.T) {
	withJa := func(lang string) string {
		if lang == "ja" || lang == "zh" {
			return lang
		}
		return ""
	}
	english := func(string) string { return "" }
	for _, sal := range []string{"田中部長", "山田社長"} {
		own := sal + "、\nPI添付。"
		if v := sequences.VoiceOf(own, "", "ja", "", withJa); v.Lang != "ja" || v.Salutation != sal {
			t.Errorf("%s, a Japanese template: %+v", sal, v)
		}
		if v := sequences.VoiceOf(own, "", "", "ja", english); v.Lang != "ja" || !v.Read {
			t.Errorf("%s, no Japanese template: %+v", sal, v)
		}
	}
	// The book saying Chinese, or a Chinese greeting word, is Chinese.
	if v := sequences.VoiceOf("田中部長、\nPI添付。", "", "zh", "", withJa); v.Lang != "zh" {
		t.Errorf("book zh: %+v", v)
	}
	if v := sequences.VoiceOf("尊敬的王总：\n请查收附件。", "", "ja", "", withJa); v.Lang != "zh" {
		t.Errorf("尊敬的王总 to a Japanese book: %+v", v)
	}
}
