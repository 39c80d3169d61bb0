package worldcal

import (
	"fmt"
	"testing"
)

// Eid rows written one a day, as the UAE Cabinet announces the break (29
// Ramadan to 3 Shawwal): the row nearest the computed Eid is Eid's own
// day, greeted, with Ramadan ending the day before; the first row, 29
// Ramadan, is a day off of Ramadan's last week. Korea's three Seollal rows
// (eve, day, after): the day.
func TestGroupRowsOwnDayIsTheNearestRow(t *testing.T) {
	var ovs []Override
	for day := 8; day <= 12; day++ {
		ovs = append(ovs, Override{Country: "AE", Date: d(fmt.Sprintf("2027-03-%02d", day)), Name: "Eid al-Fitr"})
	}
	for _, day := range []string{"2028-01-26", "2028-01-27", "2028-01-28"} {
		ovs = append(ovs, Override{Country: "KR", Date: d(day), Name: "Seollal"})
	}
	s, err := New(ovs)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ country, key, want string }{
		{"AE", "eid-al-fitr", "2027-03-09"}, {"KR", "seollal", "2028-01-27"},
	} {
		var mains []string
		for _, h := range s.Holidays(c.country, d(c.want).Year()) {
			if h.Key == c.key && h.Main {
				mains = append(mains, h.Date.Format("2006-01-02"))
			}
		}
		if len(mains) != 1 || mains[0] != c.want {
			t.Errorf("%s %s own day = %v, want [%s]", c.country, c.key, mains, c.want)
		}
	}
	if _, ok := s.IsQuiet("AE", d("2027-03-08")); !ok {
		t.Errorf("AE 2027-03-08 (29 Ramadan) is not in Ramadan: %v", s.On("AE", d("2027-03-08")))
	}
	for day := 8; day <= 12; day++ {
		if s.IsWorkday("AE", d(fmt.Sprintf("2027-03-%02d", day))) {
			t.Errorf("AE 2027-03-%02d is a working day", day)
		}
	}
}
