package config

import (
	"regexp"
	"slices"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/worldcal"
)

// GreetingsConfig is [greetings]: holiday and birthday greetings and the
// monthly letter (docs/rules.md rule 3).
type GreetingsConfig struct {
	// Occasions turns greetings on: holiday keys ("christmas", "new-year",
	// "thanksgiving", any public holiday's slug), custom keys, "birthday".
	Occasions  []string       `toml:"occasions"`
	DaysBefore map[string]int `toml:"days_before"` // occasion → days early; default: the customer's last working day before
	// OnTheDay lists the occasions greeted on the day itself (default
	// ["birthday"]).
	OnTheDay *[]string `toml:"on_the_day"`
	// Also greets customers of more countries on an occasion their own
	// calendar does not keep: diwali = ["GB"].
	Also      map[string][]string `toml:"also"`
	Templates map[string]string   `toml:"templates"` // occasion → template name
	Custom    []CustomOccasion    `toml:"custom"`
	// Grades are the greeted grades; "" = every ungraded customer. Default
	// A-D, and ungraded customers only when they are in the customer book
	// (imported or entered by hand), not those made from mail alone.
	Grades *[]string `toml:"grades"`
	Mode   string    `toml:"mode"` // send (default), draft, dry-run
	// CompanyAddresses greets a company's further addresses from the book
	// (einkauf@, info@) on holidays too; default only the people.
	CompanyAddresses bool `toml:"company_addresses"`
	// Window is the customer-local send window; greetings go in its morning
	// (until MorningUntil), letters over all of it on working days.
	Window       string `toml:"window"`
	MorningUntil string `toml:"morning_until"`

	LettersDir          string   `toml:"letters_dir"`   // YYYY-MM.tmpl files; "" = no letters
	LetterGrades        []string `toml:"letter_grades"` // as Grades, for the monthly letter; same default
	LetterDay           int      `toml:"letter_day"`
	LettersPerDay       int      `toml:"letters_per_day"` // per mailbox; default half its daily_cap (at most 100)
	SkipIfWrittenWithin Days     `toml:"skip_if_written_within"`
	// OnlyContactsWhoWrote (default true) sends greetings and letters only
	// to contacts who wrote to the team at least once; false also to people
	// entered in the customer book who never did.
	OnlyContactsWhoWrote *bool `toml:"only_contacts_who_wrote"`
	// EnglishFor lists the languages ("zh", or "*") whose contacts get the
	// English text of a greeting or letter that has no variant in their
	// language; by default they are skipped, with the reason in the plan.
	EnglishFor []string `toml:"english_for"`
}

// CustomOccasion is one [[greetings.custom]]: an occasion on dates no
// library computes.
type CustomOccasion struct {
	Key       string   `toml:"key"`
	Name      string   `toml:"name"`
	Dates     []string `toml:"dates"`     // YYYY-MM-DD, one or more per year
	Countries []string `toml:"countries"` // ISO codes, or ["*"]
	// DaysBefore is the calendar days early; 0 is the day itself, as in
	// [greetings] days_before; unset, the customer's last working day before.
	DaysBefore *int   `toml:"days_before"`
	Template   string `toml:"template"`
}

var occasionKeyRE = regexp.MustCompile(`^[\p{Ll}\p{N}]+(-[\p{Ll}\p{N}]+)*$`)

// Enabled reports whether greetings or letters are configured at all.
func (g GreetingsConfig) Enabled() bool { return len(g.Occasions) > 0 || g.LettersDir != "" }

func (g *GreetingsConfig) defaults() {
	if g.Window == "" {
		g.Window = "09:00-17:00"
	}
	if g.MorningUntil == "" {
		g.MorningUntil = "12:00"
	}
	if g.Mode == "" {
		g.Mode = string(keepwarm.ModeSend)
	}
	if g.LetterDay == 0 {
		g.LetterDay = 1
	}
	// The book stores a British customer's country as GB, whatever its cell
	// said ("UK", "Britain"): a list naming "UK" greeted nobody.
	for _, cs := range g.Also {
		for i, c := range cs {
			cs[i] = worldcal.Code(c)
		}
	}
	g.holidayAliases()
	for i := range g.Custom {
		c := &g.Custom[i]
		if c.Name == "" {
			c.Name = c.Key
		}
		for j, cc := range c.Countries {
			c.Countries[j] = worldcal.Code(cc)
		}
	}
}

