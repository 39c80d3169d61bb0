package worldcal

import (
	"fmt"
	"time"

	"github.com/6tail/lunar-go/calendar"
	hijri "github.com/hablullah/go-hijri"
)

// Source names, as `keepwarm calendar` prints them.
const (
	srcFixed    = "fixed date (national holiday law)"
	srcUmmQura  = "Umm al-Qura calendar (go-hijri)"
	srcLunar    = "Chinese lunar calendar (lunar-go)"
	srcSolar    = "solar term (lunar-go)"
	srcEaster   = "Easter, Gregorian computus"
	srcOrthodox = "Orthodox Easter, Julian computus"
	srcRule     = "weekday rule (national holiday law)"
	srcRickar   = "rickar/cal"
)

// span is a holiday's days: n days from start.
type span struct {
	start time.Time
	n     int
}

// rule computes one holiday of a country.
type rule struct {
	key, name string
	kind      Kind
	source    string
	spans     func(year int) []span
	// raw, when set, gives the entries directly (rickar/cal, China's
	// arrangements).
	raw func(year int) []Holiday
	// audience, when set, lists the languages of the customers greeted on
	// this holiday in this country (Chinese New Year in Malaysia is
	// greeted to Chinese-speaking customers).
	audience []string
	// community says the audience's languages are those of the community
	// that keeps this religious festival in this country (Eid in Malaysia
	// to those writing Malay): writing one of them counts as keeping it.
	community bool
	// main is the index of the holiday's own day within each span (1 for a
	// span that starts on the eve).
	main int
	// gap, when set, says why the rule has no date in a year its source
	// does not reach (a table's last year, the end of the Umm al-Qura
	// calendar); "" when the year is covered.
	gap func(year int) string
	// around, when set, gives the days off of the holiday around its own
	// day, placed once the team's overrides have put that day where the
	// sighting did (the Gulf's Eid al-Fitr, whose days off the law counts
	// from 29 Ramadan, not from 1 Shawwal): the first and last day off for
	// the own day main; near is the country's entries around it, the
	// overrides applied (the Ramadan the team dated).
	around func(main time.Time, near []Holiday) (first, last time.Time)
	// aroundSource says where around's rule comes from.
	aroundSource string
}

func (r rule) holidays(year int, country string) []Holiday {
	var out []Holiday
	defer func() {
		for i := range out {
			out[i].Audience, out[i].Community = r.audience, r.community
		}
	}()
	if r.raw != nil {
		out = r.raw(year)
		return out
	}
	for _, sp := range r.spans(year) {
		if r.kind == Quiet {
			if sp.start.Year() == year {
				out = append(out, Holiday{Date: sp.start, Until: sp.start.AddDate(0, 0, sp.n-1), Key: r.key, Name: r.name,
					Kind: Quiet, Source: r.source, Main: true})
			}
			continue
		}
		for i := range sp.n {
			d := sp.start.AddDate(0, 0, i)
			if d.Year() == year {
				out = append(out, Holiday{Date: d, Key: r.key, Name: r.name, Kind: r.kind, Source: r.source, Main: i == r.main})
			}
		}
	}
	return out
}

// as returns a copy of r with another kind.
func (r rule) as(k Kind) rule { r.kind = k; return r }

// to returns a copy of r greeted only to customers writing these languages.
func (r rule) to(langs ...string) rule { r.audience = langs; return r }

// keptBy returns a copy of r greeted to customers writing these languages,
// the community's that keeps the festival in this country, even where it
// is not the faith of the country's majority.
func (r rule) keptBy(langs ...string) rule { r.audience, r.community = langs, true; return r }

// days returns a copy of r lasting n days from each start.
func (r rule) days(n int) rule {
	inner := r.spans
	r.spans = func(y int) []span {
		out := inner(y)
		for i := range out {
			out[i].n = n
		}
		return out
	}
	return r
}

// eve returns a copy of r starting n days before the holiday's own day.
func (r rule) eve(n int) rule {
	r = r.from(-n)
	r.main = n
	return r
}

// dayOff returns a copy of r whose days are days off for a holiday that
// is not on them (Hong Kong's day after the Mid-Autumn Festival): none is
// the holiday's own day, so nobody is greeted for them and the greeting
// goes before the holiday itself.
func (r rule) dayOff() rule { r.main = -1; return r }

// years returns a copy of r that has its days only in first..last (0 for
// no end): a holiday a law added or took away (Taiwan's four days off of
// 2025).
func (r rule) years(first, last int) rule {
	inner := r.spans
	r.spans = func(y int) []span {
		if y < first || last != 0 && y > last {
			return nil
		}
		return inner(y)
	}
	return r
}

