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
