package config

import (
	"fmt"
	"strings"
	"time"

	"keepwarm/worldcal"
)

// CalendarConfig is [calendar]: the team's corrections to the customers'
// calendars.
type CalendarConfig struct {
	// Override fixes a moving holiday's date once it is announced (a moon
	// sighting), or adds a day off: [[calendar.override]].
	Override []CalendarOverride `toml:"override"`
}

// CalendarOverride is one [[calendar.override]]:
// country = "SA", date = "2027-03-10", name = "Eid al-Fitr".
type CalendarOverride struct {
	Country string `toml:"country"`
	Date    string `toml:"date"`
	Name    string `toml:"name"`
	Kind    string `toml:"kind"` // "public" (default) or "observance"
}

// overrides converts the table; bad rows are reported through bad and left
// out.
func (c CalendarConfig) overrides(bad func(key, format string, args ...any)) []worldcal.Override {
	var out []worldcal.Override
	for i, o := range c.Override {
		key := keyPath(nil).item("calendar.override", i, "", true).at
		d, err := time.Parse("2006-01-02", strings.TrimSpace(o.Date))
		if err != nil {
			bad(key("date"), "%q is not a date: write it like \"2027-03-10\"", o.Date)
			continue
		}
		ov := worldcal.Override{Country: o.Country, Date: d, Name: o.Name, Kind: worldcal.Kind(o.Kind)}
		if _, err := worldcal.New([]worldcal.Override{ov}); err != nil {
			msg := err.Error()
			if i := strings.Index(msg, ": "); i >= 0 {
				msg = msg[i+2:]
			}
			bad(keyPath(nil).item("calendar.override", i, "", true).String(), "%s", msg)
			continue
		}
		out = append(out, ov)
	}
	return out
}

func (c CalendarConfig) validate(bad func(key, format string, args ...any)) { c.overrides(bad) }

// Calendars are the customers' calendars with the team's overrides (the
// built-in ones when there are none). Validate has refused bad rows.
func (c *Config) Calendars() (*worldcal.Set, error) {
	var errs []string
	ovs := c.Calendar.overrides(func(key, format string, args ...any) {
		errs = append(errs, key+": "+fmt.Sprintf(format, args...))
	})
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return worldcal.New(ovs)
}

// validCalendars are the calendars with the overrides that are valid (the
// others are reported by Calendar.validate), for checking the holidays
// greetings name.
func (c *Config) validCalendars() *worldcal.Set {
	s, err := worldcal.New(c.Calendar.overrides(func(string, string, ...any) {}))
	if err != nil {
		return nil
	}
	return s
}
