package book

import (
	"strings"
	"testing"
)

// Excel's "Save as CSV" writes a long number in a narrow column as it shows
// it, 8.6138E+12: the digits are gone, and the phone must not be guessed.
func TestParseLeavesOutPhonesInScientificNotation(t *testing.T) {
	s, err := Parse([][]string{
		{"Company", "Email", "Phone", "Country"},
		{"Acme", "a@acme.cn", "8.6138E+12", "China"},
		{"Beta", "b@beta.cn", "8,6138E+12", "China"},
		{"Gamma", "c@gamma.cn", "+86 138 0013 8000; 8.6139e12", "China"},
	}, ParseOptions{})
	if err != nil || len(s.Records) != 3 {
		t.Fatalf("parse: %+v %v", s, err)
	}
	for _, r := range s.Records[:2] {
		if w := strings.Join(r.Warnings, ";"); len(r.Phones) != 0 || !strings.Contains(w, "scientific notation") || !strings.Contains(w, "column C (Phone)") {
			t.Errorf("row %d: phones %v, warnings %q", r.Row, r.Phones, w)
		}
	}
	if r := s.Records[2]; len(r.Phones) != 1 || r.Phones[0] != "+8613800138000" || !strings.Contains(strings.Join(r.Warnings, ";"), `"8.6139e12"`) {
		t.Errorf("row 4: phones %v, warnings %q", r.Phones, r.Warnings)
	}
}
