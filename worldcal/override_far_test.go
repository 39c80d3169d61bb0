package worldcal

import "testing"

// The joint decree says "cuti bersama" for the leave around Christmas as
// well as Lebaran's. A row with that generic name far from Lebaran is a
// day off of its own; the leave after Lebaran, nine months before, stays
// where it is computed, whether or not its days have rows of their own.
func TestOverrideGenericNameFarFromTheHoliday(t *testing.T) {
	christmas := Override{Country: "ID", Date: d("2026-12-24"), Name: "Cuti Bersama"}
	// The computed leave after Lebaran 2026 (Idul Fitri 20-21 March).
	var after []string
	for _, h := range Builtin().Holidays("ID", 2026) {
		if h.Key == "cuti-bersama-lebaran-after" {
			after = append(after, h.Date.Format("2006-01-02"))
		}
	}
	if len(after) != 2 || after[0][:7] != "2026-03" {
		t.Fatalf("computed leave after Lebaran 2026: %v", after)
	}
	for name, rows := range map[string][]Override{
		"alone": {christmas},
		"with Lebaran rows": {christmas,
			{Country: "ID", Date: d(after[0]), Name: "Collective leave after Lebaran"},
			{Country: "ID", Date: d(after[1]), Name: "Collective leave after Lebaran"}},
	} {
		s, err := New(rows)
		if err != nil {
			t.Fatal(err)
		}
		if !s.IsDayOff("ID", d("2026-12-24")) {
			t.Errorf("%s: 24 December 2026 is not a day off (%v)", name, s.On("ID", d("2026-12-24")))
		}
		for _, day := range after {
			if !s.IsDayOff("ID", d(day)) {
				t.Errorf("%s: the leave after Lebaran on %s is a workday (%v)", name, day, s.On("ID", d(day)))
			}
		}
	}
}

// A row keepwarm ships already (Seollal 2027 on 7 February, by KASI), or
// one the config lists twice, fixes the holiday once: all its days stay
// off, not only the row's.
func TestOverrideRowRepeated(t *testing.T) {
	s, err := New([]Override{{Country: "KR", Date: d("2027-02-07"), Name: "Seollal"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []string{"2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09"} {
		if !s.IsDayOff("KR", d(day)) {
			t.Errorf("KR Seollal row on 7 February 2027: %s is not a day off (%v)", day, s.On("KR", d(day)))
		}
	}

	once, err := New([]Override{{Country: "SA", Date: d("2027-03-10"), Name: "Eid al-Fitr"}})
	if err != nil {
		t.Fatal(err)
	}
	twice, err := New([]Override{{Country: "SA", Date: d("2027-03-10"), Name: "Eid al-Fitr"}, {Country: "SA", Date: d("2027-03-10"), Name: "Eid al-Fitr"}})
	if err != nil {
		t.Fatal(err)
	}
	var days int
	for _, h := range once.Holidays("SA", 2027) {
		if h.Key != "eid-al-fitr" || h.Kind != Public {
			continue
		}
		days++
		if !twice.IsDayOff("SA", h.Date) {
			t.Errorf("SA Eid al-Fitr row written twice: %s is not a day off (%v)", h.Date.Format("2006-01-02"), twice.On("SA", h.Date))
		}
	}
	if days < 2 {
		t.Errorf("SA Eid al-Fitr 2027 moved by one row: %d days off, want several", days)
	}

	// The team's own date for Seollal replaces the one keepwarm ships.
	s, err = New([]Override{{Country: "KR", Date: d("2027-02-06"), Name: "Seollal"}})
	if err != nil {
		t.Fatal(err)
	}
	var mains []string
	for _, h := range s.Holidays("KR", 2027) {
		if h.Key == "seollal" && h.Main {
			mains = append(mains, h.Date.Format("2006-01-02"))
		}
	}
	if len(mains) != 1 || mains[0] != "2027-02-06" {
		t.Errorf("KR team's Seollal row on 6 February 2027: own days %v, want [2027-02-06]", mains)
	}
	if !s.IsDayOff("KR", d("2027-02-05")) || !s.IsDayOff("KR", d("2027-02-07")) {
		t.Errorf("KR team's Seollal row on 6 February 2027: 5 or 7 February is a workday")
	}
}
