package config

import (
	"fmt"
	"strings"
	"time"

	"keepwarm"
)

// AwayConfig is one entry of a [[salesperson]]'s away list:
// away = [{ from = "2026-12-22", until = "2027-01-02", backup = "tom@…" }].
type AwayConfig struct {
	// From and Until are days ("2026-12-22", whole days in the person's time
	// zone; until is the last day away) or instants ("2026-12-22 13:00" in
	// their zone, or RFC 3339 with an offset; until is then when they are back).
	From  string `toml:"from"`
	Until string `toml:"until"`
	// Backup receives their nudges and digest items; "" = the manager.
	Backup string `toml:"backup"`
}

// ParseAwayTime reads a from/until value in loc. A bare day is its first
// instant, or for until (end) the first instant of the next day.
func ParseAwayTime(s string, loc *time.Location, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if loc == nil {
		loc = time.UTC
	}
	if d, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d, nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a day or a time: write it like \"2026-12-22\" or \"2026-12-22 13:00\"", s)
}

func (c *Config) validateAway(key keyPath, s SalespersonConfig, people map[string]bool, bad func(key, format string, args ...any)) {
	loc := c.OwnerLocation(s.Email)
	switch b := strings.ToLower(strings.TrimSpace(s.Backup)); {
	case b == "":
	case b == strings.ToLower(s.Email):
		bad(key.at("backup"), "is %s themselves: name a colleague, or leave it empty for the manager", s.Email)
	case !people[b] && b != strings.ToLower(c.Team.Manager):
		bad(key.at("backup"), "%s is neither a [[salesperson]] nor team.manager", s.Backup)
	}
	for j, a := range s.Away {
		k := key.item("away", j, "", false).at
		from, ferr := ParseAwayTime(a.From, loc, false)
		if ferr != nil {
			bad(k("from"), "%v", ferr)
		}
		until, uerr := ParseAwayTime(a.Until, loc, true)
		if uerr != nil {
			bad(k("until"), "%v", uerr)
		}
		if ferr == nil && uerr == nil && !until.After(from) {
			bad(k("until"), "%q is not after from %q", a.Until, a.From)
		}
		b := strings.ToLower(strings.TrimSpace(a.Backup))
		switch {
		case b == "":
		case b == strings.ToLower(s.Email):
			bad(k("backup"), "is %s themselves: name a colleague, or leave it empty for the manager", s.Email)
		case !people[b] && b != strings.ToLower(c.Team.Manager):
			bad(k("backup"), "%s is neither a [[salesperson]] nor team.manager", a.Backup)
		}
	}
}

// Absences are the configured away times of every salesperson (Validate
// has refused bad ones).
func (c *Config) Absences() []keepwarm.Absence {
	var out []keepwarm.Absence
	for _, s := range c.Salespeople {
		loc := c.OwnerLocation(s.Email)
		for _, a := range s.Away {
			from, err1 := ParseAwayTime(a.From, loc, false)
			until, err2 := ParseAwayTime(a.Until, loc, true)
			if err1 != nil || err2 != nil {
				continue
			}
			out = append(out, keepwarm.Absence{Person: strings.ToLower(s.Email), Backup: strings.ToLower(strings.TrimSpace(a.Backup)),
				From: from, Until: until, Source: keepwarm.AwayConfig})
		}
	}
	return out
}

// AckDraftOn reports whether person gets a "received" draft at the first
// nudge (ack_draft, on unless set to false). The manager and unknown
// addresses get none.
func (c *Config) AckDraftOn(person string) bool {
	for _, s := range c.Salespeople {
		if strings.EqualFold(s.Email, person) {
			return s.AckDraft == nil || *s.AckDraft
		}
	}
	return false
}

// SequencesWhileAway reports whether person's follow-ups keep running while
// they are away.
func (c *Config) SequencesWhileAway(person string) bool {
	for _, s := range c.Salespeople {
		if strings.EqualFold(s.Email, person) {
			return s.SequencesWhileAway
		}
	}
	return false
}

// Backups maps each salesperson to their standing backup (backup = ...).
func (c *Config) Backups() map[string]string {
	out := map[string]string{}
	for _, s := range c.Salespeople {
		if b := strings.ToLower(strings.TrimSpace(s.Backup)); b != "" {
			out[strings.ToLower(s.Email)] = b
		}
	}
	return out
}
