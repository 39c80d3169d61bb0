package worldcal

import (
	"slices"
	"testing"
)

// 1 January 2041 falls at the end of Dhu al-Hijjah 1462: the Gregorian year
// holds Islamic New Year 1463 (early January) and 1464 (late December),
// and 2073 that of 1500 on its last day. Both are days off in the UAE.
func TestIslamicNewYearTwiceInAGregorianYear(t *testing.T) {
	for _, c := range []struct {
		year int
		n    int
	}{{2041, 2}, {2073, 2}} {
		var mains []string
		for _, h := range Builtin().Holidays("AE", c.year) {
			if h.Key == "islamic-new-year" && h.Main {
				mains = append(mains, h.Date.Format("2006-01-02"))
			}
		}
		if len(mains) != c.n {
			t.Errorf("AE %d: Islamic New Year on %v, want %d days", c.year, mains, c.n)
		}
		if c.year == 2041 && !slices.ContainsFunc(mains, func(s string) bool { return s >= "2041-12-22" && s <= "2041-12-26" }) {
			t.Errorf("AE 2041: no Islamic New Year 1464 in late December: %v", mains)
		}
	}
}
