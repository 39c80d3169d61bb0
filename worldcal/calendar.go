package worldcal

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Kind says what a calendar entry means for mail.
type Kind string

const (
	// Public is a day off: no follow-up goes out, greetings go before it.
	Public Kind = "public"
	// Observance is kept (greeted) but offices are mostly open.
	Observance Kind = "observance"
	// Quiet is a period (Ramadan) a sequence may choose to skip.
	Quiet Kind = "quiet"
	// Workday is a weekend day worked in exchange for a longer holiday
	// (China's make-up working days).
	Workday Kind = "workday"
)

// Holiday is one entry of a country's calendar.
type Holiday struct {
	// Date is the civil date at midnight UTC.
	Date time.Time
	// Until is the last day of a Quiet period (inclusive); zero otherwise:
	// a holiday of several days off has one entry per day.
	Until time.Time
	// Key names the occasion the same way in every country:
	// "eid-al-fitr", "spring-festival", "christmas", "diwali".
	Key  string
	Name string
	Kind Kind
	// Source says where the date comes from: a library, a table or the
	// team's override.
	Source string
	// Observed is true for a day off in lieu of a holiday on a weekend.
	Observed bool
	// Main is true on the holiday's own day (1 Shawwal, the first day of
	// the lunar year), not on its eve or the days off after: the day a
	// greeting is about and the day an override names.
	Main bool
	// Audience, when not empty, lists the languages of the customers the
	// holiday is greeted to in this country (Chinese New Year in Malaysia:
	// "zh"); empty means everyone.
	Audience []string
	// Community says writing one of Audience's languages marks a customer
	// as keeping this religious festival (Eid in India to those writing
	// Urdu), where it is not the faith of the country's majority.
	Community bool
}

// Covers reports whether the civil date of day falls on h (within a Quiet
// period's range).
func (h Holiday) Covers(day time.Time) bool {
	d := Civil(day)
	if h.Until.IsZero() {
		return d.Equal(h.Date)
	}
	return !d.Before(h.Date) && !d.After(h.Until)
}

// teamSource is the Source of the dates the team's [[calendar.override]]
// rows give (with "; computed: ..." after it when a row moved a holiday).
const teamSource = "override (config)"

// ByTeam reports whether h's date comes from the team's own override row
// in the config, not from a library, a table or a row keepwarm ships.
func (h Holiday) ByTeam() bool { return strings.HasPrefix(h.Source, teamSource) }

// Override is a date the team fixes after a moon sighting or a
// government's announcement: it moves the computed holiday of the same name
// (all its days, by the same number of days) in that year, or adds a day off
// when no computed holiday of that name falls within 30 days of it.
type Override struct {
	Country string    // ISO 3166-1 alpha-2
	Date    time.Time // civil date
	Name    string    // "Eid al-Fitr"
	Kind    Kind      // default Public

	source string
}

// announced are dates keepwarm ships fixed from an authority's table, where
// a computation is known to be off or too close to call, or to name the
// table beside it: Korea reckons its lunar calendar in Korean time, so the
// new moon of 6 February 2027 at 15:56 UTC (00:56 in Seoul, four minutes
// before Beijing's midnight) starts Seollal on 7 February, a day after
// China's Spring Festival, as KASI's table says and lunarIn computes too.
var announced = []Override{
	{Country: "KR", Date: date(2027, time.February, 7), Name: "Seollal", Kind: Public, source: "Korean lunar calendar (KASI), shipped table"},
}

// Set is the world's calendars with the team's overrides. Its methods do not
// block and are safe for concurrent use.
type Set struct {
	overrides map[string][]Override // by country
	mu        sync.Mutex
	cache     map[cacheKey][]Holiday
}

type cacheKey struct {
	country string
	year    int
}