// from returns a copy of r starting off days from the computed day (the
// eve is -1).
func (r rule) from(off int) rule {
	inner := r.spans
	r.spans = func(y int) []span {
		var out []span
		for _, s := range append(inner(y-1), append(inner(y), inner(y+1)...)...) {
			s.start = s.start.AddDate(0, 0, off)
			if s.start.Year() == y || s.start.AddDate(0, 0, s.n-1).Year() == y {
				out = append(out, s)
			}
		}
		return uniqueSpans(out)
	}
	return r
}

func uniqueSpans(ss []span) []span {
	var out []span
	seen := map[time.Time]bool{}
	for _, s := range ss {
		if !seen[s.start] {
			seen[s.start] = true
			out = append(out, s)
		}
	}
	return out
}

func one(t time.Time) []span { return []span{{start: t, n: 1}} }

// fixed is a holiday on the same date every year.
func fixed(m time.Month, d int, key, name string) rule {
	return rule{key: key, name: name, kind: Public, source: srcFixed,
		spans: func(y int) []span { return one(date(y, m, d)) }}
}

// nth is the n-th weekday of a month (n < 0 counts from the end).
func nth(m time.Month, wd time.Weekday, n int, key, name string) rule {
	return rule{key: key, name: name, kind: Public, source: srcRule, spans: func(y int) []span {
		if n < 0 {
			d := date(y, m+1, 0)
			for d.Weekday() != wd {
				d = d.AddDate(0, 0, -1)
			}
			return one(d.AddDate(0, 0, 7*(n+1)))
		}
		d := date(y, m, 1)
		for d.Weekday() != wd {
			d = d.AddDate(0, 0, 1)
		}
		return one(d.AddDate(0, 0, 7*(n-1)))
	}}
}

// islamic is a day of the Islamic calendar as the Umm al-Qura calendar
// gives it, shifted by lag days where a country's sighting usually comes
// later.
func islamic(month, day int, lag int, key, name string) rule {
	src := srcUmmQura
	if lag != 0 {
		src += ", +1 day for the local moon sighting"
	}
	r := rule{key: key, name: name, kind: Public, source: src, spans: func(y int) []span {
		var out []span
		start, err := hijri.CreateUmmAlQuraDate(date(y, 1, 1))
		if err != nil {
			return nil
		}
		// A Gregorian year starting at the end of Hijri year H holds 1
		// Muharram of H+1 and of H+2 (24 December 2041).
		for h := start.Year - 1; h <= start.Year+2; h++ {
			if h < ummAlQuraFirst || h > ummAlQuraLast {
				continue // beyond go-hijri's table, which it indexes unchecked
			}
			g := hijri.UmmAlQuraDate{Year: h, Month: int64(month), Day: int64(day)}.ToGregorian()
			g = Civil(g).AddDate(0, 0, lag)
			if g.Year() == y {
				out = append(out, span{start: g, n: 1})
			}
		}
		return out
	}}
	inner := r.spans
	r.gap = func(y int) string {
		if (y <= ummAlQuraStart.Year() || y >= ummAlQuraEnd.Year()) && len(inner(y)) == 0 {
			return fmt.Sprintf("no date in %d: the Umm al-Qura calendar (go-hijri) covers %s to %s",
				y, ummAlQuraStart.Format("2 January 2006"), ummAlQuraEnd.Format("2 January 2006"))
		}
		return ""
	}
	return r
}

// The Umm al-Qura calendar go-hijri has: 1 Muharram 1356 to 29 Dhu
// al-Hijjah 1500.
const ummAlQuraFirst, ummAlQuraLast = 1356, 1500

var ummAlQuraStart, ummAlQuraEnd = date(1937, time.March, 14), date(2077, time.November, 16)

// ramadan is the month of Ramadan as a quiet period.
func ramadan(lag int) rule {
	r := islamic(9, 1, lag, "ramadan", "Ramadan")
	inner := r.spans
	r.spans = func(y int) []span {
		out := inner(y)
		for i, s := range out {
			end := islamic(10, 1, lag, "", "").spans
			for _, e := range append(end(y), end(y+1)...) {
				if e.start.After(s.start) {
					out[i].n = int(e.start.Sub(s.start).Hours() / 24)
					break
				}
			}
		}
		return out
	}
	r.kind = Quiet
	return r
}

// lunar is a day of the Chinese lunar calendar.
func lunar(month, day int, key, name string) rule {
	return lunarIn(8, month, day, key, name)
}

