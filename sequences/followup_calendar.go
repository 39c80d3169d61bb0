package sequences

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"keepwarm/worldcal"
)

// seqWeekend returns the weekend days of a country this year: Friday and
// Saturday in Saudi Arabia, Saturday and Sunday in the UAE, Friday in Iran.
func seqWeekend(code string, year int) []time.Weekday {
	return worldcal.Weekend(code, year)
}

// CustomerCalendar is one customer's week: their time zone, workdays and public
// holidays, and a sequence's send window. It does not block and is safe for
// concurrent use.
type CustomerCalendar struct {
	Loc     *time.Location
	Country string
	// Known is false when the country has no calendar: Monday to Friday,
	// no holidays.
	Known bool
	// Lang is the customer's language ("" when unknown). A quiet period
	// kept by one community (Ramadan in Singapore and Malaysia, to those
	// writing Malay, Arabic or Indonesian) is skipped only for customers
	// writing one of its languages, as its greetings go only to them.
	Lang string
	// Langs are more languages the customer is known to write (the
	// step's thread, the contact's in the book), and Keeps the festivals
	// and faiths the book marks the contact as keeping: a quiet period is
	// skipped when any language is in its audience or the contact keeps
	// it (a Muslim contact writing English keeps Ramadan).
	Langs []string
	Keeps []string
	// HoldUnknown skips a quiet period kept by one community when nothing
	// says whether the customer belongs to it (no language, no mark):
	// when unsure, keepwarm does not send. Set where a step is about to
	// go and every signal has been read.
	HoldUnknown bool
	window      SendWindow
	cals        *worldcal.Set
	workdays    []time.Weekday // from the window, within the country's week; nil = all of it
}

// NewCustomerCalendar builds the calendar for a customer in country (ISO
// code, may be empty) living in loc, for the window w, with the holidays of
// cals (nil: the built-in calendars).
func NewCustomerCalendar(cals *worldcal.Set, country string, loc *time.Location, w SendWindow) *CustomerCalendar {
	if loc == nil {
		loc = time.UTC
	}
	c := &CustomerCalendar{Loc: loc, Country: strings.ToUpper(country), window: w, cals: cals.Or(), Known: worldcal.Known(country)}
	for _, name := range w.Workdays {
		c.workdays = append(c.workdays, seqWeekdays[name])
	}
	return c
}

// isWorkday reports whether the civil date of day (in the customer's zone)
// is a working day for this window.
func (c *CustomerCalendar) isWorkday(day time.Time) bool {
	d := worldcal.Civil(day)
	// The window's workdays narrow the customer's week and never replace
	// it: Mon-Fri sends nothing to Riyadh on a Friday. A weekend day the
	// country works in exchange for a holiday (China's) is a workday
	// whatever the window says.
	if c.cals.IsWeekend(c.Country, d) {
		return false
	}
	if c.workdays != nil && !slices.Contains(c.workdays, d.Weekday()) && !slices.Contains(worldcal.Weekend(c.Country, d.Year()), d.Weekday()) {
		return false
	}
	if c.window.Holidays && c.cals.IsDayOff(c.Country, d) {
		return false
	}
	if c.window.SkipQuiet {
		if h, quiet := c.cals.IsQuiet(c.Country, d); quiet && c.inAudience(h) {
			return false
		}
	}
	return true
}

// inAudience says whether the customer is among those who keep quiet
// period h: everyone when it has no audience; else a contact marked as
// keeping it or its faith, or a language of theirs among its audience's;
// with no language and no mark at all, HoldUnknown.
func (c *CustomerCalendar) inAudience(h worldcal.Holiday) bool {
	if len(h.Audience) == 0 {
		return true
	}
	faith := worldcal.FaithOf(h.Key)
	for _, k := range c.Keeps {
		if k == h.Key || faith != "" && (k == faith || worldcal.FaithOf(k) == faith) {
			return true
		}
	}
	known := false
	for _, l := range append([]string{c.Lang}, c.Langs...) {
		if l == "" {
			continue
		}
		known = true
		if speaks(l, h.Audience) {
			return true
		}
	}
	return !known && len(c.Keeps) == 0 && c.HoldUnknown
}

// Workday reports whether the local day of t is a workday that is not a
// public holiday.
func (c *CustomerCalendar) Workday(t time.Time) bool {
	return c.isWorkday(t.In(c.Loc))
}

// InWindow reports whether t falls inside the send window on a workday.
// A window with no opening (NoOpening) is never open.
func (c *CustomerCalendar) InWindow(t time.Time) bool {
	next := c.Next(t)
	return !next.IsZero() && next.Equal(t)
}

// noOpeningPrefix begins NoOpening's reason (and, after "held: ", the
// hold of a mail queued under such a window).
const noOpeningPrefix = "the send window of "

// NoOpening says why the window of sequence seq never opens for this
// customer at at: its workdays all fall on their weekend (Friday for
// Riyadh).
func (c *CustomerCalendar) NoOpening(seq string, at time.Time) string {
	country := c.Country
	if country == "" {
		country = "no country"
	}
	var weekend []string
	for _, d := range worldcal.Weekend(c.Country, at.In(c.Loc).Year()) {
		weekend = append(weekend, strings.ToLower(d.String()[:3]))
	}
	return fmt.Sprintf(noOpeningPrefix+"%s has no working day for a customer in %s (workdays %s; their weekend %s): nothing is sent; the manager changes the sequence's workdays, then resume it",
		seq, country, strings.Join(c.window.Workdays, ", "), strings.Join(weekend, ", "))
}

// Next returns the first instant at or after t inside the send window: t
// itself when it is inside, else the window's opening on the next workday;
// the zero time when the window has no opening in two years (its workdays
// all on the customer's weekend): never t, which would send at any hour.
func (c *CustomerCalendar) Next(t time.Time) time.Time {
	lt := t.In(c.Loc)
	// Walk civil dates, not local midnights: where the clocks go forward
	// at midnight (Chile, Cuba) that midnight does not exist and Go gives
	// 23:00 of the day before.
	day := worldcal.Civil(lt)
	for range 800 { // two years of days
		y, m, d := day.Date()
		if c.isWorkday(day) {
			start := time.Date(y, m, d, 0, c.window.Start.Minutes, 0, 0, c.Loc)
			end := time.Date(y, m, d, 0, c.window.End.Minutes, 0, 0, c.Loc)
			if lt.Before(start) {
				return start
			}
			if lt.Before(end) {
				return lt
			}
		}
		day = day.AddDate(0, 0, 1)
	}
	return time.Time{}
}

// After returns the instant a step falls due after from: n whole calendar
// days at the same local time (or the exact duration), or n workdays when
// business is set; then moved into the send window. It is the zero time
// when the window has no opening (see Next).
func (c *CustomerCalendar) After(from time.Time, after Delay, business bool) time.Time {
	lt := from.In(c.Loc)
	var due time.Time
	switch {
	case business:
		due = lt
		for n, idle := after.Whole, 0; n > 0; {
			due = due.AddDate(0, 0, 1)
			if c.isWorkday(due) {
				n, idle = n-1, 0
			} else if idle++; idle > 800 {
				return time.Time{}
			}
		}
	case after.Whole > 0:
		due = lt.AddDate(0, 0, after.Whole)
	default:
		due = lt.Add(after.D)
	}
	return c.Next(due)
}