// New checks the overrides and returns the calendars. An override for a
// country without a calendar, without a name or with a bad kind is an error
// naming its position.
func New(overrides []Override) (*Set, error) {
	s := &Set{overrides: map[string][]Override{}, cache: map[cacheKey][]Holiday{}}
	type fixed struct {
		country, alias string
		year           int
	}
	own := map[fixed]bool{}
	for i, o := range overrides {
		// Stored under the code every look-up reads: a row for "UK" went
		// under "UK", passed Known (which reads it as GB) and was never
		// applied.
		c := normCountry(o.Country)
		switch {
		case !Known(c):
			return nil, fmt.Errorf("calendar.override[%d]: country %q has no calendar (known: %s)", i, o.Country, strings.Join(Countries(), " "))
		case strings.TrimSpace(o.Name) == "":
			return nil, fmt.Errorf("calendar.override[%d] (%s %s): name is empty", i, c, o.Date.Format("2006-01-02"))
		case o.Date.IsZero():
			return nil, fmt.Errorf("calendar.override[%d] (%s %s): date is missing: write it as YYYY-MM-DD", i, c, o.Name)
		}
		switch o.Kind {
		case "":
			o.Kind = Public
		case Public, Observance:
		default:
			return nil, fmt.Errorf("calendar.override[%d] (%s %s): kind %q: use \"public\" or \"observance\"", i, c, o.Name, o.Kind)
		}
		o.Country, o.Date, o.source = c, Civil(o.Date), teamSource
		s.overrides[c] = append(s.overrides[c], o)
		_, alias := overrideName(o.Name)
		own[fixed{c, alias, o.Date.Year()}] = true
	}
	// The team's dates for a holiday in a year replace those keepwarm
	// ships: added to them, the same day twice made a holiday of several
	// days off one day (Seollal 2027), and another day two.
	for _, o := range announced {
		if _, alias := overrideName(o.Name); !own[fixed{o.Country, alias, o.Date.Year()}] {
			s.overrides[o.Country] = append(s.overrides[o.Country], o)
		}
	}
	return s, nil
}

var builtin = sync.OnceValue(func() *Set {
	s, _ := New(nil)
	return s
})

// Builtin is the calendars without overrides (shared; never nil).
func Builtin() *Set { return builtin() }

// Or returns s, or Builtin when s is nil.
func (s *Set) Or() *Set {
	if s == nil {
		return Builtin()
	}
	return s
}

// Holidays lists the entries of country in year by date: public holidays
// (one entry per day off), observances, quiet periods starting in the year
// and make-up workdays. nil for a country without a calendar. The slice is
// the caller's.
func (s *Set) Holidays(country string, year int) []Holiday {
	return append([]Holiday(nil), s.year(country, year)...)
}

// year is Holidays without the copy: the cached slice, which nobody may
// change. On runs for every contact and day of a greetings plan, each
// tick; copying the country's two years each time was most of its cost.
func (s *Set) year(country string, year int) []Holiday {
	s = s.Or()
	country = normCountry(country)
	// A country the team's rows leave alone has the built-in calendars'
	// entries: computed once for every Set (each config load makes one,
	// and Validate reads the years of the shipped rows for every country).
	if b := Builtin(); s != b && sameOverrides(s.overrides[country], b.overrides[country]) {
		return b.year(country, year)
	}
	k := cacheKey{country, year}
	s.mu.Lock()
	hs, ok := s.cache[k]
	s.mu.Unlock()
	if !ok {
		hs = s.compute(country, year)
		s.mu.Lock()
		s.cache[k] = hs
		s.mu.Unlock()
	}
	return hs
}

// sameOverrides says whether a and b are the same rows in the same order.
func sameOverrides(a, b []Override) bool {
	return slices.EqualFunc(a, b, func(x, y Override) bool {
		return x.Country == y.Country && x.Date.Equal(y.Date) && x.Name == y.Name && x.Kind == y.Kind && x.source == y.source
	})
}

