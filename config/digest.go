package main

import (
	"fmt"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/sequences"
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
	if _, err := clockTime(d.Time); err != nil {
		bad("digest.time", "%q: %v", d.Time, err)
	}
	if _, err := clockTime(d.SummaryTime); err != nil {
		bad("digest.summary_time", "%q: %v", d.SummaryTime, err)
	}
	if _, err := sequences.ParseWorkdays(d.Workdays); err != nil {
		bad("digest.workdays", "%v", err)
	}
	if _, err := weekday(d.SummaryWeekday); err != nil {
		bad("digest.summary_weekday", "%v", err)
	}
	checkCountry := func(key, country string) {
		if country != "" && sequences.CountryHolidays(country) == nil {
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

// clockTime reads "08:30" into an offset from midnight.
func clockTime(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("not a time of day: write it like \"08:30\"")
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// weekday reads "Mon" or "monday".
func weekday(s string) (time.Weekday, error) {
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

// digestConfig builds the digest job's configuration (Validate has refused
// bad values). greetings may be nil.
func (m *Main) digestConfig(greetings *sequences.Greetings, onQueued func()) sequences.DigestConfig {
	c := m.cfg
	at, _ := clockTime(c.Digest.Time)
	days, _ := sequences.ParseWorkdays(c.Digest.Workdays)
	dc := sequences.DigestConfig{At: at, Workdays: days, MailboxOwners: map[string]string{},
		Target: c.Replies.ReplyTarget.Duration, OnQueued: onQueued}
	if greetings != nil {
		dc.Greetings = greetings
	}
	for _, mb := range c.Mailboxes {
		dc.MailboxOwners[mb.Name] = mb.Owner
	}
	byPerson := map[string]string{}
	for email, country := range c.Digest.SalespersonHolidays {
		byPerson[strings.ToLower(email)] = strings.ToUpper(country)
	}
	for _, s := range c.Salespeople {
		p := sequences.DigestPerson{Email: s.Email, Name: s.Name, Location: m.ownerLocation(s.Email), Country: c.Digest.Holidays}
		if country, ok := byPerson[s.Email]; ok {
			p.Country = country
		}
		if len(s.Workdays) > 0 {
			p.Workdays, _ = sequences.ParseWorkdays(s.Workdays)
		}
		dc.People = append(dc.People, p)
	}
	if c.Notify.Enabled() {
		dc.NotifyMailbox = notifyMailbox
		dc.NotifyFrom = keepwarm.Address{Name: c.Notify.FromName, Email: c.Notify.From}
	}
	return dc
}

// summaryConfig builds the weekly summary's configuration.
func (m *Main) summaryConfig(onQueued func()) sequences.SummaryConfig {
	c := m.cfg
	at, _ := clockTime(c.Digest.SummaryTime)
	day, _ := weekday(c.Digest.SummaryWeekday)
	sc := sequences.SummaryConfig{Manager: c.Team.Manager, Weekday: day, At: at, Location: m.teamLocation(),
		Target: c.Replies.ReplyTarget.Duration, Names: map[string]string{}, OnQueued: onQueued}
	for _, s := range c.Salespeople {
		sc.Names[s.Email] = s.Name
	}
	if c.Notify.Enabled() {
		sc.NotifyMailbox = notifyMailbox
		sc.NotifyFrom = keepwarm.Address{Name: c.Notify.FromName, Email: c.Notify.From}
	}
	return sc
}
