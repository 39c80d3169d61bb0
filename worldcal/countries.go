package worldcal

import (
	"slices"
	"sort"
	"time"
)

// country is one country's calendar.
type country struct {
	name    string
	weekend []weekendSince // newest last
	rules   []rule
	// inLieu adds the days off in lieu the country's law gives for
	// holidays on a weekend; nil = none.
	inLieu func(hs []Holiday, year int) []Holiday
	// notes are what the README and `keepwarm calendar` say about accuracy.
	notes string
}

// weekendSince is a weekend pattern in force from a year on.
type weekendSince struct {
	from int
	days []time.Weekday
}

var (
	satSun = []weekendSince{{0, []time.Weekday{time.Saturday, time.Sunday}}}
	friSat = []weekendSince{{0, []time.Weekday{time.Friday, time.Saturday}}}
	friday = []weekendSince{{0, []time.Weekday{time.Friday}}}
)

// countries holds every calendar, built once at start-up; read-only.
var countries = buildCountries()

func buildCountries() map[string]*country {
	m := map[string]*country{}
	for code, c := range asia() {
		m[code] = c
	}
	for code, c := range middleEast() {
		m[code] = c
	}
	for code, c := range others() {
		m[code] = c
	}
	// Countries rickar/cal covers keep its calendar, with what it lacks
	// added.
	for _, code := range rickarCountries {
		c, ok := m[code]
		if !ok {
			c = &country{name: rickarNames[code], weekend: satSun}
			m[code] = c
		}
		var rs []rule
		for _, h := range rickarHolidays(code) {
			rs = append(rs, rickarRule(h))
		}
		c.rules = append(rs, c.rules...)
	}
	return m
}

var rickarCountries = []string{"AR", "AT", "AU", "BE", "BG", "BR", "CA", "CH", "CZ", "DE", "DK", "ES", "FR", "GB", "GR", "HR", "IE",
	"IT", "JP", "LT", "LV", "MW", "NC", "NL", "NO", "NZ", "PL", "RO", "RU", "SE", "SI", "SK", "UA", "US", "ZA"}

var rickarNames = map[string]string{"AR": "Argentina", "AT": "Austria", "AU": "Australia (New South Wales)", "BE": "Belgium",
	"BG": "Bulgaria", "BR": "Brazil", "CA": "Canada", "CH": "Switzerland", "CZ": "Czech Republic", "DE": "Germany", "DK": "Denmark",
	"ES": "Spain", "FR": "France", "GB": "United Kingdom", "GR": "Greece", "HR": "Croatia", "IE": "Ireland", "IT": "Italy",
	"JP": "Japan", "LT": "Lithuania", "LV": "Latvia", "MW": "Malawi", "NC": "New Caledonia", "NL": "Netherlands", "NO": "Norway",
	"NZ": "New Zealand", "PL": "Poland", "RO": "Romania", "RU": "Russia", "SE": "Sweden", "SI": "Slovenia", "SK": "Slovakia",
	"UA": "Ukraine", "US": "United States", "ZA": "South Africa"}

// Known reports whether keepwarm has a calendar for the country.
func Known(code string) bool {
	_, ok := countries[normCountry(code)]
	return ok
}