func (s *Set) compute(country string, year int) []Holiday {
	c, ok := countries[country]
	if !ok {
		return nil
	}
	// A row dating a holiday a source does not reach may name it as the
	// calendar does, which is what the warning of its missing date says
	// ("Dussehra (Vijayadashami)").
	names := map[string]string{}
	for _, r := range c.rules {
		if r.key != "" && r.name != "" && r.gap != nil {
			names[Slug(r.name)] = r.key
		}
	}
	memo := map[int][]Holiday{}
	own := func(year int) []Holiday {
		if hs, ok := memo[year]; ok {
			return hs
		}
		var out []Holiday
		for _, r := range c.rules {
			out = append(out, r.holidays(year, country)...)
		}
		out = slices.Clip(applyOverrides(out, s.overrides[country], year, names))
		memo[year] = out
		return out
	}
	base := func(year int) []Holiday {
		out := own(year)
		for _, r := range c.rules {
			if r.around != nil {
				near := slices.Concat(own(year-1), out, own(year+1))
				out = append(slices.Clip(out), around(r, near, year)...)
			}
		}
		return out
	}
	out := base(year)
	if c.inLieu != nil {
		// A holiday on the last weekend of December gives its day off in
		// January (Thailand's New Year's Eve on Sunday 31 December 2023:
		// Tuesday 2 January 2024), and in Taiwan New Year's Day on a
		// Saturday gives the Friday before (31 December 2027).
		var edges []Holiday
		for _, h := range base(year - 1) {
			if h.Date.Month() == time.December {
				edges = append(edges, h)
			}
		}
		for _, h := range base(year + 1) {
			if h.Date.Month() == time.January {
				edges = append(edges, h)
			}
		}
		out = append(out, c.inLieu(append(edges, out...), year)...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return dedupe(out)
}

// around is the days off rule r places around each of its holidays' own
// days in hs (where the overrides put them) that fall in year: none for a
// day the team made an observance, or whose days off the team listed a row
// each.
func around(r rule, hs []Holiday, year int) []Holiday {
	var out []Holiday
	for _, h := range hs {
		if h.Key != r.key || !h.Main || h.Kind != Public {
			continue
		}
		if slices.ContainsFunc(hs, func(o Holiday) bool {
			return o.Key == h.Key && !o.Main && o.Kind == Public && o.Date.Sub(h.Date).Abs() <= 15*24*time.Hour
		}) {
			continue
		}
		first, last := r.around(h.Date, hs)
		for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
			if d.Equal(h.Date) || d.Year() != year {
				continue
			}
			out = append(out, Holiday{Date: d, Key: r.key, Name: r.name, Kind: Public, Source: r.aroundSource,
				Audience: r.audience, Community: r.community})
		}
	}
	return out
}

// dedupe drops a second entry of the same key on the same date (two
// sources agreeing).
func dedupe(hs []Holiday) []Holiday {
	seen := map[string]bool{}
	out := hs[:0]
	for _, h := range hs {
		k := h.Date.Format("20060102") + h.Key + string(h.Kind)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, h)
	}
	return out
}

// dependents are the days off tied to a holiday by key: an override moving
// the holiday moves them by as many days.
var dependents = map[string][]string{
	"eid-al-adha": {"arafat-day"},
	"eid-al-fitr": {"cuti-bersama-lebaran", "cuti-bersama-lebaran-after"},
}

// overrideGroups are names an override may give to several holidays at
// once: Indonesia's collective leave before and after Lebaran, which the
// joint decree announces day by day.
var overrideGroups = map[string][]string{
	"collective-leave-lebaran": {"cuti-bersama-lebaran", "cuti-bersama-lebaran-after"},
	"collective-leave":         {"cuti-bersama-lebaran", "cuti-bersama-lebaran-after"},
	"cuti-bersama":             {"cuti-bersama-lebaran", "cuti-bersama-lebaran-after"},
}

