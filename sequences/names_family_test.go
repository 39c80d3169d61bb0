package sequences

import (
	"strings"
	"testing"

	"keepwarm/templates"
)

// A follow-up's contact is built from the display name cleaned: a family
// name marked by capitals stays marked, so the opening greets the given
// name and a Chinese one writes the family name first.
func TestCleanNameKeepsAFamilyNameInCapitals(t *testing.T) {
	for _, c := range []struct{ name, lang, want string }{
		{"WANG Wei", "", "Dear Wei"},
		{"WANG Wei", "zh", "尊敬的Wang Wei"},
		{"MEIER Hans", "de", "Guten Tag Hans Meier"},
		{"Herr Meier", "de", "Guten Tag Herr Meier"},
	} {
		if got := templates.Salutation(templates.NewContact(cleanName(c.name), "x@buyer.example"), c.lang); got != c.want {
			t.Errorf("%q (%s): %q, want %q", c.name, c.lang, got, c.want)
		}
	}
}

// A follow-up of a reply Giulia wrote in English from an Italian Outlook,
// over Hans's German mail, is English and keeps her "Dear Hans": the
// quoted German is not hers.
func TestVoiceOfLeavesOutAnItalianOutlookQuote(t *testing.T) {
	text := "Dear Hans,\r\nplease see our best price below: USD 18.40/pc CIF Hamburg.\r\nBest regards\r\nGiulia\r\n" +
		"Da: Hans Meier <hans@globex.de>\r\nInviato: lunedì 2 novembre 2026 10:12\r\nA: Giulia Rossi\r\nOggetto: Anfrage LED-Panels\r\n\r\n" +
		strings.Repeat("Sehr geehrte Frau Rossi, wir benötigen für unser Projekt in Hamburg noch ein Angebot über die Panels, bitte mit Lieferzeit.\r\n", 20)
	tmplLang := func(lang string) string { return lang }
	if v := VoiceOf(text, "", "de", "de", tmplLang); v.Lang != "en" || v.Salutation != "Dear Hans" {
		t.Errorf("VoiceOf: %+v, want English with her Dear Hans", v)
	}
}

// A letter's month is written in its language, never an English month
// name inside Russian, Arabic, Dutch or Turkish text; a language without
// month names here gets the month as a number.
func TestMonthNameInTheLettersLanguage(t *testing.T) {
	for lang, want := range map[string]string{
		"": "December 2026", "en-GB": "December 2026", "de": "Dezember 2026", "ru": "декабрь 2026", "ar": "ديسمبر 2026",
		"nl": "december 2026", "tr": "Aralık 2026", "pl": "grudzień 2026", "ko": "2026년 12월", "vi": "tháng 12 năm 2026",
		"id": "Desember 2026", "cs": "12/2026",
	} {
		if got := monthName("2026-12", lang); got != want {
			t.Errorf("monthName(%q) = %q, want %q", lang, got, want)
		}
	}
}
