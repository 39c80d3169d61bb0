package worldcal

import "testing"

// The UAE's Commemoration Day, 1 December, is on the Cabinet's list of
// official holidays: no follow-up on it. A year the Cabinet makes it a
// working day, an observance row says so.
func TestUAECommemorationDayIsADayOff(t *testing.T) {
	for _, day := range []string{"2026-12-01", "2027-12-01", "2028-12-01"} {
		if Builtin().IsWorkday("AE", d(day)) {
			t.Errorf("AE %s (Commemoration Day) is a working day: %v", day, Builtin().On("AE", d(day)))
		}
	}
	// Wednesday 1 December 2027: the National Day greeting, on the last
	// working day before 2 December, goes on Tuesday 30 November.
	if got := Builtin().LastWorkdayBefore("AE", d("2027-12-02")).Format("2006-01-02"); got != "2027-11-30" {
		t.Errorf("AE last working day before National Day 2027 = %s, want 2027-11-30", got)
	}
	s, err := New([]Override{{Country: "AE", Date: d("2027-12-01"), Name: "Commemoration Day", Kind: Observance}})
	if err != nil {
		t.Fatal(err)
	}
	if !s.IsWorkday("AE", d("2027-12-01")) || !s.IsWorkday("AE", d("2027-11-30")) {
		t.Errorf("AE observance row on 1 December 2027: still a day off: %v", s.On("AE", d("2027-12-01")))
	}
	found := false
	for _, h := range s.On("AE", d("2027-12-01")) {
		found = found || h.Key == "commemoration-day" && h.Kind == Observance && h.Main
	}
	if !found || s.IsWorkday("AE", d("2027-12-02")) {
		t.Errorf("AE observance row on 1 December 2027: %v", s.On("AE", d("2027-12-01")))
	}
}
