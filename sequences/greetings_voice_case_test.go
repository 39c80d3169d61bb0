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
		// A weight after a price or a number is no "ton" (your).
		{"fr", "Bonjour M. Dupont,\nnotre prix : 350 USD/ton FOB Shanghai, 2 ton par palette, USD ton.\nCordialement", "Je vous remercie.", false},
		{"fr", "Bonjour M. Dupont,\nnotre prix : 350 €/ton, 20 ta.\nCordialement", "Je vous remercie.", false},
		{"fr", "Bonjour Pierre,\nvoici ton offre : 350 USD/ton.\nCordialement", "Je vous remercie.", true},
		// Only a French weight is a unit: "dein" after a year is "your".
		{"de", "Hallo Jan,\nab 2027 dein Ansprechpartner ist Tom.", "Wir danken Ihnen.", true},
		{"fr", "Bonjour Pierre,\nen 2027 tes commandes partent de Ningbo.", "Je vous remercie.", true},
	} {
		if own, text, _ := registerClashEither(c.lang, c.own, c.text); (own != "") != c.clash {
			t.Errorf("%q: clash %q/%q, want %v", c.text, own, text, c.clash)
		}
	}
}
