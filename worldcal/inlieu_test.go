package worldcal

import (
	"slices"
	"testing"
	"time"
)

// Malaysia gives the Monday off for a federal holiday on a Sunday,
// Vietnam the next working day for one on the weekend, and Korea its
// substitute holidays: 2027 has days off on each that a follow-up must not
// land on.
func TestDaysOffInLieuMalaysiaVietnamKorea(t *testing.T) {
	s := Builtin()
	for _, tc := range []struct {
		country, day string
		off          bool
	}{
		{"MY", "2027-02-08", true},  // Chinese New Year on Sunday 7 February
		{"MY", "2027-02-09", false}, // Saturday 6 February gives nothing
		{"MY", "2026-11-09", true},  // Deepavali on Sunday 8 November
		{"VN", "2027-05-03", true},  // Labour Day on Saturday 1 May
		{"KR", "2027-02-09", true},  // Seollal on Sunday 7 February
		{"KR", "2027-02-10", false},
		{"KR", "2027-08-16", true},  // Liberation Day on Sunday
		{"KR", "2027-10-04", true},  // National Foundation Day on Sunday
		{"KR", "2027-10-11", true},  // Hangul Day on Saturday
		{"KR", "2027-12-27", true},  // Christmas on Saturday
		{"KR", "2027-06-07", false}, // Memorial Day on Sunday 6 June has no substitute
		{"KR", "2025-05-06", true},  // Buddha's Birthday on Children's Day
	} {
		if got := s.IsDayOff(tc.country, d(tc.day)); got != tc.off {
			t.Errorf("%s %s: day off %v, want %v (%v)", tc.country, tc.day, got, tc.off, s.On(tc.country, d(tc.day)))
		}
	}
}

// Countries without holidays still keep their own week: a Brunei buyer
// gets nothing on Friday, the day of prayer, and Saturday works.
func TestWeekendOfCountriesWithoutACalendar(t *testing.T) {
	for _, tc := range []struct {
		country string
		want    []time.Weekday
	}{
		{"BN", []time.Weekday{time.Friday, time.Sunday}},
		{"NP", []time.Weekday{time.Saturday}},
		{"MV", []time.Weekday{time.Friday, time.Saturday}},
		{"XK", []time.Weekday{time.Saturday, time.Sunday}},
	} {
		if got := Weekend(tc.country, 2027); !slices.Equal(got, tc.want) {
			t.Errorf("Weekend(%s, 2027) = %v, want %v", tc.country, got, tc.want)
		}
	}
	if Builtin().IsWorkday("BN", d("2027-01-08")) || !Builtin().IsWorkday("BN", d("2027-01-09")) {
		t.Error("Brunei: Friday 8 January 2027 is a workday or Saturday the 9th is not")
	}
}
