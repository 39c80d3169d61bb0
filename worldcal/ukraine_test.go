package worldcal

import (
	"testing"
	"time"
)

// Ukraine's law of July 2023 made 25 December its one Christmas and moved
// Defenders Day to 1 October: from 2024 no Orthodox Christmas on 7
// January (no greeting, no day off), from 2023 Defenders Day on 1
// October, not 14 October. The years before keep the old dates.
func TestUkrainesChristmasAndDefendersDayAfterTheLawOf2023(t *testing.T) {
	s := Builtin()
	for _, y := range []int{2024, 2026, 2030} {
		keys := map[string]bool{}
		for _, h := range s.Holidays("UA", y) {
			keys[h.Key] = true
			if h.Date.Month() == time.January && h.Date.Day() == 7 {
				t.Errorf("UA %d: %s (%s) on 7 January", y, h.Key, h.Name)
			}
		}
		if keys["orthodox-christmas"] || !keys["christmas"] {
			t.Errorf("UA %d: keys %v; want christmas and no orthodox-christmas", y, keys)
		}
	}
	for day, off := range map[string]bool{
		"2026-01-07": false, // a Wednesday
		"2026-12-25": true,
		"2026-10-01": true,  // Defenders Day, a Thursday
		"2026-10-14": false, // a Wednesday
		"2023-01-09": true,  // 7 January 2023, a Saturday, kept on Monday
		"2022-10-14": true,  // Defenders Day before the law, a Friday
	} {
		if got := s.IsDayOff("UA", d(day)); got != off {
			t.Errorf("UA %s: day off %v, want %v (%v)", day, got, off, s.On("UA", d(day)))
		}
	}
}