// sameHoliday are the keys a country's own calendar gives a holiday
// written by its shared name: the Lunar New Year is Seollal in Korea and
// Tết in Vietnam, and a row naming it there moves them.
var sameHoliday = map[string][]string{"spring-festival": {"seollal", "tet"}}

// overrideName is what an override's name stands for: its slug, and the
// key of the holiday it is another name of ("Hari Raya Puasa":
// eid-al-fitr), the slug itself when none.
func overrideName(name string) (slug, alias string) {
	slug = Slug(name)
	if k, ok := holidayNames[slug]; ok {
		return slug, k
	}
	return slug, slug
}

// applyOverrides moves each overridden holiday of year to its fixed date, or
// adds it. Every row is measured against the computed dates, so rows do not
// move what another row moved. Two or more rows fixing the same holiday
// (one per day of a collective leave the decree announces) are that
// holiday's days off: its computed days near them are dropped and each
// row's date is one. names maps the slugs of the calendar's own names for
// the holidays a source may not reach to their keys.
func applyOverrides(hs []Holiday, ovs []Override, year int, names map[string]string) []Holiday {
	type row struct {
		o      Override
		t      int // index in orig of the holiday it fixes
		byName bool
		group  string // the holiday it fixes: its key, and its name when byName
	}
	orig := slices.Clone(hs)
	var rows []row
	var adds []Holiday
	count := map[string]int{}
	// A row written twice (copied, or from an included file) is one day:
	// counted twice it made the holiday's days off that one day.
	seen := map[string]bool{}
	for _, o := range ovs {
		if o.Date.Year() != year {
			continue
		}
		slug, alias := overrideName(o.Name)
		k := alias + o.Date.Format("2006-01-02")
		if seen[k] {
			continue
		}
		seen[k] = true
		t, byName := overridden(orig, slug, alias, o.Date)
		if bare := GreetingName(o.Name); t < 0 && bare != o.Name {
			// The official name with its gloss ("Seollal (Lunar New
			// Year's Day)") fixes the holiday its bare name does, when
			// the whole name is none of the calendar's.
			s, a := overrideName(bare)
			if t, byName = overridden(orig, s, a, o.Date); t >= 0 {
				slug, alias = s, a
			}
		}
		if t < 0 {
			if k, ok := names[slug]; ok && alias == slug {
				alias = k
			}
			adds = append(adds, Holiday{Date: o.Date, Key: alias, Name: o.Name, Kind: o.Kind, Source: o.source, Main: true})
			continue
		}
		// Rows are counted by the holiday they fix, not by the name they
		// give it: "Lunar New Year" between two "Seollal Holiday" rows is
		// one of Seollal's days, not a move of Seollal the group drops.
		g := orig[t].Key
		if byName {
			g += "\x00" + orig[t].Name
		}
		if k := g + "\x00" + o.Date.Format("2006-01-02"); seen[k] {
			// "Seollal" and "Lunar New Year" on one day are one row.
			continue
		} else {
			seen[k] = true
		}
		rows = append(rows, row{o, t, byName, g})
		count[g]++
	}
	// A tied day the team fixed itself (Arafat Day, a collective leave)
	// stays where its own override puts it, whichever row comes first.
	own := map[string]bool{}
	for _, r := range rows {
		own[orig[r.t].Key] = true
	}
	type move struct {
		from  time.Time
		shift int
		by    string
	}
	moved := map[string]move{} // by key: where its own day went
	removed := make([]bool, len(orig))
	days := func(a, b time.Time) int { return int(a.Sub(b).Hours() / 24) }
	near := func(a, b time.Time, n int) bool { return a.Sub(b).Abs() <= time.Duration(n)*24*time.Hour }
	// A holiday moved whole first, then a day off named apart from it
	// (Hong Kong's "Day after Mid-Autumn Festival"), which moves alone.
	slices.SortStableFunc(rows, func(a, b row) int {
		switch {
		case a.byName == b.byName:
			return 0
		case a.byName:
			return 1
		}
		return -1
	})
	var groups []string
	for _, r := range rows {
		h := orig[r.t]
		if count[r.group] > 1 {
			if !slices.Contains(groups, r.group) {
				groups = append(groups, r.group)
			}
			continue
		}
		shift := days(r.o.Date, h.Date)
		for i, o := range orig {
			if o.Key != h.Key || r.byName && o.Name != h.Name || !near(o.Date, h.Date, 15) {
				continue
			}
			hs[i].Date = o.Date.AddDate(0, 0, shift)
			if !o.Until.IsZero() {
				hs[i].Until = o.Until.AddDate(0, 0, shift)
			}
			hs[i].Source = r.o.source + "; computed: " + o.Source
			if r.o.Kind == Observance && o.Kind == Public && hs[i].Covers(r.o.Date) {
				// The day the row names is a working day that year (the
				// UAE's Commemoration Day some years): offices open. The
				// holiday's other days stay days off: the row names one
				// day, and only that day says "mail still goes".
				hs[i].Kind = Observance
			}
		}
		if !r.byName {
			moved[h.Key] = move{h.Date, shift, r.o.Name + " by " + r.o.source}
		}
	}
	for _, g := range groups {
		var rs []row
		for _, r := range rows {
			if r.group == g {
				rs = append(rs, r)
			}
		}
		slices.SortStableFunc(rs, func(a, b row) int { return a.o.Date.Compare(b.o.Date) })
		for i, o := range orig {
			for _, r := range rs {
				h := orig[r.t]
				if o.Key == h.Key && (!r.byName || o.Name == h.Name) && near(o.Date, r.o.Date, 15) {
					removed[i] = true
				}
			}
		}
		// The holiday's own day (greeted, the end of Ramadan before it) is
		// the row nearest the computed own day, the later of two as near:
		// the first of the UAE's five Eid rows is 29 Ramadan, Korea's
		// first Seollal row the eve.
		mainRow := map[string]int{}
		for j, r := range rs {
			h := orig[r.t]
			if !h.Main {
				continue
			}
			k, ok := mainRow[h.Key]
			if !ok || r.o.Date.Sub(h.Date).Abs() <= rs[k].o.Date.Sub(orig[rs[k].t].Date).Abs() {
				mainRow[h.Key] = j
			}
		}
		for j, r := range rs {
			h := orig[r.t]
			k, ok := mainRow[h.Key]
			main := ok && k == j
			kind := h.Kind
			if r.o.Kind == Observance && kind == Public {
				kind = Observance
			}
			adds = append(adds, Holiday{Date: r.o.Date, Key: h.Key, Name: h.Name, Kind: kind, Source: r.o.source + "; computed: " + h.Source,
				Main: main, Audience: h.Audience, Community: h.Community})
			if main && !r.byName {
				moved[h.Key] = move{h.Date, days(r.o.Date, h.Date), r.o.Name + " by " + r.o.source}
			}
		}
	}
	for k, m := range moved {
		for i, o := range orig {
			if removed[i] {
				continue
			}
			if k == "eid-al-fitr" && o.Kind == Quiet && o.Key == "ramadan" && o.Until.AddDate(0, 0, 1).Equal(m.from) {
				// Ramadan ends the day before Eid al-Fitr, where the
				// sighting put it.
				hs[i].Until = m.from.AddDate(0, 0, m.shift-1)
			}
			// The days tied to the holiday (Arafat Day before Eid al-Adha,
			// Indonesia's collective leave around Lebaran) move with it:
			// those within a week of the day that moved, unless the team
			// fixed their date too.
			if near(o.Date, m.from, 7) && slices.Contains(dependents[k], o.Key) && !own[o.Key] {
				hs[i].Date = o.Date.AddDate(0, 0, m.shift)
				hs[i].Source = "moved with " + m.by + "; computed: " + o.Source
			}
		}
	}
	out := hs[:0]
	for i, h := range hs {
		if !removed[i] {
			out = append(out, h)
		}
	}
	return append(out, adds...)
}

