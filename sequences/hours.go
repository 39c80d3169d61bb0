package sequences

import (
	"fmt"
	"strings"
	"time"

	"keepwarm/worldcal"
)

// WorkHours is when one person works: the same hours on each working day, in
// their time zone. It gives reply times a business-hours figure beside the
// wall-clock one.
type WorkHours struct {
	Start, End time.Duration  // since local midnight; Start < End
	Days       [7]bool        // indexed by time.Weekday
	Location   *time.Location // nil = UTC
	// Country (ISO alpha-2) whose public holidays are not working days,
	// and whose make-up working days (China's weekend days worked in
	// exchange for a longer holiday) are; "" = none.
	Country   string
	Calendars *worldcal.Set // nil = the built-in calendars
}

// works reports whether the civil day (a local midnight) is a working day.
func (h WorkHours) works(day time.Time) bool {
	if h.Country == "" {
		return h.Days[day.Weekday()]
	}
	return worksOn(h.Calendars, h.Country, h.Days, day)
}

// worksOn reports whether the civil date of day is a working day for
// someone working days in country: not a public holiday there, and one of
// days or a make-up working day.
func worksOn(cals *worldcal.Set, country string, days [7]bool, day time.Time) bool {
	if IsPublicHoliday(cals, country, day) {
		return false
	}
	if days[day.Weekday()] {
		return true
	}
	for _, e := range cals.Or().On(country, day) {
		if e.Kind == worldcal.Workday {
			return true
		}
	}
	return false
}

// DefaultWorkHours is 09:00-18:00, Monday to Friday, in loc.
func DefaultWorkHours(loc *time.Location) WorkHours {
	h := WorkHours{Start: 9 * time.Hour, End: 18 * time.Hour, Location: loc}
	for d := time.Monday; d <= time.Friday; d++ {
		h.Days[d] = true
	}
	return h
}

// ParseHours reads "09:00-18:00" into offsets from midnight.
func ParseHours(s string) (start, end time.Duration, err error) {
	from, to, ok := strings.Cut(strings.TrimSpace(s), "-")
	if ok {
		start, err = whParseClock(from)
	}
	if ok && err == nil {
		end, err = whParseClock(to)
	}
	if !ok || err != nil || start >= end {
		return 0, 0, fmt.Errorf("%q is not a working day: write it like \"09:00-18:00\" (start before end)", s)
	}
	return start, end, nil
}

func whParseClock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		if strings.TrimSpace(s) == "24:00" {
			return 24 * time.Hour, nil
		}
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseWorkdays reads day names ("Mon", "tuesday") and ranges ("Mon-Fri",
// "Sun-Thu") into a set indexed by time.Weekday.
func ParseWorkdays(names []string) ([7]bool, error) {
	var days [7]bool
	day := func(s string) (time.Weekday, error) {
		s = strings.ToLower(strings.TrimSpace(s))
		if len(s) >= 3 {
			if d, ok := dayNames[s[:3]]; ok {
				return d, nil
			}
		}
		return 0, fmt.Errorf("%q is not a day: use Mon, Tue, Wed, Thu, Fri, Sat, Sun or a range like \"Mon-Fri\"", s)
	}
	for _, n := range names {
		from, to, isRange := strings.Cut(n, "-")
		a, err := day(from)
		if err != nil {
			return days, err
		}
		b := a
		if isRange {
			if b, err = day(to); err != nil {
				return days, err
			}
		}
		for d := a; ; d = (d + 1) % 7 {
			days[d] = true
			if d == b {
				break
			}
		}
	}
	return days, nil
}

// Between is how much of [from, to) falls within working hours. Days are
// walked in the person's zone, so daylight-saving changes are honoured.
func (h WorkHours) Between(from, to time.Time) time.Duration {
	if !to.After(from) || h.End <= h.Start {
		return 0
	}
	loc := h.Location
	if loc == nil {
		loc = time.UTC
	}
	local := from.In(loc)
	y, m, d := local.Date()
	var total time.Duration
	// A day is taken at its noon: where the clocks go forward at midnight
	// (Chile, Cuba) that midnight does not exist and time.Date gives 23:00
	// of the day before, whose weekday and date are not this day's.
	for start := time.Date(y, m, d, 0, 0, 0, 0, loc); start.Before(to); start = time.Date(y, m, d, 0, 0, 0, 0, loc) {
		day := time.Date(y, m, d, 12, 0, 0, 0, loc)
		if h.works(day) {
			start := whClockOn(day, h.Start, loc)
			end := whClockOn(day, h.End, loc)
			start, end = whLater(start, from), whEarlier(end, to)
			if end.After(start) {
				total += end.Sub(start)
			}
		}
		d++
	}
	return total
}

// Reach is the instant at which d of working hours have passed since from,
// counted as Between counts them (Between(from, Reach(from, d, limit)) is d,
// and no earlier instant gives d); zero when that is more than limit after
// from (hours with no working time: never). One walk over the days, where
// searching for the instant through Between walked them some 40 times.
func (h WorkHours) Reach(from time.Time, d, limit time.Duration) time.Time {
	if d <= 0 {
		return from
	}
	if h.End <= h.Start {
		return time.Time{}
	}
	loc := h.Location
	if loc == nil {
		loc = time.UTC
	}
	local := from.In(loc)
	y, m, dd := local.Date()
	left := d
	for start := time.Date(y, m, dd, 0, 0, 0, 0, loc); start.Sub(from) <= limit; start = time.Date(y, m, dd, 0, 0, 0, 0, loc) {
		day := time.Date(y, m, dd, 12, 0, 0, 0, loc) // at noon, as in Between
		if h.works(day) {
			s := whLater(whClockOn(day, h.Start, loc), from)
			e := whClockOn(day, h.End, loc)
			if e.After(s) {
				if avail := e.Sub(s); left <= avail {
					if at := s.Add(left); at.Sub(from) <= limit {
						return at
					}
					return time.Time{}
				} else {
					left -= avail
				}
			}
		}
		dd++
	}
	return time.Time{}
}

// whClockOn is the instant at offset since midnight on day, by the wall clock.
func whClockOn(day time.Time, off time.Duration, loc *time.Location) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, int(off/time.Hour), int(off%time.Hour/time.Minute), 0, 0, loc)
}

func whLater(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func whEarlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