// lunarIn is a day of the lunar calendar reckoned at UTC+zone: Korea counts
// its months from the new moon in Korean time (9), Vietnam in its own (7),
// China in Beijing time (8). A new moon between their midnights starts the
// month a day apart (Seollal 2028 is 27 January, the Spring Festival 26
// January; Tết 2030 is 2 February, a day before China's), so each month's
// first day is lunar-go's moved to the date in the zone of the new moon
// nearest it (Meeus's series, to about a minute: only the zone's own date of
// it is read, so a new moon near Beijing's midnight, where the series and
// lunar-go may disagree, moves nothing). Leap months placed differently
// (Vietnam 1985) are not followed.
func lunarIn(zone, month, day int, key, name string) rule {
	source := srcLunar
	if zone != 8 {
		source = fmt.Sprintf("lunar calendar at UTC+%d (lunar-go's months, new moons by Meeus)", zone)
	}
	return rule{key: key, name: name, kind: Public, source: source, spans: func(y int) []span {
		var out []span
		for _, ly := range []int{y - 1, y} {
			s := calendar.NewLunarFromYmd(ly, month, day).GetSolar()
			d := date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay())
			if zone != 8 {
				first := d.AddDate(0, 0, 1-day)
				own := Civil(newMoonNear(first).In(time.FixedZone("", zone*3600)))
				d = d.AddDate(0, 0, int(own.Sub(first).Hours()/24))
			}
			if d.Year() == y {
				out = append(out, span{start: d, n: 1})
			}
		}
		return out
	}}
}

// solarTerm is the day of a solar term in China's time (Qingming).
func solarTerm(term, key, name string) rule {
	return rule{key: key, name: name, kind: Public, source: srcSolar, spans: func(y int) []span {
		// A lunar year's table holds the winter solstice twice: the one
		// before its first month (冬至) and the one after (DONG_ZHI).
		table := calendar.NewLunarFromYmd(y, 6, 1).GetJieQiTable()
		for _, k := range []string{term, pinyinTerms[term]} {
			if s := table[k]; s != nil && s.GetYear() == y {
				return one(date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay()))
			}
		}
		return nil
	}}
}

// pinyinTerms are the keys lunar-go's table gives the terms that come
// twice in it, at its end.
var pinyinTerms = map[string]string{"大雪": "DA_XUE", "冬至": "DONG_ZHI", "小寒": "XIAO_HAN", "大寒": "DA_HAN", "立春": "LI_CHUN", "雨水": "YU_SHUI", "惊蛰": "JING_ZHE"}

// nowruz is 1 Farvardin: the day of the March equinox in Tehran when it
// comes before noon there, else the day after (Iran's rule).
func nowruz(key, name string) rule {
	return rule{key: key, name: name, kind: Public, source: "March equinox (lunar-go), Tehran noon rule", spans: func(y int) []span {
		s := calendar.NewLunarFromYmd(y, 6, 1).GetJieQiTable()["春分"]
		if s == nil {
			return nil
		}
		beijing := time.FixedZone("CST", 8*3600)
		tehran := time.FixedZone("IRST", 3*3600+1800)
		t := time.Date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay(), s.GetHour(), s.GetMinute(), s.GetSecond(), 0, beijing).In(tehran)
		d := Civil(t)
		if t.Hour() >= 12 {
			d = d.AddDate(0, 0, 1)
		}
		return one(d)
	}}
}

// easter is Western Easter Sunday plus off days.
func easter(off int, key, name string) rule {
	return rule{key: key, name: name, kind: Public, source: srcEaster, spans: func(y int) []span {
		return one(gregorianEaster(y).AddDate(0, 0, off))
	}}
}

// orthodox is Orthodox Easter Sunday plus off days.
func orthodox(off int, key, name string) rule {
	return rule{key: key, name: name, kind: Public, source: srcOrthodox, spans: func(y int) []span {
		return one(julianEaster(y).AddDate(0, 0, off))
	}}
}

// tableFirst and tableLast are the years the dated tables cover between
// them (set as the countries are built).
var tableFirst, tableLast int

// table is a holiday from a dated table (year → month, day); years outside
// the table have none.
func table(src string, dates map[int][2]int, key, name string) rule {
	first, last := 0, 0
	for y := range dates {
		if first == 0 || y < first {
			first = y
		}
		last = max(last, y)
	}
	if tableFirst == 0 || first < tableFirst {
		tableFirst = first
	}
	tableLast = max(tableLast, last)
	return rule{key: key, name: name, kind: Public, source: src, spans: func(y int) []span {
		md, ok := dates[y]
		if !ok {
			return nil
		}
		return one(date(y, time.Month(md[0]), md[1]))
	}, gap: func(y int) string {
		if _, ok := dates[y]; ok {
			return ""
		}
		return fmt.Sprintf("no date in %d: keepwarm's table has %d-%d", y, first, last)
	}}
}

// gregorianEaster is Easter Sunday (Anonymous Gregorian algorithm).
func gregorianEaster(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return date(y, time.Month(month), day)
}

// julianEaster is Orthodox Easter Sunday in the Gregorian calendar (Meeus'
// Julian algorithm, plus the 13 days between the calendars in 1900-2099).
func julianEaster(y int) time.Time {
	a, b, c := y%4, y%7, y%19
	d := (19*c + 15) % 30
	e := (2*a + 4*b - d + 34) % 7
	month := (d + e + 114) / 31
	day := (d+e+114)%31 + 1
	return date(y, time.Month(month), day).AddDate(0, 0, 13)
}