// overrideReach is how far from its computed date an override may fix a
// holiday: a sighting or a decree moves it by days, not months. A row
// further from every holiday of its name is a day off of its own ("Cuti
// Bersama" on 24 December is the leave at Christmas, not Lebaran's).
const overrideReach = 30 * 24 * time.Hour

// overridden is the index in hs of the holiday an override of slug
// (another name of alias) moves: the own day nearest date, within
// overrideReach, of a holiday by key, name or group name; -1 when none.
// Else a day off named apart from its holiday (Hong Kong's "Day after
// Mid-Autumn Festival"), which moves alone, its holiday staying put
// (byName).
func overridden(hs []Holiday, slug, alias string, date time.Time) (first int, byName bool) {
	first = -1
	nearer := func(i int) bool {
		if hs[i].Date.Sub(date).Abs() > overrideReach {
			return false
		}
		if first < 0 {
			return true
		}
		a, b := hs[i].Date.Sub(date).Abs(), hs[first].Date.Sub(date).Abs()
		return a < b || a == b && hs[i].Date.Before(hs[first].Date)
	}
	for i, h := range hs {
		if (h.Key == slug || h.Key == alias || Slug(h.Name) == slug || slices.Contains(overrideGroups[slug], h.Key) ||
			slices.Contains(sameHoliday[alias], h.Key)) && h.Main && nearer(i) {
			first = i
		}
	}
	if first >= 0 {
		return first, false
	}
	for i, h := range hs {
		if Slug(h.Name) == slug && !h.Observed && nearer(i) {
			first, byName = i, true
		}
	}
	return first, byName
}

