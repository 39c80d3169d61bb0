package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"keepwarm/worldcal"
)

// checkCalendars prints calendarWarnings as check's warnings.
func checkCalendars(ctx context.Context, w io.Writer, m *Main) {
	for _, l := range calendarWarnings(ctx, m) {
		fmt.Fprintf(w, "warn  %s\n", l)
	}
}

// calendarWarnings are the warnings about the calendars the team's customers need,
// this year and the next: a holiday a source has no date for (India's
// Dussehra after the DoPT table's last year), which is then neither a day
// off nor greeted until an override dates it, and the countries keepwarm
// has no holidays for at all, and the days off an observance override
// makes working days. Countries come from the customer book and
// from [greetings] also and [digest] holidays. check prints them and run
// logs them at start.
func calendarWarnings(ctx context.Context, m *Main) (out []string) {
	counts := map[string]int{}
	if m.db != nil {
		c, err := m.db.CustomerCountries(ctx)
		if err != nil {
			out = append(out, fmt.Sprintf("calendars: the customer book's countries could not be read: %v", err))
		} else {
			counts = c
		}
	}
	need := map[string]bool{}
	for c := range counts {
		need[c] = true
	}
	for _, cs := range m.cfg.Greetings.Also {
		for _, c := range cs {
			need[strings.ToUpper(strings.TrimSpace(c))] = true
		}
	}
	if c := m.cfg.Digest.Holidays; c != "" {
		need[c] = true
	}
	for _, c := range m.cfg.Digest.SalespersonHolidays {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			need[c] = true
		}
	}
	var codes []string
	for c := range need {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	cals, err := m.cfg.Calendars()
	if err != nil {
		return out // Validate has reported the bad rows
	}
	// An observance row on a public holiday opens the day it names to
	// follow-ups: say which days, so a row meant only to keep a greeting
	// is seen.
	for _, l := range cals.OpenedByObservance() {
		out = append(out, "calendar override "+l)
	}
	year := m.clock.Now().Year()
	var unknown []string
	for _, c := range codes {
		if !worldcal.Known(c) {
			if n := counts[c]; n > 0 {
				unknown = append(unknown, fmt.Sprintf("%s (%d customer(s))", c, n))
			}
			continue
		}
		who := ""
		if n := counts[c]; n > 0 {
			who = fmt.Sprintf(", %d customer(s)", n)
		}
		for _, y := range []int{year, year + 1} {
			for _, l := range cals.Missing(c, y) {
				out = append(out, fmt.Sprintf("calendar %s %d%s: %s", c, y, who, l))
			}
		}
	}
	// A festival [greetings] also brings to more countries takes its date
	// from its home calendar (India's, for Dussehra in Britain), which may
	// lack the year though no customer is in that country.
	var also []string
	for k := range m.cfg.Greetings.Also {
		also = append(also, k)
	}
	sort.Strings(also)
	for _, k := range also {
		for _, y := range []int{year, year + 1} {
			if cals.KeptBy(k, y) != "" {
				continue
			}
			if home, l := cals.MissingHome(k, y); l != "" && !need[home] {
				out = append(out, fmt.Sprintf("calendar %s %d (greetings.also %s for %s): %s", home, y, k, strings.Join(m.cfg.Greetings.Also[k], ", "), l))
			}
		}
	}
	if len(unknown) > 0 {
		out = append(out, fmt.Sprintf("calendars: no calendar for %s: their follow-ups keep only their weekend (Monday-Friday where keepwarm does not know it) and none of their public holidays or quiet periods",
			strings.Join(unknown, ", ")))
	}
	return out
}
