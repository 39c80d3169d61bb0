package worldcal

import "testing"

// An observance row names one day: that day is a working day that year,
// the holiday's other days stay days off (the UAE's National Day is 2 and
// 3 December; a row on 2 December with kind "observance" opens 2 December
// only).
func TestObservanceRowOpensOnlyItsDay(t *testing.T) {
	s, err := New([]Override{{Country: "AE", Date: d("2027-12-02"), Name: "National Day", Kind: Observance}})
	if err != nil {
		t.Fatal(err)
	}
	if !s.IsWorkday("AE", d("2027-12-02")) {
		t.Errorf("AE 2027-12-02 with an observance row: not a working day: %v", s.On("AE", d("2027-12-02")))
	}
	if s.IsWorkday("AE", d("2027-12-03")) {
		t.Errorf("AE 2027-12-03 (National Day's second day) opened by a row naming 2 December: %v", s.On("AE", d("2027-12-03")))
	}
	got := s.OpenedByObservance()
	want := "AE 2027-12-02 National Day (observance): Thursday 2 December 2027 becomes a working day, follow-ups go"
	if len(got) != 1 || got[0] != want {
		t.Errorf("OpenedByObservance = %q, want [%q]", got, want)
	}
	if got := Builtin().OpenedByObservance(); len(got) != 0 {
		t.Errorf("Builtin().OpenedByObservance = %q, want none", got)
	}
}
