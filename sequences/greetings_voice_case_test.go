package sequences

import "testing"

// A familiar word counts in lower case, or capitalised where a sentence
// starts (anywhere in German letters); in capitals it is a name or a code.
func TestRegisterClashReadsFamiliarWordsByCase(t *testing.T) {
	for _, c := range []struct {
		lang, own, text string
		clash           bool
	}{
		{"fr", "Bonjour Pierre,\nJe vous remercie.", "Notre gamme TA et les palans TES sont arrivés.", false},
		{"fr", "Bonjour Pierre,\nJe vous remercie.", "Bonne année. Tu nous manques.", true},
		{"fr", "Bonjour Pierre,\nJe vous remercie.", "Bonne année à ta famille.", true},
		{"de", "Sehr geehrter Herr Meier,\nich danke Ihnen.", "Unser Modell DU 300 ist da.", false},
		{"de", "Sehr geehrter Herr Meier,\nich danke Ihnen.", "Wir wünschen Dir frohe Weihnachten.", true},
	} {
		if own, text, _ := registerClashEither(c.lang, c.own, c.text); (own != "") != c.clash {
			t.Errorf("%q: clash %q/%q, want %v", c.text, own, text, c.clash)
		}
	}
}
