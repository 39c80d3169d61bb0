package worldcal

import "testing"

// A Saudi Ramadan that starts by sighting a day after Umm al-Qura's and
// lasts 29 days (1447: Thursday 19 February to Thursday 19 March 2026, Eid
// Friday 20 March): the team's Ramadan row fixes 29 Ramadan, so the four
// days off are 20 to 23 March (1 to 4 Shawwal) and 19 March is worked. The
// UAE's break starts on that 29 Ramadan.
func TestRamadanRowFixesRamadan29(t *testing.T) {
	s, err := New([]Override{
		{Country: "SA", Date: d("2026-02-19"), Name: "Ramadan"}, {Country: "SA", Date: d("2026-03-20"), Name: "Eid al-Fitr"},
		{Country: "AE", Date: d("2026-02-19"), Name: "Ramadan"}, {Country: "AE", Date: d("2026-03-20"), Name: "Eid al-Fitr"},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		country    string
		off, works []string
	}{
		{"SA", []string{"2026-03-20", "2026-03-21", "2026-03-22", "2026-03-23"}, []string{"2026-03-19", "2026-03-24"}},
		{"AE", []string{"2026-03-19", "2026-03-20", "2026-03-22"}, []string{"2026-03-18", "2026-03-23"}},
	} {
		for _, day := range c.off {
			if s.IsWorkday(c.country, d(day)) {
				t.Errorf("%s %s is a working day: %v", c.country, day, s.On(c.country, d(day)))
			}
		}
		for _, day := range c.works {
			if !s.IsWorkday(c.country, d(day)) {
				t.Errorf("%s %s is not a working day: %v", c.country, day, s.On(c.country, d(day)))
			}
		}
	}
}