// Countries lists the codes with a calendar, sorted.
func Countries() []string {
	out := make([]string, 0, len(countries))
	for c := range countries {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Name is the country's English name ("" when unknown), a country whose
// week alone keepwarm knows (WeekOnly) included.
func Name(code string) string {
	if c, ok := countries[normCountry(code)]; ok {
		return c.name
	}
	return weekendOnlyNames[normCountry(code)]
}

// Notes says how far the country's moving dates can be trusted.
func Notes(code string) string {
	if c, ok := countries[normCountry(code)]; ok {
		return c.notes
	}
	if WeekOnly(code) {
		return "No holidays of this country are known: follow-ups skip its weekend only and may go on its public holidays, and nothing is greeted for them ([[calendar.override]] cannot add days for it; [[greetings.custom]] can add a greeting)."
	}
	return ""
}

// WeekOnlyCountries lists the codes WeekOnly reports, sorted.
func WeekOnlyCountries() []string {
	out := make([]string, 0, len(weekendOnly))
	for c := range weekendOnly {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// WeekOnly reports whether keepwarm knows the country's weekend but no
// holidays of it (Brunei, Nepal, the Maldives).
func WeekOnly(code string) bool {
	_, ok := weekendOnly[normCountry(code)]
	return ok
}

// Weekend is the weekend of a country in a year: Friday and Saturday in
// Saudi Arabia, Saturday and Sunday in the UAE since 2022 (Friday and
// Saturday before), Friday in Iran; for a country without a calendar its
// known week (Brunei: Friday and Sunday), else Saturday and Sunday.
func Weekend(code string, year int) []time.Weekday {
	c, ok := countries[normCountry(code)]
	if !ok {
		if w, ok := weekendOnly[normCountry(code)]; ok {
			return w
		}
		return []time.Weekday{time.Saturday, time.Sunday}
	}
	days := c.weekend[0].days
	for _, w := range c.weekend {
		if year >= w.from {
			days = w.days
		}
	}
	return days
}

// weekendOnly are the weeks of countries keepwarm has no holidays for
// whose weekend is not Saturday and Sunday: Brunei rests on Friday and
// Sunday, Nepal on Saturday, the Maldives on Friday and Saturday.
var weekendOnly = map[string][]time.Weekday{
	"BN": {time.Friday, time.Sunday},
	"NP": {time.Saturday},
	"MV": {time.Friday, time.Saturday},
}

var weekendOnlyNames = map[string]string{"BN": "Brunei", "NP": "Nepal", "MV": "Maldives"}

// sundayToMonday gives a holiday on a Sunday a day off on the Monday after.
func sundayToMonday(hs []Holiday, year int) []Holiday {
	return inLieuAfter(hs, year, time.Sunday)
}

// weekendToMonday gives a holiday on a Saturday or a Sunday a day off on the
// next working day.
func weekendToMonday(hs []Holiday, year int) []Holiday {
	return inLieuAfter(hs, year, time.Saturday, time.Sunday)
}

// taiwanInLieu is Taiwan's rule: a holiday on a Saturday gives the
// working day before it off, one on a Sunday the working day after; the
// Lunar New Year's days always give theirs after. Children's Day and Tomb
// Sweeping Day on the same weekday give the day before off, the day after
// on a Thursday (紀念日及節日實施辦法 §5): Monday 3 April 2028.
func taiwanInLieu(hs []Holiday, year int) []Holiday {
	off := map[time.Time]bool{}
	qingming := map[time.Time]bool{}
	for _, h := range hs {
		if h.Kind == Public {
			off[h.Date] = true
		}
		if h.Kind == Public && !h.Observed && h.Key == "qingming" {
			qingming[h.Date] = true
		}
	}
	var out []Holiday
	for _, h := range hs {
		if h.Kind != Public || h.Observed {
			continue
		}
		step := 0
		wd := h.Date.Weekday()
		switch {
		case h.Key == "childrens-day" && qingming[h.Date] && wd == time.Thursday:
			step = 1
		case h.Key == "childrens-day" && qingming[h.Date] && wd != time.Saturday && wd != time.Sunday:
			step = -1
		case h.Date.Weekday() == time.Sunday, h.Date.Weekday() == time.Saturday && h.Key == "spring-festival":
			step = 1
		case h.Date.Weekday() == time.Saturday:
			step = -1
		default:
			continue
		}
		d := h.Date.AddDate(0, 0, step)
		for off[d] || d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, step)
		}
		off[d] = true
		if d.Year() != year {
			continue
		}
		out = append(out, Holiday{Date: d, Key: h.Key, Name: h.Name, Kind: Public, Source: h.Source + " (day off in lieu)",
			Observed: true, Audience: h.Audience})
	}
	return out
}

// saudiInLieu is Saudi Arabia's rule (HRSD, the Civil Service's since
// 2013) for Founding Day and National Day: on a Friday the Thursday before
// is off, on a Saturday the Sunday after; none when that day is a day off
// already. The Eids give none.
func saudiInLieu(hs []Holiday, year int) []Holiday {
	off := map[time.Time]bool{}
	for _, h := range hs {
		if h.Kind == Public {
			off[h.Date] = true
		}
	}
	var out []Holiday
	for _, h := range hs {
		if h.Kind != Public || h.Observed || !h.Main || h.Key != "founding-day" && h.Key != "national-day" {
			continue
		}
		var d time.Time
		switch h.Date.Weekday() {
		case time.Friday:
			d = h.Date.AddDate(0, 0, -1)
		case time.Saturday:
			d = h.Date.AddDate(0, 0, 1)
		default:
			continue
		}
		if off[d] || d.Year() != year {
			continue
		}
		off[d] = true
		out = append(out, Holiday{Date: d, Key: h.Key, Name: h.Name, Kind: Public, Source: h.Source + " (day off in lieu)",
			Observed: true, Audience: h.Audience})
	}
	return out
}

// koreaInLieu is Korea's substitute holiday rule (the Regulations on
// Holidays of Government Offices): a day of Seollal or Chuseok on a Sunday
// or on another holiday, Children's Day on a Saturday, a Sunday or another
// holiday, and since 2021 the national days (1 March, 15 August, 3 and 9
// October), since 2023 Buddha's Birthday and Christmas, on the weekend or
// another holiday give the next weekday that is no holiday off. New Year's
// Day and Memorial Day give none.
func koreaInLieu(hs []Holiday, year int) []Holiday {
	off := map[time.Time]bool{}
	byDay := map[time.Time][]Holiday{}
	var days []time.Time
	for _, h := range hs {
		if h.Kind != Public || h.Observed {
			continue
		}
		off[h.Date] = true
		if len(byDay[h.Date]) == 0 {
			days = append(days, h.Date)
		}
		if !slices.ContainsFunc(byDay[h.Date], func(o Holiday) bool { return o.Key == h.Key }) {
			byDay[h.Date] = append(byDay[h.Date], h)
		}
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	var out []Holiday
	for _, day := range days {
		hs := byDay[day]
		var subs []Holiday
		weekend := false
		for _, h := range hs {
			since, onSat := koreaSubstitutes(h.Key)
			if since == 0 || day.Year() < since {
				continue
			}
			subs = append(subs, h)
			wd := day.Weekday()
			weekend = weekend || wd == time.Sunday || wd == time.Saturday && onSat
		}
		n := 0
		switch {
		case len(subs) == 0:
		case weekend:
			n = len(subs)
		case len(hs) > 1:
			// On a weekday two holidays share one day off: each but one
			// gives another.
			n = min(len(subs), len(hs)-1)
		}
		for _, h := range subs[:n] {
			d := day.AddDate(0, 0, 1)
			for off[d] || d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				d = d.AddDate(0, 0, 1)
			}
			off[d] = true
			if d.Year() != year {
				continue
			}
			out = append(out, Holiday{Date: d, Key: h.Key, Name: h.Name, Kind: Public, Source: h.Source + " (substitute holiday)",
				Observed: true, Audience: h.Audience})
		}
	}
	return out
}

// koreaSubstitutes says from which year a Korean holiday gives a
// substitute day (0: never) and whether a Saturday counts as well as a
// Sunday.
func koreaSubstitutes(key string) (since int, onSaturday bool) {
	switch key {
	case "seollal", "chuseok":
		return 2014, false
	case "childrens-day":
		return 2014, true
	case "independence-movement-day", "liberation-day", "national-foundation-day", "hangul-day":
		return 2021, true
	case "buddhas-birthday", "christmas":
		return 2023, true
	}
	return 0, false
}

func inLieuAfter(hs []Holiday, year int, on ...time.Weekday) []Holiday {
	off := map[time.Time]bool{}
	for _, h := range hs {
		if h.Kind == Public {
			off[h.Date] = true
		}
	}
	var out []Holiday
	for _, h := range hs {
		if h.Kind != Public || h.Observed {
			continue
		}
		hit := false
		for _, w := range on {
			hit = hit || h.Date.Weekday() == w
		}
		if !hit {
			continue
		}
		d := h.Date.AddDate(0, 0, 1)
		for off[d] || d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			d = d.AddDate(0, 0, 1)
		}
		if d.Year() != year {
			continue
		}
		off[d] = true
		out = append(out, Holiday{Date: d, Key: h.Key, Name: h.Name, Kind: Public, Source: h.Source + " (day off in lieu)",
			Observed: true, Audience: h.Audience})
	}
	return out
}

// keepers are the countries whose date of an occasion others borrow first.
var keepers = []string{"CN", "SA", "IN", "IL", "RU", "IR", "TH", "VN", "KR", "US"}

// KeptBy names a country whose calendar has the occasion key in year (its
// own day), preferring the occasion's home (Spring Festival: China, Eid:
// Saudi Arabia, Diwali: India); "" when none has it. The built-in
// calendars only: Set.KeptBy counts the team's overrides.
func KeptBy(key string, year int) string { return Builtin().KeptBy(key, year) }

// KeptBy names a country whose calendar in s, overrides included, has the
// occasion key in year (its own day), preferring the occasion's home; ""
// when none has it (India's Dussehra after the DoPT table, until the team
// dates it).
func (s *Set) KeptBy(key string, year int) string {
	s = s.Or()
	for _, c := range append(append([]string(nil), keepers...), Countries()...) {
		for _, h := range s.Holidays(c, year) {
			if h.Key == key && h.Main {
				return c
			}
		}
	}
	return ""
}

// MissingHome is the country whose calendar has the holiday key but no
// date for it in year, preferring the occasion's home, and MissingKey's
// line for it there ("Dussehra (Vijayadashami): no date in 2027: ...; add
// it with [[calendar.override]] country = "IN"..."); "" when every
// calendar that has the holiday dates it, or none has it.
func (s *Set) MissingHome(key string, year int) (country, line string) {
	s = s.Or()
	for _, c := range append(append([]string(nil), keepers...), Countries()...) {
		if l := s.MissingKey(c, year, key); l != "" {
			return c, l
		}
	}
	return "", ""
}
