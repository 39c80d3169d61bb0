package worldcal

import (
	"slices"
	"testing"
)

// Nigeria has no majority faith: its Ramadan and Eids are kept by those
// writing Hausa or Arabic (as Malaysia's by those writing Malay), so
// skip_quiet does not hold every Nigerian buyer for a month and a Hausa
// writer is greeted for Eid. The days off stay everyone's.
func TestNigeriasIslamicHolidaysKeptByTheirCommunity(t *testing.T) {
	seen := map[string]bool{}
	for _, h := range Builtin().Holidays("NG", 2027) {
		switch h.Key {
		case "ramadan", "eid-al-fitr", "eid-al-adha":
			seen[h.Key] = true
			if !slices.Equal(h.Audience, []string{"ha", "ar"}) {
				t.Errorf("NG %s %s: audience %v, want [ha ar]", h.Key, h.Date.Format("2006-01-02"), h.Audience)
			}
			if h.Key != "ramadan" && h.Main && !h.Community {
				t.Errorf("NG %s: writing Hausa does not mark the customer as keeping it", h.Key)
			}
		}
	}
	if len(seen) != 3 {
		t.Fatalf("NG 2027: found %v, want ramadan and both Eids", seen)
	}
	if !Builtin().IsDayOff("NG", d("2027-03-09")) {
		t.Error("NG: Eid al-Fitr 2027 is no longer a day off")
	}
}
