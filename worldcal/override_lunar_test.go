package worldcal

import "testing"

// An override naming the Lunar New Year as people write it ("Lunar New
// Year", Korea's official "Seollal (Lunar New Year's Day)", "Tet Holiday")
// moves Korea's Seollal or Vietnam's Tết, all its days, instead of adding
// a Spring Festival beside it that the team would greet Korean buyers for.
func TestOverrideOfTheLunarNewYearMovesSeollalAndTet(t *testing.T) {
	for _, tc := range []struct {
		country, date, name, key, notOff string
	}{
		{"KR", "2028-01-26", "Lunar New Year", "seollal", "2028-01-28"},
		{"KR", "2028-01-26", "Seollal (Lunar New Year's Day)", "seollal", "2028-01-28"},
		{"KR", "2028-01-26", "설날", "seollal", "2028-01-28"},
		{"VN", "2030-02-03", "Lunar New Year", "tet", "2030-02-01"},
		{"VN", "2030-02-03", "Tet Holiday", "tet", "2030-02-01"},
	} {
		s, err := New([]Override{{Country: tc.country, Date: d(tc.date), Name: tc.name}})
		if err != nil {
			t.Fatal(err)
		}
		mains := 0
		for _, h := range s.Holidays(tc.country, d(tc.date).Year()) {
			if h.Key != tc.key && !h.Observed && (h.Key == "spring-festival" || h.Key == Slug(tc.name)) {
				t.Errorf("%s %q: added as %s on %s", tc.country, tc.name, h.Key, h.Date.Format("2006-01-02"))
			}
			if h.Key == tc.key && h.Main {
				mains++
				if !h.Date.Equal(d(tc.date)) {
					t.Errorf("%s %q: %s on %s, want %s", tc.country, tc.name, tc.key, h.Date.Format("2006-01-02"), tc.date)
				}
			}
		}
		if mains != 1 {
			t.Errorf("%s %q: %d own days of %s, want 1", tc.country, tc.name, mains, tc.key)
		}
		if s.IsDayOff(tc.country, d(tc.notOff)) {
			t.Errorf("%s %q: %s is still a day off (%v)", tc.country, tc.name, tc.notOff, s.On(tc.country, d(tc.notOff)))
		}
	}
}
