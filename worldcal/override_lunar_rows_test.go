package worldcal

import "testing"

// A team's list writes the Lunar New Year's days under the country's own
// name and the main day under the shared one ("Seollal Holiday",
// "Lunar New Year", "Seollal Holiday"). All three rows fix the one
// holiday: each is a day off, the main day among them, and it is greeted
// once.
func TestLunarNewYearRowBesideSeollalAndTetRows(t *testing.T) {
	for _, tc := range []struct {
		country, key string
		rows         [3]string
		names        [3]string
	}{
		{"KR", "seollal", [3]string{"2028-01-26", "2028-01-27", "2028-01-28"}, [3]string{"Seollal Holiday", "Lunar New Year", "Seollal Holiday"}},
		{"VN", "tet", [3]string{"2030-02-02", "2030-02-03", "2030-02-04"}, [3]string{"Tết Holiday", "Lunar New Year", "Tết Holiday"}},
	} {
		var ovs []Override
		for i := range tc.rows {
			ovs = append(ovs, Override{Country: tc.country, Date: d(tc.rows[i]), Name: tc.names[i]})
		}
		s, err := New(ovs)
		if err != nil {
			t.Fatal(err)
		}
		for _, day := range tc.rows {
			if !s.IsDayOff(tc.country, d(day)) {
				t.Errorf("%s: %s is no day off; the team's list makes it one", tc.country, day)
			}
		}
		mains := 0
		for _, h := range s.Holidays(tc.country, d(tc.rows[0]).Year()) {
			if h.Key == tc.key && h.Main {
				mains++
			}
			if h.Key == "spring-festival" {
				t.Errorf("%s: a spring-festival on %s beside %s", tc.country, h.Date.Format("2006-01-02"), tc.key)
			}
		}
		if mains != 1 {
			t.Errorf("%s: %d main days of %s, want 1", tc.country, mains, tc.key)
		}
	}
}

// Two names of Seollal on its one day move the whole holiday, as one row
// does: they are not a list of its days off that makes it one day.
func TestTwoNamesOfSeollalOnOneDayMoveIt(t *testing.T) {
	s, err := New([]Override{{Country: "KR", Date: d("2028-01-26"), Name: "Seollal"}, {Country: "KR", Date: d("2028-01-26"), Name: "Lunar New Year"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []string{"2028-01-25", "2028-01-26", "2028-01-27"} {
		if !s.IsDayOff("KR", d(day)) {
			t.Errorf("%s is no day off; Seollal's three days are", day)
		}
	}
}