// OverrideKeys names the fixed dates of country ("2026-03-20 public Eid
// al-Fitr"), the team's and those keepwarm ships, sorted: what changes
// when the team fixes a date.
func (s *Set) OverrideKeys(country string) []string {
	s = s.Or()
	var out []string
	for _, o := range s.overrides[normCountry(country)] {
		out = append(out, o.Date.Format("2006-01-02")+" "+string(o.Kind)+" "+o.Name)
	}
	sort.Strings(out)
	return out
}

// Missing says what country's calendar lacks in year because a source
// does not reach it: a festival from a dated table past its last year
// (Diwali after 2030), the Islamic holidays after the Umm al-Qura
// calendar's end (November 2077), China's arrangement before lunar-go has
// it. A holiday the team dated with an override is not missing. One line
// per holiday ("Diwali: no date in 2031: ..."); nil when nothing is.
func (s *Set) Missing(country string, year int) []string {
	s = s.Or()
	c, ok := countries[normCountry(country)]
	if !ok {
		return nil
	}
	have := map[string]bool{}
	for _, h := range s.year(country, year) {
		have[h.Key] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range c.rules {
		if r.gap == nil {
			continue
		}
		why := r.gap(year)
		if why == "" || r.key != "" && have[r.key] || seen[r.name+why] {
			continue
		}
		seen[r.name+why] = true
		out = append(out, missingLine(r, country, why))
	}
	return out
}

// missingLine is Missing's line for rule r, whose source says why it has
// no date: what to do about it.
func missingLine(r rule, country, why string) string {
	switch {
	case r.kind == Quiet:
		why += "; an override cannot add a quiet period"
	case r.raw != nil:
		why += "; [[calendar.override]] can add the announced days off meanwhile"
	default:
		why += fmt.Sprintf("; add it with [[calendar.override]] country = %q, name = %q and its date (until then it is neither a day off nor greeted)", normCountry(country), r.name)
	}
	return r.name + ": " + why
}

// MissingKey is Missing's line for the holiday key in country's calendar
// of year ("Dussehra (Vijayadashami): no date in 2027: ..."), "" when it
// has a date or the calendar has no such holiday. A greetings plan asks
// it for every customer and occasion: it looks at the key's own rules and
// reads the cached year without copying it.
func (s *Set) MissingKey(country string, year int, key string) string {
	s = s.Or()
	c, ok := countries[normCountry(country)]
	if !ok || key == "" {
		return ""
	}
	for _, r := range c.rules {
		if r.key != key || r.gap == nil {
			continue
		}
		why := r.gap(year)
		if why == "" {
			continue
		}
		if slices.ContainsFunc(s.year(country, year), func(h Holiday) bool { return h.Key == key }) {
			return ""
		}
		return missingLine(r, country, why)
	}
	return ""
}

// HasCommunities says whether country greets any religious festival in
// year to one community by its language (Eid in India to Urdu or Arabic):
// only there does the language a contact writes tell their faith.
func (s *Set) HasCommunities(country string, year int) bool {
	if country == "" {
		return false
	}
	return slices.ContainsFunc(s.Or().year(country, year), func(h Holiday) bool { return h.Community && FaithOf(h.Key) != "" })
}

// CommunityFaith is the one faith whose festivals country greets in year
// to the community writing lang (Muslim for Urdu in India, for Malay in
// Malaysia); "" when none or several. A greetings plan asks it for every
// contact and day: it reads the cached year without copying it.
func (s *Set) CommunityFaith(country, lang string, year int) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	if lang == "" || country == "" {
		return ""
	}
	faith := ""
	for _, h := range s.Or().year(country, year) {
		f := FaithOf(h.Key)
		if !h.Community || f == "" || !slices.Contains(h.Audience, lang) {
			continue
		}
		if faith != "" && faith != f {
			return ""
		}
		faith = f
	}
	return faith
}

