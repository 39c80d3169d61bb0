package worldcal

import "testing"

// Indonesia's joint decree gives the collective leave day by day (2025:
// one day before Lebaran, four after). A row per announced day, all with
// the same name, makes exactly those days off; the computed ones not
// listed are working days again.
func TestOverrideRowsPerDayOfCollectiveLeave(t *testing.T) {
	// Computed for 2027: Idul Fitri 9-10 March, leave 7-8 and 11-12 March.
	listed := []string{"2027-03-08", "2027-03-11", "2027-03-12", "2027-03-15", "2027-03-16"}
	for _, name := range []string{"Collective leave (Lebaran)", "Cuti bersama"} {
		var rows []Override
		for _, day := range listed {
			rows = append(rows, Override{Country: "ID", Date: d(day), Name: name})
		}
		s, err := New(rows)
		if err != nil {
			t.Fatal(err)
		}
		for _, day := range listed {
			if !s.IsDayOff("ID", d(day)) {
				t.Errorf("%q: listed %s is not a day off (%v)", name, day, s.On("ID", d(day)))
			}
		}
		if s.IsDayOff("ID", d("2027-03-07")) {
			t.Errorf("%q: the computed leave on 7 March, not listed, is still a day off (%v)", name, s.On("ID", d("2027-03-07")))
		}
		for _, day := range []string{"2027-03-09", "2027-03-10"} {
			if !s.IsDayOff("ID", d(day)) {
				t.Errorf("%q: Idul Fitri %s is no longer a day off", name, day)
			}
		}
	}

	// One row meant for the leave after Lebaran moves that leave, not the
	// one before it.
	s, err := New([]Override{{Country: "ID", Date: d("2027-03-12"), Name: "Collective leave (Lebaran)"}})
	if err != nil {
		t.Fatal(err)
	}
	for day, off := range map[string]bool{"2027-03-07": true, "2027-03-08": true, "2027-03-11": false, "2027-03-12": true, "2027-03-13": true} {
		if s.IsDayOff("ID", d(day)) != off {
			t.Errorf("after-Lebaran row on 12 March: %s day off %v, want %v (%v)", day, !off, off, s.On("ID", d(day)))
		}
	}

	// Two rows for the days of Eid al-Fitr are those days; Ramadan ends
	// before the first.
	s, err = New([]Override{{Country: "SA", Date: d("2027-03-10"), Name: "Eid al-Fitr"}, {Country: "SA", Date: d("2027-03-11"), Name: "Eid al-Fitr"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range s.Holidays("SA", 2027) {
		if h.Key == "eid-al-fitr" && !h.Observed {
			got = append(got, h.Date.Format("2006-01-02"))
		}
		if h.Key == "ramadan" && !h.Until.Equal(d("2027-03-09")) {
			t.Errorf("Ramadan ends %s, want 2027-03-09", h.Until.Format("2006-01-02"))
		}
	}
	if len(got) != 2 || got[0] != "2027-03-10" || got[1] != "2027-03-11" {
		t.Errorf("two Eid al-Fitr rows: %v, want [2027-03-10 2027-03-11]", got)
	}
}
