package worldcal

import (
	"strings"
	"testing"
)

// A [[calendar.override]] row written with a country alias keepwarm
// accepts elsewhere ("UK" for GB, in any case) is a row of that country:
// check accepted it, and it used to be stored under "UK" while every
// look-up read "GB", so the announced day off was silently ignored and
// follow-ups went out on it.
func TestOverrideUnderCountryAliasApplies(t *testing.T) {
	day := date(2027, 9, 20) // a Monday, no British holiday
	for _, written := range []string{"UK", " uk "} {
		if Builtin().IsDayOff("GB", day) {
			t.Fatalf("2027-09-20 is already a GB day off: pick another day")
		}
		s, err := New([]Override{{Country: written, Date: day, Name: "Extra bank holiday"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []string{"GB", "UK"} {
			if !s.IsDayOff(c, day) {
				t.Errorf("row for %q: %s 2027-09-20 is not a day off", written, c)
			}
			keys := s.OverrideKeys(c)
			if len(keys) != 1 || !strings.Contains(keys[0], "Extra bank holiday") {
				t.Errorf("row for %q: OverrideKeys(%q) = %q, want the row", written, c, keys)
			}
		}
		var found bool
		for _, h := range s.Holidays("GB", 2027) {
			found = found || (h.Date.Equal(day) && h.Name == "Extra bank holiday")
		}
		if !found {
			t.Errorf("row for %q: not among GB's 2027 holidays", written)
		}
	}
}
