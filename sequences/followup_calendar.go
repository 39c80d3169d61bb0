package sequences

import (
	"strings"
	"time"

	"github.com/rickar/cal/v2"
)

// seqWeekend returns the weekend days of a country: Friday and Saturday
// in much of the Middle East, Saturday and Sunday elsewhere.
func seqWeekend(code string) []time.Weekday {
	switch strings.ToUpper(code) {
	case "SA", "KW", "QA", "BH", "OM", "EG", "IL", "JO", "IQ", "DZ", "LY", "YE":
		return []time.Weekday{time.Friday, time.Saturday}
	case "IR", "AF":
		return []time.Weekday{time.Friday}
	}
	return []time.Weekday{time.Saturday, time.Sunday}
}

// CustomerCalendar is one customer's week: their time zone, workdays and public
// holidays, and a sequence's send window. It does not block and is safe for
// concurrent use (the holiday cache of rickar/cal is left off).
type CustomerCalendar struct {
	Loc     *time.Location
	Country string
	// Known is false when the country's holidays are unknown: workdays only.
	Known  bool
	window SendWindow
	bc     *cal.BusinessCalendar
}

// NewCustomerCalendar builds the calendar for a customer in country (ISO code, may
// be empty) living in loc, for the window w.
func NewCustomerCalendar(country string, loc *time.Location, w SendWindow) *CustomerCalendar {
	if loc == nil {
		loc = time.UTC
	}
	bc := cal.NewBusinessCalendar()
	c := &CustomerCalendar{Loc: loc, Country: strings.ToUpper(country), window: w, bc: bc}
	if len(w.Workdays) > 0 {
		for d := time.Sunday; d <= time.Saturday; d++ {
			bc.SetWorkday(d, false)
		}
		for _, name := range w.Workdays {
			bc.SetWorkday(seqWeekdays[name], true)
		}
	} else {
		for _, d := range seqWeekend(country) {
			bc.SetWorkday(d, false)
		}
		if !seqWeekendDefault(country) {
			bc.SetWorkday(time.Sunday, true)
			if len(seqWeekend(country)) == 1 {
				bc.SetWorkday(time.Saturday, true)
			}
		}
	}
	// Holidays come from github.com/rickar/cal/v2 (see CountryHolidays);
	// for a country it does not cover, workdays only.
	hols := CountryHolidays(country)
	c.Known = hols != nil
	if c.Known && w.Holidays {
		bc.AddHoliday(hols...)
	}
	return c
}

func seqWeekendDefault(country string) bool {
	w := seqWeekend(country)
	return len(w) == 2 && w[0] == time.Saturday
}

// Workday reports whether the local day of t is a workday that is not a
// public holiday.
func (c *CustomerCalendar) Workday(t time.Time) bool {
	return c.bc.IsWorkday(t.In(c.Loc))
}

// InWindow reports whether t falls inside the send window on a workday.
func (c *CustomerCalendar) InWindow(t time.Time) bool {
	return c.Next(t).Equal(t)
}

// Next returns the first instant at or after t inside the send window: t
// itself when it is inside, else the window's opening on the next workday.
func (c *CustomerCalendar) Next(t time.Time) time.Time {
	lt := t.In(c.Loc)
	for range 800 { // two years of days: every calendar has workdays
		y, m, d := lt.Date()
		if c.bc.IsWorkday(lt) {
			start := time.Date(y, m, d, 0, c.window.Start.Minutes, 0, 0, c.Loc)
			end := time.Date(y, m, d, 0, c.window.End.Minutes, 0, 0, c.Loc)
			if lt.Before(start) {
				return start
			}
			if lt.Before(end) {
				return lt
			}
		}
		lt = time.Date(y, m, d+1, 0, 0, 0, 0, c.Loc)
	}
	return t
}

// After returns the instant a step falls due after from: n whole calendar
// days at the same local time (or the exact duration), or n workdays when
// business is set; then moved into the send window.
func (c *CustomerCalendar) After(from time.Time, after Delay, business bool) time.Time {
	lt := from.In(c.Loc)
	var due time.Time
	switch {
	case business:
		due = lt
		for n := after.Whole; n > 0; {
			due = due.AddDate(0, 0, 1)
			if c.bc.IsWorkday(due) {
				n--
			}
		}
	case after.Whole > 0:
		due = lt.AddDate(0, 0, after.Whole)
	default:
		due = lt.Add(after.D)
	}
	return c.Next(due)
}
