package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"keepwarm/config"
	"keepwarm/worldcal"
)

// calendarJSON is `keepwarm calendar COUNTRY --json`.
type calendarJSON struct {
	Country  string         `json:"country"`
	Name     string         `json:"name"`
	Year     int            `json:"year"`
	Weekend  []string       `json:"weekend"`
	Holidays []calendarItem `json:"holidays"`
	Notes    string         `json:"notes,omitempty"`
	// Missing is what the calendar lacks this year because a source does
	// not reach it (Diwali past its table's last year).
	Missing []string `json:"missing,omitempty"`
	// Config is the config file whose [[calendar.override]] rows apply
	// (null: none, the built-in calendars); Overrides how many rows it has.
	Config    *string `json:"config"`
	Overrides int     `json:"overrides"`
}

type calendarItem struct {
	Date     string   `json:"date"`
	Until    string   `json:"until,omitempty"` // last day of a quiet period
	Name     string   `json:"name"`
	Key      string   `json:"key"`
	Kind     string   `json:"kind"` // public, observance, quiet, workday
	Observed bool     `json:"observed,omitempty"`
	Audience []string `json:"audience,omitempty"`
	// Faith is a religious festival's ("muslim"); Majority says it is the
	// faith of the country's clear majority (greeted to everyone).
	Faith    string `json:"faith,omitempty"`
	Majority bool   `json:"majority,omitempty"`
	Source   string `json:"source"`
}

// calendarCmd prints the weekend and every holiday keepwarm uses for a
// country in a year, with the source of each. It needs no config; with one,
// the team's [[calendar.override]] rows apply.
type calendarCmd struct {
	Country string `arg:"" name:"country" help:"ISO country code, e.g. SA, AE, IN, CN"`
	Year    int    `name:"year" placeholder:"YYYY" help:"the year (default: this year)"`
	JSON    bool   `name:"json" help:"print JSON"`
}

func (opt *calendarCmd) Run(ctx context.Context, m *Main) error {
	country := opt.Country
	year, asJSON := &opt.Year, &opt.JSON
	if *year == 0 {
		*year = m.clock.Now().Year()
	}
	code := strings.ToUpper(strings.TrimSpace(country))
	if code == "UK" {
		code = "GB"
	}
	if !worldcal.Known(code) && !worldcal.WeekOnly(code) {
		return usageError{fmt.Sprintf("calendar: %q: no calendar for this country; known: %s; the weekend only: %s", country,
			strings.Join(worldcal.Countries(), " "), strings.Join(worldcal.WeekOnlyCountries(), " "))}
	}
	if *year < 1950 || *year > 2099 {
		return usageError{fmt.Sprintf("calendar: --year %d: use 1950 to 2099", *year)}
	}
	cals, cfgFile, overrides, err := m.calendars()
	if err != nil {
		return err
	}
	from := "built-in calendars (no config file)"
	if cfgFile != nil {
		from = fmt.Sprintf("with %d override(s) from %s", overrides, *cfgFile)
	}
	out := calendarJSON{Country: code, Name: worldcal.Name(code), Year: *year, Notes: worldcal.Notes(code), Holidays: []calendarItem{},
		Missing: cals.Missing(code, *year), Config: cfgFile, Overrides: overrides}
	for _, d := range worldcal.Weekend(code, *year) {
		out.Weekend = append(out.Weekend, strings.ToLower(d.String()[:3]))
	}
	hs := cals.Holidays(code, *year)
	for _, h := range hs {
		it := calendarItem{Date: h.Date.Format("2006-01-02"), Name: h.Name, Key: h.Key, Kind: string(h.Kind),
			Observed: !h.Main && h.Kind != worldcal.Workday, Audience: h.Audience, Source: h.Source,
			Faith: worldcal.FaithOf(h.Key)}
		it.Majority = it.Faith != "" && it.Faith == worldcal.MajorityFaith(code)
		if !h.Until.IsZero() {
			it.Until = h.Until.Format("2006-01-02")
		}
		out.Holidays = append(out.Holidays, it)
	}
	if *asJSON {
		return writeJSON(m.Stdout, out)
	}
	fmt.Fprintf(m.Stdout, "%s (%s) %d, %s\nweekend: %s\n", out.Name, code, *year, from, strings.Join(out.Weekend, " "))
	if out.Notes != "" {
		fmt.Fprintf(m.Stdout, "accuracy: %s\n", out.Notes)
	}
	for _, l := range out.Missing {
		fmt.Fprintf(m.Stdout, "missing: %s\n", l)
	}
	fmt.Fprintln(m.Stdout)
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "DATE\tDAY\tKIND\tNAME\tSOURCE")
	for i, it := range out.Holidays {
		h := hs[i]
		name := it.Name
		switch {
		case it.Until != "":
			name += " (until " + it.Until + ")"
		case it.Kind == string(worldcal.Workday):
			name = "worked in exchange: " + name
		case it.Observed:
			name += " (day off)"
		}
		switch {
		case h.Kind == worldcal.Quiet:
			// A quiet period is never greeted; skip_quiet holds follow-ups
			// as CustomerCalendar.inAudience reads it.
			who := "every customer"
			if len(h.Audience) > 0 {
				who = "customers writing " + strings.Join(h.Audience, ", ")
				if it.Faith != "" {
					who += " or marked " + it.Faith + " in the customer book"
				}
				who += ", and those nothing says either way"
			}
			name += " [not greeted; skip_quiet holds follow-ups to " + who + "]"
		case it.Faith != "" && !it.Majority && h.Community:
			name += " [" + it.Faith + ": greeted to those writing " + strings.Join(it.Audience, ", ") + " or marked as keeping it in the customer book]"
		case it.Faith != "" && !it.Majority:
			name += " [" + it.Faith + ": greeted only to contacts marked as keeping it in the customer book]"
		case len(it.Audience) > 0:
			name += " [greeted to: " + strings.Join(it.Audience, ", ") + "]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", it.Date, h.Date.Weekday().String()[:3], it.Kind, name, it.Source)
	}
	return tw.Flush()
}

// calendars are the built-in calendars with the config's overrides when a
// config file exists; file is that file (nil: none) and overrides its
// [[calendar.override]] rows. A config named by --config or
// KEEPWARM_CONFIG must exist: a mistyped path would otherwise give the
// built-in calendars without the team's own dates, looking fine.
func (m *Main) calendars() (cals *worldcal.Set, file *string, overrides int, err error) {
	if _, err := os.Stat(m.configPath); errors.Is(err, fs.ErrNotExist) {
		if m.configPath != defaultConfigFile || m.Getenv("KEEPWARM_CONFIG") != "" {
			return nil, nil, 0, usageError{fmt.Sprintf("calendar: config file %s does not exist (the built-in calendars need none: leave --config and KEEPWARM_CONFIG out)", m.configPath)}
		}
		return worldcal.Builtin(), nil, 0, nil
	}
	cfg, err := config.Load(m.configPath)
	if err != nil {
		return nil, nil, 0, err
	}
	if cals, err = cfg.Calendars(); err != nil {
		return nil, nil, 0, err
	}
	path := m.configPath
	return cals, &path, len(cfg.Calendar.Override), nil
}
