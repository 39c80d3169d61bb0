package sequences

import (
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
