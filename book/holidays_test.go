package book

import (
	"slices"
	"testing"
)

// The holidays column (holidays, 节日) becomes occasion keys or faiths,
// lower case with dashes, whatever the separators.
func TestHolidaysColumn(t *testing.T) {
	sheet, err := Parse([][]string{
		{"Company", "Email", "节日"},
		{"Lagos Lamps", "grace@lagos-lamps.ng", "Christmas; Easter Sunday"},
		{"Kano Imports", "musa@kano-imports.ng", "Eid al-Fitr、eid-al-adha, Muslim"},
		{"Acme", "bob@acme-us.com", ""},
	}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]string{{"christmas", "easter-sunday"}, {"eid-al-fitr", "eid-al-adha", "muslim"}, nil} {
		if got := sheet.Records[i].Holidays; !slices.Equal(got, want) {
			t.Errorf("row %d: holidays %q, want %q", i+2, got, want)
		}
	}
}
