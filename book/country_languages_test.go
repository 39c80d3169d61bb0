package book

import (
	"strings"
	"testing"
)

// A country of several languages gives the language its own spelling
// writes (Belgique: French, België: Dutch, Schweiz: German), and none
// where the name does not tell (Belgium, 瑞士, Canada): the row then says
// so, rather than a Walloon buyer being written to in Dutch.
func TestParseTakesTheLanguageOfACountrysOwnSpelling(t *testing.T) {
	s, err := Parse([][]string{
		{"Company", "Email", "Country"},
		{"Dupont SA", "j@dupont.be", "Belgique"},
		{"Peeters NV", "p@peeters.be", "België"},
		{"Genève Lumière", "a@geneve-lumiere.ch", "Suisse"},
		{"Zürich AG", "b@zuerich-ag.ch", "Schweiz"},
		{"Lugano SA", "c@lugano-sa.ch", "Svizzera"},
		{"Brussels Lights", "d@brussels-lights.be", "Belgium"},
		{"Bern Licht", "e@bern-licht.ch", "瑞士"},
		{"Maple Ltd", "f@maple.ca", "Canada"},
		{"Berlin GmbH", "g@berlin-gmbh.de", "Germany"},
	}, ParseOptions{})
	if err != nil || len(s.Records) != 9 {
		t.Fatalf("parse: %+v %v", s, err)
	}
	for i, want := range []string{"fr", "nl", "fr", "de", "it", "", "", "", "de"} {
		r := s.Records[i]
		if r.Language != want {
			t.Errorf("row %d (%s): language %q, want %q", r.Row, r.Company, r.Language, want)
		}
		warned := strings.Contains(strings.Join(r.Warnings, "; "), "has several languages: the customer's language is left unknown")
		if warned != (want == "") {
			t.Errorf("row %d (%s): warnings %q", r.Row, r.Company, r.Warnings)
		}
	}
	// A language column says it: no warning.
	s, err = Parse([][]string{{"Company", "Email", "Country", "Language"}, {"Dupont SA", "j@dupont.be", "Belgium", "French"}}, ParseOptions{})
	if err != nil || s.Records[0].Language != "fr" || len(s.Records[0].Warnings) != 0 {
		t.Fatalf("with a language column: %+v %v", s, err)
	}
}
