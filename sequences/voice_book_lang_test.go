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
