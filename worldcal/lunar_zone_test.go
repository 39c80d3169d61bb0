package worldcal

import (
	"slices"
	"testing"
	"time"

	"github.com/6tail/lunar-go/calendar"
)

// Korea counts its lunar months from the new moon in Korean time (UTC+9),
// Vietnam in its own (UTC+7), China in UTC+8: a new moon near midnight
// starts the month a day apart, and a follow-up reached a Korean office on
// the third day of Seollal 2028.
func TestLunarHolidaysReckonedInTheCountrysOwnTime(t *testing.T) {
	s := Builtin()
	main := func(country, key string, year int) []string {
		var out []string
		for _, h := range s.Holidays(country, year) {
			if h.Key == key && h.Main {
				out = append(out, h.Date.Format("2006-01-02"))
			}
		}
		return out
	}
	for _, tc := range []struct {
		country, key, want string
	}{
		{"KR", "seollal", "2027-02-07"},         // new moon 6 February 2027 15:56 UTC (the shipped table)
		{"KR", "seollal", "2028-01-27"},         // new moon 26 January 2028 15:12 UTC = 00:12 KST
		{"CN", "spring-festival", "2028-01-26"}, // the same new moon, 23:12 in Beijing
		{"KR", "chuseok", "2028-10-03"},         // no shift
		{"VN", "tet", "2030-02-02"},             // new moon 2 February 2030 16:07 UTC = 23:07 in Hanoi
		{"CN", "spring-festival", "2030-02-03"},
		{"VN", "tet", "2027-02-06"}, // no shift
	} {
		y := d(tc.want).Year()
		if got := main(tc.country, tc.key, y); len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s %s %d: %v, want %s", tc.country, tc.key, y, got, tc.want)
		}
	}
	for _, tc := range []struct {
		country, day string
		off          bool
	}{
		{"KR", "2028-01-25", false}, // a working Tuesday
		{"KR", "2028-01-26", true},  // Seollal's eve
		{"KR", "2028-01-28", true},  // its third day
		{"VN", "2030-02-01", true},  // Tết's eve, a Friday
	} {
		if got := s.IsDayOff(tc.country, d(tc.day)); got != tc.off {
			t.Errorf("%s %s: day off %v, want %v (%v)", tc.country, tc.day, got, tc.off, s.On(tc.country, d(tc.day)))
		}
	}
}

// The new moons lunarIn reads come from Meeus's series: each starts
// China's lunar month on lunar-go's day, in Beijing time, for every month
// of the years a sequence may reach, and none falls so near Beijing's
// midnight that a minute's error could change the day.
func TestNewMoonAgreesWithChinasLunarMonths(t *testing.T) {
	cst := time.FixedZone("UTC+8", 8*3600)
	for _, tc := range []struct{ day, want string }{
		{"2027-02-06", "2027-02-06 15:56"},
		{"2028-01-26", "2028-01-26 15:12"},
		{"2030-02-02", "2030-02-02 16:07"},
	} {
		if got := newMoonNear(d(tc.day)).Format("2006-01-02 15:04"); got != tc.want {
			t.Errorf("new moon near %s: %s UTC, want %s", tc.day, got, tc.want)
		}
	}
	for y := 2025; y <= 2045; y++ {
		for m := 1; m <= 12; m++ {
			s := calendar.NewLunarFromYmd(y, m, 1).GetSolar()
			first := date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay())
			nm := newMoonNear(first)
			if got := Civil(nm.In(cst)); !got.Equal(first) {
				t.Errorf("lunar %d-%d: new moon %s UTC falls on %s in Beijing, lunar-go's month starts %s",
					y, m, nm.Format("2006-01-02 15:04"), got.Format("2006-01-02"), first.Format("2006-01-02"))
			}
		}
	}
}

// lunarIn starts each month on the date, in the country's own time, of the
// new moon that starts lunar-go's month, whatever day Meeus's series puts
// it on in Beijing: the new moon of 7 August 2097 (the 7th month) is 16:01
// UTC by Meeus, past Beijing's midnight, where lunar-go starts the month on
// the 7th; it is 8 August in Seoul and 7 August in Hanoi either way, and
// the shift read off Meeus's Beijing date put Hanoi's on the 6th. And no
// new moon starting a month Korea or Vietnam has a holiday in falls within
// two minutes of its midnight from 2025 to 2099 (the last year `keepwarm
// calendar` takes), closer than the series can tell: were one to, its date
// would need checking against the announced one.
func TestLunarMonthsStartOnTheNewMoonsDateInTheCountrysTime(t *testing.T) {
	for _, zone := range []struct {
		hours    int
		holidays []int // the months a holiday of the country's is in
	}{{9, []int{1, 4, 8}}, {7, []int{1, 3}}} {
		loc := time.FixedZone("", zone.hours*3600)
		for y := 2025; y <= 2099; y++ {
			for m := 1; m <= 12; m++ {
				s := calendar.NewLunarFromYmd(y, m, 1).GetSolar()
				first := date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay())
				nm := newMoonNear(first).In(loc)
				want := Civil(nm)
				spans := lunarIn(zone.hours, m, 1, "k", "K").spans(want.Year())
				if !slices.ContainsFunc(spans, func(s span) bool { return s.start.Equal(want) }) {
					var got []string
					for _, s := range spans {
						got = append(got, s.start.Format("2006-01-02"))
					}
					t.Errorf("UTC+%d, lunar %d-%d: new moon %s there, the month starts %v", zone.hours, y, m, nm.Format("2006-01-02 15:04"), got)
				}
				midnight := time.Date(nm.Year(), nm.Month(), nm.Day(), 0, 0, 0, 0, loc)
				if off := min(nm.Sub(midnight), midnight.Add(24*time.Hour).Sub(nm)); slices.Contains(zone.holidays, m) && off < 2*time.Minute {
					t.Errorf("UTC+%d, lunar %d-%d: new moon %s, %v from midnight: too close to tell the day", zone.hours, y, m, nm.Format("2006-01-02 15:04:05"), off.Round(time.Second))
				}
			}
		}
	}
}
