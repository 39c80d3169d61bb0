package worldcal

import "testing"

// An override written with the country's own name for a holiday ("Hari
// Raya Puasa" in Singapore, "Idul Fitri" in Indonesia, DoPT's "Id-ul-Fitr"
// in India, "Kurban Bayrami" without the dotless ı in Turkey) moves the
// computed holiday instead of adding a second one beside it.
func TestOverrideByTheCountrysOwnName(t *testing.T) {
	for _, tc := range []struct {
		country, date, name, key string
		days                     int // the holiday's days off
	}{
		{"SG", "2027-03-10", "Hari Raya Puasa", "eid-al-fitr", 1},
		{"SG", "2027-05-17", "Hari Raya Haji", "eid-al-adha", 1},
		{"ID", "2027-03-10", "Idul Fitri", "eid-al-fitr", 2},
		{"IN", "2027-03-11", "Id-ul-Fitr", "eid-al-fitr", 1},
		{"TR", "2027-05-17", "Kurban Bayrami", "eid-al-adha", 4},
		{"MY", "2027-03-10", "Hari Raya Aidilfitri", "eid-al-fitr", 2},
	} {
		s, err := New([]Override{{Country: tc.country, Date: d(tc.date), Name: tc.name}})
		if err != nil {
			t.Fatal(err)
		}
		var mains, days int
		for _, h := range s.Holidays(tc.country, d(tc.date).Year()) {
			if h.Key == Slug(tc.name) {
				t.Errorf("%s %q: added as a holiday of its own on %s", tc.country, tc.name, h.Date.Format("2006-01-02"))
			}
			if h.Key != tc.key || h.Observed {
				continue
			}
			days++
			if h.Main {
				mains++
				if !h.Date.Equal(d(tc.date)) {
					t.Errorf("%s %q: %s on %s, want %s", tc.country, tc.name, tc.key, h.Date.Format("2006-01-02"), tc.date)
				}
			}
		}
		if mains != 1 || days != tc.days {
			t.Errorf("%s %q: %d own days and %d days of %s, want 1 and %d", tc.country, tc.name, mains, days, tc.key, tc.days)
		}
		if tc.key == "eid-al-fitr" {
			if r, ok := s.IsQuiet(tc.country, d(tc.date).AddDate(0, 0, -1)); ok && !r.Until.Equal(d(tc.date).AddDate(0, 0, -1)) {
				t.Errorf("%s %q: Ramadan ends %s, want the day before", tc.country, tc.name, r.Until.Format("2006-01-02"))
			}
		}
	}
	// Indonesia's collective leave moves with Lebaran named its own way.
	s, err := New([]Override{{Country: "ID", Date: d("2027-03-10"), Name: "Idul Fitri"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []string{"2027-03-08", "2027-03-09", "2027-03-12", "2027-03-13"} {
		if !s.IsDayOff("ID", d(day)) {
			t.Errorf("ID Idul Fitri on 10 March 2027: %s is not a day off (%v)", day, s.On("ID", d(day)))
		}
	}
}