// holidayAliases reads an occasion written as another name of a holiday
// ("hari-raya-puasa", "deepavali") as that holiday's key, in occasions,
// days_before, on_the_day, also and templates, unless a
// [[greetings.custom]] has that key. An override "Hari Raya Puasa" once
// added a holiday of that key beside Eid al-Fitr; it now moves Eid, and a
// config greeting "hari-raya-puasa" still loads and greets it.
func (g *GreetingsConfig) holidayAliases() {
	key := func(o string) string {
		if slices.ContainsFunc(g.Custom, func(c CustomOccasion) bool { return c.Key == o }) {
			return o
		}
		if k, ok := worldcal.HolidayAlias(o); ok {
			return k
		}
		return o
	}
	var occasions []string
	for _, o := range g.Occasions {
		if k := key(o); !slices.Contains(occasions, k) {
			occasions = append(occasions, k)
		}
	}
	if len(occasions) > 0 {
		g.Occasions = occasions
	}
	if g.OnTheDay != nil {
		var days []string
		for _, o := range *g.OnTheDay {
			if k := key(o); !slices.Contains(days, k) {
				days = append(days, k)
			}
		}
		g.OnTheDay = &days
	}
	for o, n := range g.DaysBefore {
		if k := key(o); k != o {
			delete(g.DaysBefore, o)
			if _, ok := g.DaysBefore[k]; !ok {
				g.DaysBefore[k] = n
			}
		}
	}
	for o, cs := range g.Also {
		if k := key(o); k != o {
			delete(g.Also, o)
			for _, c := range cs {
				if !slices.Contains(g.Also[k], c) {
					g.Also[k] = append(g.Also[k], c)
				}
			}
		}
	}
	for o, t := range g.Templates {
		if k := key(o); k != o {
			delete(g.Templates, o)
			if _, ok := g.Templates[k]; !ok {
				g.Templates[k] = t
			}
		}
	}
}

