package book

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"
)

// DateOrder says how a file writes all-number dates whose day and month
// could be swapped ("02/08/2026"): day first ("dmy", most of the world) or
// month first ("mdy", the United States). "" refuses such dates: guessing
// would put an order or a birthday half a year off without anyone noticing.
type DateOrder string

const (
	DateUnknown DateOrder = ""
	DateDMY     DateOrder = "dmy"
	DateMDY     DateOrder = "mdy"
)

// ParseDateOrder reads a --date-format value: "dmy", "dd/mm/yyyy", "mdy",
// "mm/dd/yyyy" and the like.
func ParseDateOrder(s string) (DateOrder, error) {
	f := strings.Map(func(r rune) rune {
		switch r {
		case 'd', 'm', 'y':
			return r
		}
		return -1
	}, strings.ToLower(strings.TrimSpace(s)))
	switch {
	case f == "":
		return DateUnknown, nil
	case strings.HasPrefix(f, "d") && strings.Contains(f, "m"):
		return DateDMY, nil
	case strings.HasPrefix(f, "m") && strings.Contains(f, "d"):
		return DateMDY, nil
	}
	return DateUnknown, fmt.Errorf("date format %q: use dmy (31/12/2026) or mdy (12/31/2026)", s)
}

// unambiguousLayouts name the month or put the year first.
var unambiguousLayouts = []string{
	"2006-01-02", "2006-1-2", "2006/1/2", "2006.1.2", "2006年1月2日", "2006-01-02 15:04:05", "2006-01-02 15:04",
	"2006-01-02T15:04:05Z07:00", "2006/1/2 15:04:05", "2006/1/2 15:04",
	"January 2, 2006", "2 January 2006", "Jan 2, 2006", "2 Jan 2006", "02-Jan-2006", "2-Jan-06", "02-Jan-06",
}

// parseDate reads a date as salespeople's files write it. An all-number
// date with a day and a month that could be swapped needs order; dots
// always put the day first ("02.08.2026" is 2 August in every country
// that writes dots). A two-digit year is 20yy, or 19yy when pastOnly and
// 20yy would lie after now (a birthday written "29.02.64").
func parseDate(s string, order DateOrder, now time.Time, pastOnly bool) (time.Time, error) {
	s = strings.TrimSpace(width.Fold.String(s))
	for _, l := range unambiguousLayouts {
		t, err := time.Parse(l, s)
		if err != nil {
			continue
		}
		// The date as written, not where its instant falls in UTC: a
		// birthday exported as 1980-05-17T00:00:00+08:00 is 17 May.
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
		// Go reads a two-digit year 00-68 as 20yy: "17-May-64" from an
		// Excel export is 1964 when 2064 lies ahead.
		if pastOnly && strings.HasSuffix(l, "-06") && !now.IsZero() && t.After(now) {
			t = t.AddDate(-100, 0, 0)
		}
		return t, nil
	}
	date, clock, _ := strings.Cut(s, " ")
	if clock != "" {
		if _, err := time.Parse("15:04", clock); err != nil {
			if _, err := time.Parse("15:04:05", clock); err != nil {
				return time.Time{}, notADate(s)
			}
		}
	}
	sep := strings.IndexAny(date, "/-.")
	if sep < 0 {
		return time.Time{}, notADate(s)
	}
	parts := strings.Split(strings.TrimSuffix(date, "."), date[sep:sep+1])
	if len(parts) != 3 {
		return time.Time{}, notADate(s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" || len(p) > 4 {
			return time.Time{}, notADate(s)
		}
		n[i] = v
	}
	a, b, y := n[0], n[1], n[2]
	if len(parts[0]) == 4 || len(parts[2]) != 4 && len(parts[2]) != 2 {
		return time.Time{}, notADate(s)
	}
	if len(parts[2]) == 2 {
		y += 2000
	}
	var day, month int
	switch {
	case order == DateDMY && b > 12 && a <= 12 && date[sep] != '.',
		order == DateMDY && a > 12 && b <= 12 && date[sep] != '.':
		// The file contradicts the format given: its other dates, whose day
		// and month could be swapped, are read the wrong way round too.
		return time.Time{}, &orderContradiction{s: s, order: order, day: max(a, b)}
	case a > 12 && b <= 12:
		day, month = a, b
	case b > 12 && a <= 12:
		day, month = b, a
	case a == b || date[sep] == '.' || order == DateDMY:
		day, month = a, b
	case order == DateMDY:
		day, month = b, a
	default:
		dm := time.Date(y, time.Month(b), a, 0, 0, 0, 0, time.UTC)
		md := time.Date(y, time.Month(a), b, 0, 0, 0, 0, time.UTC)
		return time.Time{}, fmt.Errorf("date %q could be %s or %s: give the file's date format (dmy or mdy)",
			s, dm.Format("2 January 2006"), md.Format("2 January 2006"))
	}
	t := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day || int(t.Month()) != month || month < 1 {
		return time.Time{}, fmt.Errorf("date %q is not a date: there is no day %d in month %d", s, day, month)
	}
	if pastOnly && len(parts[2]) == 2 && !now.IsZero() && t.After(now) {
		t = t.AddDate(-100, 0, 0)
	}
	return t, nil
}

// orderContradiction is a date that can only be read in the other order
// than the one given ("08/13/2026" with dmy): the format given is wrong
// for the file, and its dates that could be read either way would be read
// half a year off.
type orderContradiction struct {
	s     string
	order DateOrder
	day   int
}

func (e *orderContradiction) Error() string {
	first := "day first"
	if e.order == DateMDY {
		first = "month first"
	}
	return fmt.Sprintf("date %q cannot be read %s (%s, as the date format given says): %d cannot be a month; check the file's date format",
		e.s, first, e.order, e.day)
}

// contradicts says whether err is a date contradicting the format given.
func contradicts(err error) bool {
	var c *orderContradiction
	return errors.As(err, &c)
}

// eitherWay says whether s is an all-number date whose day and month
// could be swapped, read as order says only because order says so.
func eitherWay(s string) bool {
	_, err := parseDate(s, DateUnknown, time.Time{}, false)
	return err != nil && strings.Contains(err.Error(), "could be")
}

func notADate(s string) error {
	return fmt.Errorf("date %q is not a date: write it like 2026-03-31", s)
}

// excelSerial reads an Excel date serial (days since 1899-12-30) that a
// CSV export left as a number.
func excelSerial(s string) (time.Time, bool) {
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || n <= 20000 || n >= 80000 {
		return time.Time{}, false
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Add(time.Duration(n * float64(Day))), true
}
