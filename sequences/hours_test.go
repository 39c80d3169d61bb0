package sequences_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"keepwarm/sequences"
)

func TestWorkHoursBetween(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	h := sequences.DefaultWorkHours(sh)
	at := func(loc *time.Location, d, hh, mm int) time.Time { return time.Date(2026, 11, d, hh, mm, 0, 0, loc) }
	de := sequences.DefaultWorkHours(berlin)
	days, err := sequences.ParseWorkdays([]string{"Sun-Thu"})
	if err != nil {
		t.Fatal(err)
	}
	gulf := sequences.WorkHours{Start: 8 * time.Hour, End: 17 * time.Hour, Days: days, Location: sh}
	for _, c := range []struct {
		name     string
		h        sequences.WorkHours
		from, to time.Time
		want     time.Duration
	}{
		{"inside", h, at(sh, 2, 10, 0), at(sh, 2, 10, 45), 45 * time.Minute},
		{"evening to morning", h, at(sh, 2, 17, 30), at(sh, 3, 9, 30), time.Hour},
		{"friday night to monday", h, at(sh, 6, 20, 0), at(sh, 9, 9, 10), 10 * time.Minute},
		{"all weekend", h, at(sh, 7, 9, 0), at(sh, 8, 18, 0), 0},
		{"backwards", h, at(sh, 3, 10, 0), at(sh, 2, 10, 0), 0},
		// 29 March 2026: clocks go forward in Berlin; working hours are by the wall clock.
		{"dst", de, time.Date(2026, 3, 27, 17, 0, 0, 0, berlin), time.Date(2026, 3, 30, 10, 0, 0, 0, berlin), 2 * time.Hour},
		{"sun-thu week", gulf, at(sh, 5, 16, 0), at(sh, 8, 9, 0), 2 * time.Hour},
	} {
		if got := c.h.Between(c.from, c.to); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	if _, _, err := sequences.ParseHours("18:00-09:00"); err == nil {
		t.Error("an inverted day parsed")
	}
	if s, e, err := sequences.ParseHours("08:30-17:30"); err != nil || s != 8*time.Hour+30*time.Minute || e != 17*time.Hour+30*time.Minute {
		t.Errorf("ParseHours: %s %s %v", s, e, err)
	}
	if _, err := sequences.ParseWorkdays([]string{"Mon", "Funday"}); err == nil {
		t.Error("a bad day parsed")
	}
}

// TestWorkHoursLeaveOutPublicHolidays: with the team's holiday calendar,
// a public holiday is no working time and a make-up working day (China's
// weekend day worked in exchange) is.
func TestWorkHoursLeaveOutPublicHolidays(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	h := sequences.DefaultWorkHours(sh)
	h.Country = "CN"
	at := func(m time.Month, d, hh, mm int) time.Time { return time.Date(2026, m, d, hh, mm, 0, 0, sh) }
	// Written after hours the day before the National Day week, answered
	// five minutes into the first day back.
	if got := h.Between(at(time.September, 30, 18, 10), at(time.October, 8, 9, 5)); got != 5*time.Minute {
		t.Errorf("30 Sep 18:10 to 8 Oct 09:05 (National Day week): %s, want 5m", got)
	}
	// Friday 13 Feb 18:30 to Tuesday 24 Feb 10:00: Saturday 14 Feb is a
	// make-up working day (9h), 15-23 Feb are the Spring Festival break.
	if got := h.Between(at(time.February, 13, 18, 30), at(time.February, 24, 10, 0)); got != 9*time.Hour+time.Hour {
		t.Errorf("across the Spring Festival break: %s, want 10h", got)
	}
	// Without a calendar, the same weekdays are working days as before.
	h.Country = ""
	if got := h.Between(at(time.September, 30, 18, 10), at(time.October, 8, 9, 5)); got != 45*time.Hour+5*time.Minute {
		t.Errorf("without a calendar: %s, want 45h5m", got)
	}
}

// TestWorkHoursAcrossAMidnightClockChange: where the clocks go forward at
// midnight (Chile in September), that day's midnight does not exist and
// time.Date gives 23:00 of the day before; the day's hours are still its
// own, not the previous day's.
func TestWorkHoursAcrossAMidnightClockChange(t *testing.T) {
	scl, err := time.LoadLocation("America/Santiago")
	if err != nil {
		t.Skip("no zone data for America/Santiago")
	}
	days, err := sequences.ParseWorkdays([]string{"Sun-Thu"})
	if err != nil {
		t.Fatal(err)
	}
	h := sequences.WorkHours{Start: 9 * time.Hour, End: 17 * time.Hour, Days: days, Location: scl}
	// Saturday 5 September 2026 noon to Monday 7 September 00:00: the clocks
	// go from Saturday 24:00 to Sunday 01:00. Saturday is off, Sunday works
	// 09:00-17:00.
	from := time.Date(2026, 9, 5, 12, 0, 0, 0, scl)
	to := time.Date(2026, 9, 7, 0, 0, 0, 0, scl)
	if got := h.Between(from, to); got != 8*time.Hour {
		t.Errorf("Between(Sat noon, Mon 00:00) = %v, want 8h (Sunday's hours)", got)
	}
}

// TestWorkHoursReach checks Reach against Between: the instant it gives has
// exactly the working time asked for since from, and a second earlier has
// less, across zones with daylight-saving changes (one at midnight),
// holidays and make-up working days, Gulf and Chinese weeks, and times of
// day before, in and after working hours.
func TestWorkHoursReach(t *testing.T) {
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	berlin := sequences.DefaultWorkHours(zone("Europe/Berlin"))
	santiago := sequences.DefaultWorkHours(zone("America/Santiago"))
	santiago.Start, santiago.End = 0, 24*time.Hour
	shanghai := sequences.DefaultWorkHours(zone("Asia/Shanghai"))
	shanghai.Country = "CN"
	riyadh := sequences.DefaultWorkHours(zone("Asia/Riyadh"))
	riyadh.Days = [7]bool{time.Sunday: true, time.Monday: true, time.Tuesday: true, time.Wednesday: true, time.Thursday: true}
	riyadh.Start, riyadh.End = 8*time.Hour+30*time.Minute, 16*time.Hour+15*time.Minute
	hours := []sequences.WorkHours{berlin, santiago, shanghai, riyadh, sequences.DefaultWorkHours(nil)}
	targets := []time.Duration{time.Second, 10 * time.Minute, 30 * time.Minute, 4 * time.Hour, 9 * time.Hour, 40 * time.Hour}
	rng := rand.New(rand.NewPCG(18, 5))
	starts := []time.Time{
		time.Date(2026, 3, 27, 17, 55, 0, 0, time.UTC),   // Berlin's clocks go forward that weekend
		time.Date(2026, 10, 23, 16, 0, 0, 0, time.UTC),   // and back
		time.Date(2026, 9, 30, 9, 58, 0, 0, time.UTC),    // China's National Day week
		time.Date(2026, 2, 13, 8, 0, 0, 0, time.UTC),     // Spring Festival with make-up days
		time.Date(2026, 9, 5, 3, 0, 0, 0, time.UTC),      // Chile's clocks go forward at midnight
		time.Date(2026, 12, 24, 23, 59, 59, 0, time.UTC), // year's end
	}
	for range 200 {
		starts = append(starts, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(int64(365*24*time.Hour)))).Truncate(time.Second))
	}
	for _, h := range hours {
		for _, from := range starts {
			for _, d := range targets {
				at := h.Reach(from, d, 60*24*time.Hour)
				if at.IsZero() {
					t.Fatalf("%v from %v: %v of working time not reached", h.Location, from, d)
				}
				if got := h.Between(from, at); got != d {
					t.Fatalf("%v from %v, %v: Reach gave %v, which has %v of working time since", h.Location, from, d, at, got)
				}
				if got := h.Between(from, at.Add(-time.Second)); got >= d {
					t.Fatalf("%v from %v, %v: Reach gave %v, but a second earlier already has %v", h.Location, from, d, at, got)
				}
			}
		}
	}
	if at := riyadh.Reach(starts[0], 40*time.Hour, 3*24*time.Hour); !at.IsZero() {
		t.Errorf("40 working hours within 3 days: got %v, want none (the limit)", at)
	}
	var never sequences.WorkHours
	never.Start, never.End = 9*time.Hour, 18*time.Hour
	if at := never.Reach(starts[0], time.Minute, 60*24*time.Hour); !at.IsZero() {
		t.Errorf("hours with no working day: got %v, want none", at)
	}
	if at := berlin.Reach(starts[0], 0, time.Hour); !at.Equal(starts[0]) {
		t.Errorf("no time to pass: got %v, want from itself", at)
	}
}
