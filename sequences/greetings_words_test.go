package sequences

import (
	"strings"
	"testing"

	"keepwarm/templates"
)

// Every opening the greetings job takes as the salesperson's own ("<a
// greeting word> Anna") is written back in a birthday subject without its
// greeting words: the subject names Anna, or nobody, never "Dearest Anna".
func TestOwnOpeningAddressedWithoutGreetingWords(t *testing.T) {
	words := strings.Fields("dear dearest hi hello hey good morning afternoon evening greetings sehr geehrte geehrter liebe lieber hallo guten tag morgen " +
		"estimado estimada hola buenos días dias querido querida bonjour cher chère prezado olá caro cara gentile egregio egregia buongiorno здравствуйте уважаемая добрый день")
	for _, w := range words {
		for _, opening := range []string{w + " Anna", capital(w) + " Anna", "Good " + w + " Anna"} {
			if !namesOnly(opening, "Anna Berg") {
				continue
			}
			got := templates.Addressed(templates.Contact{Salutation: opening, Name: "Anna Berg", FirstName: "Anna"}, "")
			for _, g := range strings.Fields(strings.ToLower(got)) {
				if templates.IsOpeningWord(g) {
					t.Errorf("Addressed(%q) = %q: %q is a greeting", opening, got, g)
				}
			}
			if got != "Anna" && got != "" {
				t.Errorf("Addressed(%q) = %q, want Anna", opening, got)
			}
		}
	}
}

func capital(w string) string {
	r := []rune(w)
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}
