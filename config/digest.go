package config

import (
	"fmt"
	"strings"
	"time"

	"keepwarm/sequences"
	"keepwarm/worldcal"
)

// DigestConfig is [digest]: the salespeople's daily digest and the
// manager's weekly summary, both sent by the [notify] sender.
type DigestConfig struct {
	// Time is when each salesperson's digest goes out, in their own zone.
	Time string `toml:"time"`
	// Workdays are the days with a digest; a [[salesperson]]'s own
	// workdays win.
	Workdays []string `toml:"workdays"`
	// Holidays is the country (ISO alpha-2) whose public holidays get no
	// digest; SalespersonHolidays sets it per salesperson ("" = none).
	Holidays            string            `toml:"holidays"`
	SalespersonHolidays map[string]string `toml:"salesperson_holidays"`
	// SummaryWeekday and SummaryTime schedule the manager's weekly
	// summary in the team's zone.
	SummaryWeekday string `toml:"summary_weekday"`
	SummaryTime    string `toml:"summary_time"`
	// Disabled turns both jobs off in the daemon (the commands still work).
	Disabled bool `toml:"disabled"`
}

func (d *DigestConfig) defaults() {
	if d.Time == "" {
		d.Time = "08:30"
	}
	if len(d.Workdays) == 0 {
		d.Workdays = []string{"Mon-Fri"}
	}
	if d.SummaryWeekday == "" {
		d.SummaryWeekday = "Mon"
	}
	if d.SummaryTime == "" {
		d.SummaryTime = "08:30"
	}
	d.Holidays = strings.ToUpper(strings.TrimSpace(d.Holidays))
}

// validate checks [digest], naming each key.
func (d DigestConfig) validate(c *Config, bad func(key, format string, args ...any)) {
	if _, err := ClockTime(d.Time); err != nil {
		bad("digest.time", "%q: %v", d.Time, err)
	}
	if _, err := ClockTime(d.SummaryTime); err != nil {
		bad("digest.summary_time", "%q: %v", d.SummaryTime, err)
	}
	if _, err := sequences.ParseWorkdays(d.Workdays); err != nil {
		bad("digest.workdays", "%v", err)
	}
	if _, err := Weekday(d.SummaryWeekday); err != nil {
		bad("digest.summary_weekday", "%v", err)
	}
	checkCountry := func(key, country string) {
		if country != "" && !worldcal.Known(country) {
			bad(key, "%q: no public-holiday calendar for this country (use an ISO code such as \"DE\", \"US\", \"GB\"), or leave it empty", country)
		}
	}
	checkCountry("digest.holidays", d.Holidays)
	for email, country := range d.SalespersonHolidays {
		key := fmt.Sprintf("digest.salesperson_holidays.%q", email)
		known := false
		for _, s := range c.Salespeople {
			known = known || s.Email == strings.ToLower(email)
		}
		if !known {
			bad(key, "%s is not a [[salesperson]]", email)
		}
		checkCountry(key, strings.ToUpper(country))
	}
}

// ClockTime reads "08:30" into an offset from midnight.
func ClockTime(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("not a time of day: write it like \"08:30\"")
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// Weekday reads "Mon" or "monday".
func Weekday(s string) (time.Weekday, error) {
	days, err := sequences.ParseWorkdays([]string{s})
	n, day := 0, time.Monday
	for d, on := range days {
		if on {
			n, day = n+1, time.Weekday(d)
		}
	}
	if err != nil || n != 1 {
		return 0, fmt.Errorf("%q is not one day: use Mon, Tue, Wed, Thu, Fri, Sat or Sun", s)
	}
	return day, nil
}
