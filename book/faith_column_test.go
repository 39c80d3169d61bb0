package book

import (
	"slices"
	"strings"
	"testing"
)

// A faith column (Religion, Faith, 宗教, 信仰) is read as the holidays
// column is: a Muslim buyer in Germany is marked so, and not greeted for
// Christmas as the country's majority would be.
func TestParseReadsAFaithColumn(t *testing.T) {
	for _, head := range []string{"Religion", "Faith", "宗教", "信仰", "宗教信仰"} {
		s, err := Parse([][]string{
			{"Company", "Email", "Country", head},
			{"Müller", "ahmed@mueller.de", "Germany", "Muslim"},
			{"Shenzhen Bright", "lin@bright.cn", "China", "伊斯兰教"},
		}, ParseOptions{})
		if err != nil {
			t.Fatalf("%s: %v", head, err)
		}
		if len(s.Ignored) != 0 || len(s.Records) != 2 {
			t.Fatalf("%s: ignored %q records %+v", head, s.Ignored, s.Records)
		}
		for _, r := range s.Records {
			if !slices.Equal(r.Holidays, []string{"muslim"}) {
				t.Errorf("%s: row %d holidays %q, want muslim", head, r.Row, r.Holidays)
			}
		}
	}
}

// "Orthodox" alone does not say which faith: an Orthodox Jew in Israel is
// no Christian, whose Passover greeting would then be skipped. It is left
// unknown with a note; the faith written out is read.
func TestOrthodoxAloneIsNoFaith(t *testing.T) {
	if got := SplitHolidays("Orthodox"); slices.Contains(got, "christian") {
		t.Fatalf("Orthodox read as %q", got)
	}
	for cell, want := range map[string]string{"Orthodox Christian": "christian", "Eastern Orthodox": "christian", "东正教": "christian", "Orthodox Jewish": "jewish"} {
		if got := SplitHolidays(cell); !slices.Equal(got, []string{want}) {
			t.Errorf("%s read as %q, want %s", cell, got, want)
		}
	}
	s, err := Parse([][]string{
		{"Company", "Email", "Country", "Holidays"},
		{"Haifa Lights", "david@haifa-lights.co.il", "Israel", "Orthodox"},
	}, ParseOptions{})
	if err != nil || len(s.Records) != 1 {
		t.Fatalf("parse: %+v %v", s, err)
	}
	r := s.Records[0]
	if slices.Contains(r.Holidays, "christian") || !strings.Contains(strings.Join(r.Warnings, "; "), `holiday "Orthodox" does not say which faith`) {
		t.Fatalf("record: %+v", r)
	}
}
