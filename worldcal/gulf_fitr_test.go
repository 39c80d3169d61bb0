package worldcal

import (
	"slices"
	"testing"
)

// Saudi Arabia's Eid al-Fitr days off are four from the day after 29
// Ramadan, the UAE's 29 Ramadan to 3 Shawwal: Ramadan 1447 had 30 days
// (Umm al-Qura), so Thursday 19 March 2026 was the first Saudi day off;
// Ramadan 1448 has 29, so Monday 8 March 2027 is a UAE day off. 1 Shawwal
// stays the day greeted.
func TestGulfEidAlFitrFromRamadan29(t *testing.T) {
	s := Builtin()
	for _, c := range []struct {
		country    string
		off, works []string
	}{
		{"SA", []string{"2026-03-19", "2026-03-20", "2026-03-21", "2026-03-22"}, []string{"2026-03-18", "2026-03-23"}},
		{"SA", []string{"2027-03-09", "2027-03-10", "2027-03-11", "2027-03-12"}, []string{"2027-03-08", "2027-03-14"}},
		{"AE", []string{"2026-03-18", "2026-03-19", "2026-03-20", "2026-03-21", "2026-03-22"}, []string{"2026-03-17", "2026-03-23"}},
		{"AE", []string{"2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11"}, []string{"2027-03-05", "2027-03-12"}},
	} {
		for _, day := range c.off {
			if !s.IsDayOff(c.country, d(day)) {
				t.Errorf("%s %s is not an Eid al-Fitr day off: %v", c.country, day, s.On(c.country, d(day)))
			}
		}
		for _, day := range c.works {
			if !s.IsWorkday(c.country, d(day)) {
				t.Errorf("%s %s is not a working day: %v", c.country, day, s.On(c.country, d(day)))
			}
		}
	}
	for _, c := range []struct{ country, main, greet string }{
		{"SA", "2026-03-20", "2026-03-18"}, {"AE", "2026-03-20", "2026-03-17"}, {"AE", "2027-03-09", "2027-03-05"},
	} {
		var mains []string
		for _, h := range s.Holidays(c.country, d(c.main).Year()) {
			if h.Key == "eid-al-fitr" && h.Main {
				mains = append(mains, h.Date.Format("2006-01-02"))
			}
		}
		if !slices.Equal(mains, []string{c.main}) {
			t.Errorf("%s Eid al-Fitr's own day: %v, want [%s]", c.country, mains, c.main)
		}
		if got := s.LastWorkdayBefore(c.country, d(c.main)).Format("2006-01-02"); got != c.greet {
			t.Errorf("%s last working day before Eid al-Fitr %s = %s, want %s", c.country, c.main, got, c.greet)
		}
	}
}

// The README's override: Eid al-Fitr 1448 sighted on Wednesday 10 March
// 2027, a day after Umm al-Qura's, after a Ramadan of 30 days. The Saudi
// days off stay 9-12 March (30 Ramadan to 3 Shawwal), the UAE's run 8-12
// March (29 Ramadan to 3 Shawwal); Eid's own day and the end of Ramadan
// move. Sighted a day early in 2026 (19 March, a Ramadan of 29 days), the
// Saudi days off stay 19-22 March (1-4 Shawwal).
func TestGulfEidOverrideMovesTheDayNotTheLawsStart(t *testing.T) {
	s, err := New([]Override{{Country: "SA", Date: d("2027-03-10"), Name: "Eid al-Fitr"},
		{Country: "AE", Date: d("2027-03-10"), Name: "Eid al-Fitr"},
		{Country: "SA", Date: d("2026-03-19"), Name: "Eid al-Fitr"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		country    string
		off, works []string
		main       string
	}{
		{"SA", []string{"2027-03-09", "2027-03-10", "2027-03-11", "2027-03-12"}, []string{"2027-03-08", "2027-03-14"}, "2027-03-10"},
		{"AE", []string{"2027-03-08", "2027-03-09", "2027-03-10", "2027-03-11", "2027-03-12"}, []string{"2027-03-05", "2027-03-15"}, "2027-03-10"},
		{"SA", []string{"2026-03-19", "2026-03-20", "2026-03-21", "2026-03-22"}, []string{"2026-03-18", "2026-03-23"}, "2026-03-19"},
	} {
		for _, day := range c.off {
			if !s.IsDayOff(c.country, d(day)) {
				t.Errorf("%s Eid row %s: %s is not a day off: %v", c.country, c.main, day, s.On(c.country, d(day)))
			}
		}
		for _, day := range c.works {
			if !s.IsWorkday(c.country, d(day)) {
				t.Errorf("%s Eid row %s: %s is not a working day: %v", c.country, c.main, day, s.On(c.country, d(day)))
			}
		}
		var mains []string
		for _, h := range s.Holidays(c.country, d(c.main).Year()) {
			if h.Key == "eid-al-fitr" && h.Main {
				mains = append(mains, h.Date.Format("2006-01-02"))
			}
		}
		if !slices.Equal(mains, []string{c.main}) {
			t.Errorf("%s Eid row %s: own days %v", c.country, c.main, mains)
		}
	}
	for c, want := range map[string]string{"SA": "2027-03-08", "AE": "2027-03-05"} {
		if got := s.LastWorkdayBefore(c, d("2027-03-10")).Format("2006-01-02"); got != want {
			t.Errorf("%s Eid row 10 March 2027: last working day before it %s, want %s", c, got, want)
		}
	}
	if h, ok := s.IsQuiet("SA", d("2026-03-18")); !ok || !h.Until.Equal(d("2026-03-18")) {
		t.Errorf("SA Eid row 19 March 2026: Ramadan %+v %v, want it to end on 18 March", h, ok)
	}
}
