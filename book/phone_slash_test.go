package book

import (
	"slices"
	"testing"
)

// A phone written with a slash between area code and number, as German and
// Austrian sheets write it, is one number; a slash between two whole
// numbers still parts them.
func TestParseReadsAPhoneWrittenWithASlash(t *testing.T) {
	for cell, want := range map[string][]string{
		"030/1234567":                     {"+49301234567"},
		"0 89 / 123 45 67":                {"+49891234567"},
		"+49 30 1234567 / +49 89 1234567": {"+49301234567", "+49891234567"},
		"030 1234567 / 0171 2345678":      {"+49301234567", "+491712345678"},
		"030/1234567, 089/7654321":        {"+49301234567", "+49897654321"},
	} {
		s, err := Parse([][]string{{"Company", "Email", "Country", "Phone"}, {"Globex", "hans@globex.de", "Germany", cell}}, ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r := s.Records[0]
		if !slices.Equal(r.Phones, want) || len(r.Warnings) != 0 {
			t.Errorf("%q: phones %q warnings %q, want %q", cell, r.Phones, r.Warnings, want)
		}
	}
}
