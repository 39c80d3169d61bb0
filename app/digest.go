package app

import (
	"keepwarm"
	"keepwarm/config"
	"keepwarm/sequences"
	"keepwarm/zhtext"
	"strings"
)

// digestConfig builds the digest job's configuration (Validate has refused
// bad values). greetings may be nil.
func (a *App) DigestConfig(greetings *sequences.Greetings, onQueued func()) sequences.DigestConfig {
	c := a.Cfg
	at, _ := config.ClockTime(c.Digest.Time)
	days, _ := sequences.ParseWorkdays(c.Digest.Workdays)
	dc := sequences.DigestConfig{At: at, Workdays: days, MailboxOwners: map[string]string{},
		Target: c.Replies.ReplyTarget.Duration, GradeTargets: c.Replies.Grades(), OnQueued: onQueued, Manager: c.Team.Manager,
		Team: a.OnTeam()}
	if greetings != nil {
		dc.Greetings = greetings
	}
	dc.Calendars, _ = a.Calendars() // Validate refused bad overrides; nil is the built-in set
	for _, mb := range c.Mailboxes {
		dc.MailboxOwners[mb.Name] = mb.Owner
	}
	byPerson := map[string]string{}
	for email, country := range c.Digest.SalespersonHolidays {
		byPerson[strings.ToLower(email)] = strings.ToUpper(country)
	}
	for _, s := range c.Salespeople {
		p := sequences.DigestPerson{Email: s.Email, Name: s.Name, Location: a.Cfg.OwnerLocation(s.Email), Country: c.Digest.Holidays, Lang: s.Lang}
		if country, ok := byPerson[s.Email]; ok {
			p.Country = country
		}
		if len(s.Workdays) > 0 {
			p.Workdays, _ = sequences.ParseWorkdays(s.Workdays)
		}
		dc.People = append(dc.People, p)
	}
	if c.Notify.Enabled() {
		dc.NotifyMailbox = config.NotifyMailbox
		dc.NotifyFrom = keepwarm.Address{Name: c.Notify.FromName, Email: c.Notify.From}
	}
	dc.WebURL = c.Web.BaseURL
	dc.Away = a.NewAway()
	dc.WhileAway = a.Cfg.SequencesWhileAway
	dc.ReaderLocation = a.Cfg.OwnerLocation
	dc.Translate = zhtext.Err
	dc.Mode = keepwarm.SendMode(c.Sequences.Mode)
	dc.Sequences = func() *sequences.Definitions {
		defs, _ := sequences.LoadDefinitions(a.Cfg.SequencesPath(c.Sequences.Dir))
		return defs
	}
	return dc
}

// summaryConfig builds the weekly summary's configuration.
func (a *App) SummaryConfig(onQueued func()) sequences.SummaryConfig {
	c := a.Cfg
	at, _ := config.ClockTime(c.Digest.SummaryTime)
	day, _ := config.Weekday(c.Digest.SummaryWeekday)
	sc := sequences.SummaryConfig{Manager: c.Team.Manager, Weekday: day, At: at, Location: a.Cfg.TeamLocation(),
		Target: c.Replies.ReplyTarget.Duration, GradeTargets: c.Replies.Grades(), Names: map[string]string{}, OnQueued: onQueued,
		WebURL: c.Web.BaseURL}
	for _, s := range c.Salespeople {
		sc.Names[s.Email] = s.Name
	}
	if c.Notify.Enabled() {
		sc.NotifyMailbox = config.NotifyMailbox
		sc.NotifyFrom = keepwarm.Address{Name: c.Notify.FromName, Email: c.Notify.From}
	}
	return sc
}