// On lists the entries of country covering the civil date of day,
// including a quiet period's days.
func (s *Set) On(country string, day time.Time) []Holiday {
	d := Civil(day)
	var out []Holiday
	for _, y := range []int{d.Year() - 1, d.Year()} {
		for _, h := range s.year(country, y) {
			if h.Covers(d) && (y == d.Year() || !h.Until.IsZero()) {
				out = append(out, h)
			}
		}
	}
	return out
}

// IsDayOff reports whether the civil date of day is a public holiday (or a
// day off in lieu) in country.
func (s *Set) IsDayOff(country string, day time.Time) bool {
	for _, h := range s.On(country, day) {
		if h.Kind == Public {
			return true
		}
	}
	return false
}

// IsQuiet reports whether the civil date of day is in a quiet period of
// country (Ramadan), and which.
func (s *Set) IsQuiet(country string, day time.Time) (Holiday, bool) {
	for _, h := range s.On(country, day) {
		if h.Kind == Quiet {
			return h, true
		}
	}
	return Holiday{}, false
}

// IsWeekend reports whether the civil date of day is a weekend day in
// country, unless it is a make-up workday there.
func (s *Set) IsWeekend(country string, day time.Time) bool {
	d := Civil(day)
	for _, w := range Weekend(country, d.Year()) {
		if d.Weekday() != w {
			continue
		}
		for _, h := range s.On(country, d) {
			if h.Kind == Workday {
				return false
			}
		}
		return true
	}
	return false
}

// IsWorkday reports whether the civil date of day is a working day in
// country: neither its weekend (unless worked in exchange) nor a day off.
func (s *Set) IsWorkday(country string, day time.Time) bool {
	return !s.IsWeekend(country, day) && !s.IsDayOff(country, day)
}

// LastWorkdayBefore is the last working day of country strictly before the
// civil date of day (at most 60 days back; day-1 when none is found).
func (s *Set) LastWorkdayBefore(country string, day time.Time) time.Time {
	d := Civil(day)
	for i := 1; i <= 60; i++ {
		if c := d.AddDate(0, 0, -i); s.IsWorkday(country, c) {
			return c
		}
	}
	return d.AddDate(0, 0, -1)
}

