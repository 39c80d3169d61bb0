package worldcal

import (
	"strings"
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

// The law of 2023 moved Ukraine's Victory Day from 9 May to 8 May (the Day
// of Remembrance and Victory over Nazism): the calendar lists it on 8 May
// from 2023, under the key it had, and on 9 May before.
func TestUkrainesVictoryDayIsOnThe8thOfMayFrom2023(t *testing.T) {
	s := Builtin()
	victory := func(y int) []Holiday {
		var out []Holiday
		for _, h := range s.Holidays("UA", y) {
			if h.Date.Month() == time.May && (h.Date.Day() == 8 || h.Date.Day() == 9) && !h.Observed {
				out = append(out, h)
			}
		}
		return out
	}
	for _, y := range []int{2023, 2026, 2030} {
		got := victory(y)
		if len(got) != 1 || got[0].Date.Day() != 8 || !strings.HasPrefix(got[0].Key, "день-") {
			t.Errorf("UA %d: %+v; want Victory Day on 8 May alone", y, got)
		}
	}
	got := victory(2022)
	if len(got) != 1 || got[0].Date.Day() != 9 {
		t.Errorf("UA 2022: %+v; want Victory Day on 9 May", got)
	}
	if a, b := victory(2022), victory(2026); len(a) == 1 && len(b) == 1 && a[0].Key != b[0].Key {
		t.Errorf("the key changed: %q before the law, %q after", a[0].Key, b[0].Key)
	}
}