// validate reports each problem of [greetings] naming its key; cals are
// the team's calendars (their overrides add holidays greetings may name).
func (g GreetingsConfig) validate(cals *worldcal.Set, bad func(key, format string, args ...any)) {
	switch g.Mode {
	case "send", "draft", "dry-run":
	default:
		bad("greetings.mode", "%q: use \"send\", \"draft\" or \"dry-run\"", g.Mode)
	}
	start, end, err := sequences.ParseHours(g.Window)
	if err != nil {
		bad("greetings.window", "%v", err)
	} else if until, err := time.Parse("15:04", g.MorningUntil); err != nil {
		bad("greetings.morning_until", "%q is not a time of day: write it like \"12:00\"", g.MorningUntil)
	} else if of := time.Duration(until.Hour())*time.Hour + time.Duration(until.Minute())*time.Minute; of <= start || of > end {
		bad("greetings.morning_until", "%s is outside the window %s", g.MorningUntil, g.Window)
	}
	custom := map[string]bool{}
	for i, c := range g.Custom {
		key := keyPath(nil).item("greetings.custom", i, c.Key, true).at
		switch {
		case !occasionKeyRE.MatchString(c.Key):
			bad(key("key"), "%q: use lower-case words joined by dashes, e.g. \"eid-al-fitr\"", c.Key)
		case custom[c.Key]:
			bad(key("key"), "%q is defined twice", c.Key)
		}
		custom[c.Key] = true
		if len(c.Dates) == 0 {
			bad(key("dates"), "is empty: list the occasion's dates, e.g. [\"2026-03-20\", \"2027-03-10\"]")
		}
		for _, d := range c.Dates {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				bad(key("dates"), "%q is not a date: write it like \"2026-03-20\"", d)
			}
		}
		if len(c.Countries) == 0 {
			bad(key("countries"), "is empty: list the ISO country codes whose customers are greeted, e.g. [\"AE\", \"SA\"], or [\"*\"]")
		}
		for _, cc := range c.Countries {
			if cc != "*" && !regexp.MustCompile(`^[A-Z]{2}$`).MatchString(cc) {
				bad(key("countries"), "%q is not an ISO country code such as \"AE\"", cc)
			}
		}
		if c.DaysBefore != nil && (*c.DaysBefore < 0 || *c.DaysBefore > 60) {
			bad(key("days_before"), "%d: use 0 (the day itself) to 60, or leave it out for the customer's last working day before", *c.DaysBefore)
		}
	}
	known := sequences.HolidayKeys(cals)
	for _, o := range g.Occasions {
		if what, ok := worldcal.Solemn(o); ok {
			bad("greetings.occasions", "%q is a day of %s, not an occasion to wish anyone well: take it out", o, what)
			continue
		}
		if o != sequences.OccasionBirthday && !custom[o] && !slices.Contains(known, o) {
			bad("greetings.occasions", "%q is neither \"birthday\", a [[greetings.custom]] key, nor a public holiday keepwarm knows (e.g. \"christmas\", \"new-year\", \"thanksgiving\")", o)
		}
	}
	for o, n := range g.DaysBefore {
		if n < 0 || n > 60 {
			bad("greetings.days_before."+o, "%d: use 0 to 60", n)
		}
		if !slices.Contains(g.Occasions, o) {
			bad("greetings.days_before."+o, "%q is not in greetings.occasions", o)
		}
	}
	if g.OnTheDay != nil {
		for _, o := range *g.OnTheDay {
			if !slices.Contains(g.Occasions, o) {
				bad("greetings.on_the_day", "%q is not in greetings.occasions", o)
			}
		}
	}
	for o, countries := range g.Also {
		if !slices.Contains(known, o) {
			bad("greetings.also."+o, "%q is not a holiday of any country keepwarm has a calendar for (e.g. \"diwali\", \"spring-festival\", \"eid-al-fitr\")", o)
		} else if !slices.Contains(g.Occasions, o) {
			bad("greetings.also."+o, "%q is not in greetings.occasions", o)
		}
		for _, c := range countries {
			if !worldcal.Known(c) && !regexp.MustCompile(`^[A-Z]{2}$`).MatchString(c) {
				bad("greetings.also."+o, "%q is not an ISO country code such as \"GB\"", c)
			}
		}
	}
	for o := range g.Templates {
		if !slices.Contains(g.Occasions, o) {
			bad("greetings.templates."+o, "%q is not in greetings.occasions", o)
		}
	}
	grades := []string{"A", "B", "C", "D", "E"}
	if g.Grades != nil {
		for _, gr := range *g.Grades {
			if gr != "" && !slices.Contains(grades, gr) {
				bad("greetings.grades", "%q is not a grade: use \"A\" to \"E\", or \"\" for ungraded customers", gr)
			}
		}
	}
	for _, gr := range g.LetterGrades {
		if gr != "" && !slices.Contains(grades, gr) {
			bad("greetings.letter_grades", "%q is not a grade: use \"A\" to \"E\", or \"\" for ungraded customers", gr)
		}
	}
	for _, l := range g.EnglishFor {
		if l != "*" && !regexp.MustCompile(`^[a-z]{2,3}$`).MatchString(l) {
			bad("greetings.english_for", "%q is not a language code: write it like \"zh\" or \"de\", or \"*\" for every language", l)
		}
	}
	if g.LetterDay < 1 || g.LetterDay > 28 {
		bad("greetings.letter_day", "%d: use 1 to 28 (the day of the month letters start going)", g.LetterDay)
	}
	if g.LettersPerDay < 0 {
		bad("greetings.letters_per_day", "%d is negative", g.LettersPerDay)
	}
}
