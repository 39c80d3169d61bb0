package parse

import (
	"strings"
	"testing"
)

// Every alternative of leftCompany holds one of leftCompanyKeys, so the
// key-word check in saysLeftCompany never hides a match.
func TestLeftCompanyKeys(t *testing.T) {
	depth, start := 0, 0
	var alts []string
	for i, c := range leftCompanyWords {
		switch c {
		case '(':
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				alts = append(alts, leftCompanyWords[start:i])
				start = i + 1
			}
		}
	}
	alts = append(alts, leftCompanyWords[start:])
	if len(alts) < 30 {
		t.Fatalf("split into %d alternatives only", len(alts))
	}
	for _, a := range alts {
		lower := strings.ToLower(a)
		found := false
		for _, k := range leftCompanyKeys {
			if strings.Contains(lower, k) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("alternative %q holds none of leftCompanyKeys", a)
		}
	}
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"I am out of the office until Monday.", false},
		{"Anna Schmidt is NO LONGER WITH the company; please write to b@x.de", true},
		{"Hans hat das Unternehmen verlassen.", true},
		{"王先生已离职，请联系李小姐。", true},
		{"I left the office early and will be back tomorrow.", false},
		// Working days, or another team: the person is still there.
		{"Bonjour, je travaille à temps partiel et ne travaille plus le mercredi ; je vous répondrai jeudi.", false},
		{"I am no longer part of the export team, please write to li@acme.example.", false},
		{"Juan ya no trabaja los viernes; le responderá el lunes.", false},
		{"Sono in part-time e non lavora più il venerdì.", false},
		{"Il ne travaille plus chez nous depuis le 1er décembre.", true},
		{"Juan ya no trabaja en la empresa; escriba a compras@acme.example.", true},
		{"Maria is no longer part of the company.", true},
	} {
		if got, re := saysLeftCompany(tc.text), leftCompany.MatchString(tc.text); got != tc.want || got != re {
			t.Errorf("saysLeftCompany(%q) = %v, regexp %v, want %v", tc.text, got, re, tc.want)
		}
	}
}

// The short forms that name no company word, or name the company itself,
// still say the person left; a weekday or a team after them does not.
func TestLeftCompanyShortForms(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Maria ya no trabaja aquí, por favor escriba a juan@buyer.es", true},
		{"Claire ne travaille plus ici, merci d'écrire à paul@acme.fr.", true},
		{"Claire ne fait plus partie de ACME SAS.", true},
		{"Marco non lavora più qui.", true},
		{"Marco non fa più parte di ACME.", true},
		{"Ana não trabalha mais aqui.", true},
		{"Ana não faz mais parte da ACME.", true},
		{"Maria ya no forma parte de ACME.", true},
		{"Anna is no longer part of ACME Trading.", true},
		{"Иван больше не работает здесь.", true},
		{"John no longer works here; please contact mary@acme.example.", true},
		// A weekday or a team after them: still there.
		{"Claire ne travaille plus ici le mercredi.", false},
		{"Ana não trabalha mais aqui às sextas.", false},
		{"Anna is no longer part of Export Team, please write to li@acme.example.", false},
		{"Je ne fait plus partie de l'équipe export.", false},
		{"Bonjour, je travaille à temps partiel et ne travaille plus le mercredi ; je vous répondrai jeudi.", false},
		{"I am no longer part of the export team, please write to li@acme.example.", false},
		{"Juan ya no trabaja los viernes; le responderá el lunes.", false},
		{"I am out of the office until Monday.", false},
	} {
		if got := saysLeftCompany(tc.text); got != tc.want {
			t.Errorf("saysLeftCompany(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
