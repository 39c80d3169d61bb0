package templates

import (
	"strings"
	"testing"
)

// "Frau Dr. Schmidt" is a woman's doctorate in Italian, Spanish and
// Portuguese, not the man's.
func TestFemaleDoctorate(t *testing.T) {
	for lang, want := range map[string]string{
		"it": "Buongiorno Dott.ssa Schmidt",
		"de": "Guten Tag Frau Dr. Schmidt",
		"":   "Dear Dr. Schmidt",
	} {
		if got := Salutation(NewContact("Frau Dr. Schmidt", "s@x.de"), lang); got != want {
			t.Errorf("%q: %q, want %q", lang, got, want)
		}
	}
	for _, lang := range []string{"es", "pt"} {
		got := Salutation(NewContact("Frau Dr. Schmidt", "s@x.de"), lang)
		if !strings.Contains(got, "Dra. Schmidt") {
			t.Errorf("%s: %q", lang, got)
		}
	}
	if got := Salutation(NewContact("Herr Dr. Schmidt", "s@x.de"), "it"); got != "Buongiorno Dott. Schmidt" {
		t.Errorf("Herr Dr. in Italian: %q", got)
	}
}
