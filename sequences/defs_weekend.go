package sequences

import (
	"fmt"
	"slices"
	"strings"

	"keepwarm/worldcal"
)

// WeekendWorkdays says, for each sequence whose window lists a day that is
// the weekend in one of countries (the customer book's) in year, that
// nothing goes out on it there: a window's workdays narrow the customer
// country's week and never add to it. A team that wrote Mon-Sat for
// buyers working Saturdays, or Sun-Thu for a Gulf country, sees why its
// follow-ups wait a day.
func (d *Definitions) WeekendWorkdays(countries []string, year int) []string {
	var out []string
	for _, n := range d.Names() {
		def := d.byName[n]
		for _, w := range def.Window.Workdays {
			day := seqWeekdays[w]
			var in []string
			for _, c := range countries {
				if c = strings.ToUpper(strings.TrimSpace(c)); c != "" && slices.Contains(worldcal.Weekend(c, year), day) && !slices.Contains(in, c) {
					in = append(in, c)
				}
			}
			if len(in) == 0 {
				continue
			}
			slices.Sort(in)
			out = append(out, fmt.Sprintf("sequence %s (%s): workdays list %s, the weekend in %s: workdays only narrow the customer country's week, so no step goes out there on %s",
				n, def.File, w, strings.Join(in, ", "), w))
		}
	}
	return out
}
