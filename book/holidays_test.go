package book

import (
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm/worldcal"
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

// The names people write for a festival or a faith read as its key
// ("Hari Raya", "Chinese New Year", "圣诞节", "Deepavali", "Islam"); one
// keepwarm does not know is kept and the row says so, since it would
// greet nobody.
func TestHolidaysColumnReadsCommonNamesAndWarnsOfUnknownOnes(t *testing.T) {
	sheet, err := Parse([][]string{
		{"Company", "Email", "Holidays"},
		{"Penang Light", "siti@penang-light.my", "Hari Raya; Chinese New Year"},
		{"Shenzhen Bright", "lin@bright.cn", "圣诞节，Deepavali, Islam"},
		{"Kano Imports", "musa@kano-imports.ng", "Eid, Feast of Something"},
	}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range [][]string{{"eid-al-fitr", "spring-festival"}, {"christmas", "diwali", "muslim"}, {"eid-al-fitr", "feast-of-something"}} {
		if got := sheet.Records[i].Holidays; !slices.Equal(got, want) {
			t.Errorf("row %d: holidays %q, want %q", i+2, got, want)
		}
	}
	if w := sheet.Records[2].Warnings; len(w) != 1 || !strings.Contains(w[0], `holiday "Feast of Something" not recognised`) {
		t.Errorf("row 4 warnings: %q", w)
	}
	for i := range 2 {
		if w := sheet.Records[i].Warnings; len(w) != 0 {
			t.Errorf("row %d warnings: %q", i+2, w)
		}
	}
}

// The holidays the import knows are those of the calendars around the
// import's own day (its clock), not of the year the program started in: a
// holiday Japan keeps in 2032 (and 2026), but not in the years between, is
// known to an import in 2032 and not to one in 2029.
func TestHolidaysColumnKnowsTheImportsYear(t *testing.T) {
	const bridge = "National holiday between Respect for the Aged Day and Autumnal Equinox Day"
	rows := [][]string{{"Company", "Email", "Holidays"}, {"Osaka Light", "kenji@osaka-light.jp", bridge}}
	for _, tc := range []struct {
		now   time.Time
		known bool
	}{
		{time.Date(2032, 6, 1, 0, 0, 0, 0, time.UTC), true},
		{time.Date(2029, 6, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		sheet, err := Parse(rows, ParseOptions{Now: tc.now})
		if err != nil {
			t.Fatal(err)
		}
		r := sheet.Records[0]
		if !slices.Equal(r.Holidays, []string{worldcal.Slug(bridge)}) {
			t.Errorf("%d: holidays %q", tc.now.Year(), r.Holidays)
		}
		if warned := len(r.Warnings) > 0; warned == tc.known {
			t.Errorf("%d: warnings %q, want known=%v", tc.now.Year(), r.Warnings, tc.known)
		}
	}
}