// Civil is the civil date of t (in t's location) at midnight UTC.
func Civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Code is a country as written in the config or on the command line ("uk",
// " GB ") as the code the calendars and the customer book use ("GB").
func Code(c string) string { return normCountry(c) }

func normCountry(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if c == "UK" {
		return "GB"
	}
	return c
}

// Slug lower-cases s and joins its words (letters and digits, any script)
// with dashes: "Eid al-Fitr" → "eid-al-fitr".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r > 127 && !strings.ContainsRune(" \t’‘'\".,;:()[]/-–—", r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// Keys lists the keys a greeting may name, sorted: the holidays' own days
// (public holidays and observances) of every country whatever the year, as
// each holiday's rule gives them (Diwali stays a key after its table's last
// year), the dates of the libraries' calendars in the years the tables
// cover and in years, and the holidays the team's overrides add or move.
// It does not depend on today's date, so a valid configuration stays valid
// as the years pass.
func (s *Set) Keys(years ...int) []string {
	s = s.Or()
	seen := map[string]bool{}
	for _, k := range staticKeys() {
		seen[k] = true
	}
	add := func(hs []Holiday) {
		for _, h := range hs {
			if h.Main && (h.Kind == Public || h.Kind == Observance) {
				seen[h.Key] = true
			}
		}
	}
	for _, y := range years {
		for _, c := range countries {
			for _, r := range c.rules {
				if r.raw != nil {
					add(r.raw(y))
				}
			}
		}
	}
	for c, ovs := range s.overrides {
		for _, o := range ovs {
			add(s.Holidays(c, o.Date.Year()))
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// staticKeys are the keys of every rule's own days, and the libraries'
// (raw rules') over the tables' years and a year either side.
var staticKeys = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	for _, c := range countries {
		for _, r := range c.rules {
			if r.raw != nil {
				for y := tableFirst - 1; y <= tableLast+1; y++ {
					for _, h := range r.raw(y) {
						if h.Main && (h.Kind == Public || h.Kind == Observance) {
							seen[h.Key] = true
						}
					}
				}
				continue
			}
			if r.key != "" && r.main >= 0 && (r.kind == Public || r.kind == Observance) {
				seen[r.key] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	return out
})

// OpenedByObservance lists, one line per override row of kind observance,
// the days that row turns from a day off into a working day (a public
// holiday the calendars give, which follow-ups then do not skip), for
// check and the daemon's start to say: "AE 2027-12-02 National Day
// (observance): Thursday 2 December 2027 becomes a working day, follow-ups
// go". A row that opens no day off says nothing.
func (s *Set) OpenedByObservance() []string {
	var out []string
	var countries []string
	for c := range s.overrides {
		countries = append(countries, c)
	}
	slices.Sort(countries)
	for _, c := range countries {
		for i, o := range s.overrides[c] {
			if o.Kind != Observance || o.source != teamSource {
				continue
			}
			without := &Set{overrides: map[string][]Override{}, cache: map[cacheKey][]Holiday{}}
			for k, v := range s.overrides {
				without.overrides[k] = v
			}
			without.overrides[c] = slices.Concat(s.overrides[c][:i:i], s.overrides[c][i+1:])
			var days []string
			for n := -16; n <= 16; n++ {
				day := o.Date.AddDate(0, 0, n)
				if s.IsWorkday(c, day) && !without.IsWorkday(c, day) {
					days = append(days, day.Format("Monday 2 January 2006"))
				}
			}
			switch len(days) {
			case 0:
			case 1:
				out = append(out, fmt.Sprintf("%s %s %s (observance): %s becomes a working day, follow-ups go", c, o.Date.Format("2006-01-02"), o.Name, days[0]))
			default:
				out = append(out, fmt.Sprintf("%s %s %s (observance): %s and %s become working days, follow-ups go", c, o.Date.Format("2006-01-02"), o.Name,
					strings.Join(days[:len(days)-1], ", "), days[len(days)-1]))
			}
		}
	}
	return out
}
