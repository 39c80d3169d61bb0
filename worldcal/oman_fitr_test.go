package worldcal

import "testing"

// Oman's Eid al-Fitr days off run from 29 Ramadan to 3 Shawwal (Royal
// Decree 88/2020), as the UAE's do: Monday 8 March 2027 (29 Ramadan 1448)
// is a day off, and the greeting goes on Sunday 7 March (Oman's weekend is
// Friday and Saturday). Ramadan 1447 had 30 days: 18 and 19 March 2026
// were off.
func TestOmanEidAlFitrFromRamadan29(t *testing.T) {
	s := Builtin()
	for _, day := range []string{"2026-03-18", "2026-03-19", "2026-03-22", "2027-03-08", "2027-03-11"} {
		if s.IsWorkday("OM", d(day)) {
			t.Errorf("OM %s is a working day: %v", day, s.On("OM", d(day)))
		}
	}
	for _, day := range []string{"2026-03-17", "2026-03-23", "2027-03-07", "2027-03-14"} {
		if !s.IsWorkday("OM", d(day)) {
			t.Errorf("OM %s is not a working day: %v", day, s.On("OM", d(day)))
		}
	}
	if got := s.LastWorkdayBefore("OM", d("2027-03-09")).Format("2006-01-02"); got != "2027-03-07" {
		t.Errorf("OM last working day before Eid 2027 = %s, want 2027-03-07", got)
	}
}
