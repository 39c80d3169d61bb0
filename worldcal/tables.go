package worldcal

import (
	"fmt"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
	"github.com/6tail/lunar-go/calendar"
)

// Hindu festivals follow the lunisolar Hindu calendar, which no Go library
// computes reliably. These tables are the Government of India's gazetted
// dates (Department of Personnel and Training lists of central government
// holidays) for 2025 and 2026, and the published panchang dates for
// 2027-2030, which the DoPT list usually repeats. Years outside the table
// have no date: the override table adds them.
const srcHindu = "Hindu festival table 2025-2030 (DoPT central government holiday lists 2025-2026; panchang dates 2027-2030)"

var diwaliDates = map[int][2]int{
	2025: {10, 20}, 2026: {11, 8}, 2027: {10, 29}, 2028: {10, 17}, 2029: {11, 5}, 2030: {10, 26},
}

var holiDates = map[int][2]int{
	2025: {3, 14}, 2026: {3, 4}, 2027: {3, 22}, 2028: {3, 11}, 2029: {3, 1}, 2030: {3, 20},
}

func diwali(name string) rule { return table(srcHindu, diwaliDates, "diwali", name) }
func holi() rule              { return table(srcHindu, holiDates, "holi", "Holi") }

// India's other compulsory central government holidays that follow a
// lunisolar calendar (Hindu, Buddhist, Jain and Sikh), from the DoPT lists
// of 2025 and 2026 only: later years have no date until the team adds one
// with an override, and `keepwarm calendar` lists them as missing.
const srcDoPT = "DoPT central government holiday lists 2025-2026"

var dussehraDates = map[int][2]int{2025: {10, 2}, 2026: {10, 20}}
var buddhaPurnimaDates = map[int][2]int{2025: {5, 12}, 2026: {5, 1}}
var mahavirDates = map[int][2]int{2025: {4, 10}, 2026: {3, 31}}
var guruNanakDates = map[int][2]int{2025: {11, 5}, 2026: {11, 24}}

func dussehra() rule {
	return table(srcDoPT, dussehraDates, "dussehra", "Dussehra (Vijayadashami)")
}
func buddhaPurnima() rule {
	return table(srcDoPT, buddhaPurnimaDates, "buddha-purnima", "Buddha Purnima")
}
func mahavirJayanti() rule {
	return table(srcDoPT, mahavirDates, "mahavir-jayanti", "Mahavir Jayanti")
}
func guruNanakJayanti() rule {
	return table(srcDoPT, guruNanakDates, "guru-nanak-jayanti", "Guru Nanak Jayanti")
}

// The Hebrew calendar: 15 Nisan (the first day of Passover) from the
// published Hebrew calendar for 2025-2030; the autumn holidays follow from
// it (1 Tishrei is always 163 days after 15 Nisan).
const srcHebrew = "Hebrew calendar table 2025-2030 (15 Nisan; the other holidays follow from it)"

var passoverDates = map[int][2]int{
	2025: {4, 13}, 2026: {4, 2}, 2027: {4, 22}, 2028: {4, 11}, 2029: {3, 31}, 2030: {4, 18},
}

func hebrew(off int, key, name string) rule {
	r := table(srcHebrew, passoverDates, key, name)
	return r.from(off)
}

// yomHaatzmaut is Israel's Independence Day, 5 Iyar (Passover + 20 days),
// moved to Thursday when it falls on Friday or Saturday and to Tuesday when
// it falls on Monday.
func yomHaatzmaut() rule {
	r := hebrew(20, "independence-day", "Independence Day (Yom Ha'atzmaut)")
	inner := r.spans
	r.spans = func(y int) []span {
		out := inner(y)
		for i, s := range out {
			switch s.start.Weekday() {
			case time.Friday:
				out[i].start = s.start.AddDate(0, 0, -1)
			case time.Saturday:
				out[i].start = s.start.AddDate(0, 0, -2)
			case time.Monday:
				out[i].start = s.start.AddDate(0, 0, 1)
			}
		}
		return out
	}
	return r
}

// chinaAutumn is the estimate of China's autumn days off: the Mid-Autumn
// Festival and 1-7 October, or, when the festival falls between 29
// September and 7 October, the two joined into eight days off from the
// earlier of the festival and 1 October, as the State Council arranged
// them in 2012 (30 September-7 October), 2017 and 2020 (1-8 October), 2023
// (29 September-6 October) and 2025 (1-8 October).
func chinaAutumn() []rule {
	festival := func(y int) time.Time {
		s := calendar.NewLunarFromYmd(y, 8, 15).GetSolar()
		return date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay())
	}
	joined := func(y int) (time.Time, bool) {
		f := festival(y)
		if f.Before(date(y, time.September, 29)) || f.After(date(y, time.October, 7)) {
			return time.Time{}, false
		}
		if f.Before(date(y, time.October, 1)) {
			return f, true
		}
		return date(y, time.October, 1), true
	}
	return []rule{
		{key: "mid-autumn", name: "Mid-Autumn Festival", kind: Public, source: srcLunar, spans: func(y int) []span {
			if _, ok := joined(y); ok {
				return nil
			}
			return one(festival(y))
		}},
		{key: "national-day", name: "National Day", kind: Public, source: srcFixed, spans: func(y int) []span {
			if _, ok := joined(y); ok {
				return nil
			}
			return []span{{start: date(y, time.October, 1), n: 7}}
		}},
		{key: "national-day", name: "National Day and Mid-Autumn Festival", kind: Public, source: srcLunar, spans: func(y int) []span {
			if start, ok := joined(y); ok {
				return []span{{start: start, n: 8}}
			}
			return nil
		}},
		// Within the joined days off the festival is still its own day, to
		// greet on.
		{key: "mid-autumn", name: "Mid-Autumn Festival", kind: Observance, source: srcLunar, spans: func(y int) []span {
			if _, ok := joined(y); ok {
				return one(festival(y))
			}
			return nil
		}},
	}
}

// midAutumnDay is the Mid-Autumn Festival of year y as an observance: the
// day to greet on in a year whose arrangement names only the joined days
// off ("国庆中秋"); ok false when hs has the festival already.
func midAutumnDay(hs []Holiday, y int) (Holiday, bool) {
	for _, h := range hs {
		if h.Key == "mid-autumn" {
			return Holiday{}, false
		}
	}
	s := calendar.NewLunarFromYmd(y, 8, 15).GetSolar()
	return Holiday{Date: date(s.GetYear(), time.Month(s.GetMonth()), s.GetDay()), Key: "mid-autumn", Name: "Mid-Autumn Festival",
		Kind: Observance, Source: srcLunar, Main: true}, true
}

// chinaOfficial is China's public holidays as the State Council arranges
// them each year (days off and the weekend days worked in exchange), from
// lunar-go's table of the arrangements. For a year the table does not have
// yet, the days off are estimated as recent arrangements give them (the
// Spring Festival from its eve to the eighth day, nine days as in 2026 and
// 2027, 1-5 May, 1-7 October or eight days with the Mid-Autumn Festival
// (chinaAutumn): offices are closed then, not only on the statutory days;
// a one-day festival on a weekend gives the next weekday off, one on a
// Tuesday or a Thursday the Monday or Friday beside it (chinaEstimate)),
// without the weekend days worked in exchange, and Missing says so.
func chinaOfficial() rule {
	names := map[string][2]string{
		"元旦节": {"new-year", "New Year"}, "春节": {"spring-festival", "Spring Festival"}, "清明节": {"qingming", "Qingming Festival"},
		"劳动节": {"labour-day", "Labour Day"}, "端午节": {"dragon-boat", "Dragon Boat Festival"}, "中秋节": {"mid-autumn", "Mid-Autumn Festival"},
		"国庆节": {"national-day", "National Day"}, "国庆中秋": {"national-day", "National Day and Mid-Autumn Festival"},
		"抗战胜利日": {"victory-day", "Victory Day"},
	}
	const src = "State Council holiday arrangement (lunar-go HolidayUtil)"
	fallback := chinaFallback()
	return rule{kind: Public, source: src, name: "State Council holiday arrangement", raw: func(y int) []Holiday {
		l := HolidayUtil.GetHolidaysByYear(y)
		if l.Len() == 0 {
			var out []Holiday
			for _, h := range chinaEstimate(fallback, y) {
				h.Source = fmt.Sprintf("estimated (no State Council arrangement for %d in lunar-go); %s", y, h.Source)
				out = append(out, h)
			}
			return out
		}
		var out []Holiday
		for e := l.Front(); e != nil; e = e.Next() {
			h := e.Value.(*HolidayUtil.Holiday)
			d, err1 := time.Parse("2006-01-02", h.GetDay())
			target, err2 := time.Parse("2006-01-02", h.GetTarget())
			if err1 != nil || err2 != nil {
				continue
			}
			kn := names[h.GetName()]
			if kn[0] == "" {
				kn = [2]string{Slug(h.GetName()), h.GetName()}
			}
			kind := Public
			if h.IsWork() {
				kind = Workday
			}
			out = append(out, Holiday{Date: d, Key: kn[0], Name: kn[1], Kind: kind, Source: src, Main: !h.IsWork() && d.Equal(target)})
		}
		if h, ok := midAutumnDay(out, y); ok {
			out = append(out, h)
		}
		return out
	}, gap: func(y int) string {
		if HolidayUtil.GetHolidaysByYear(y).Len() > 0 {
			return ""
		}
		return fmt.Sprintf("lunar-go has none for %d: the days off are estimated (the Spring Festival from its eve to the eighth day, 1-5 May, 1-7 October, eight days when the Mid-Autumn Festival falls in that week, the next weekday for a festival on a weekend, the Monday or Friday beside one on a Tuesday or Thursday) and the weekend days worked in exchange are unknown", y)
	}}
}

// chinaFallback is the rules of China's days off that chinaEstimate joins
// to weekends for a year without the State Council's arrangement.
func chinaFallback() []rule {
	return append([]rule{
		fixed(time.January, 1, "new-year", "New Year"),
		lunar(1, 1, "spring-festival", "Spring Festival").days(9).eve(1),
		solarTerm("清明", "qingming", "Qingming Festival"),
		fixed(time.May, 1, "labour-day", "Labour Day").days(5),
		lunar(5, 5, "dragon-boat", "Dragon Boat Festival"),
	}, chinaAutumn()...)
}

// chinaSingle are the festivals of one day off by law, which the State
// Council joins to a weekend.
var chinaSingle = map[string]bool{"new-year": true, "qingming": true, "dragon-boat": true, "mid-autumn": true}

// chinaEstimate is the days off of rules in year y, with the days the State
// Council has added to a one-day festival every year since 2020: on a
// Saturday or Sunday the next weekday that is no day off (Dragon Boat on
// Saturday 31 May 2025: Monday 2 June; Qingming on Sunday 5 April 2026:
// Monday 6 April), on a Tuesday the Monday before, on a Thursday the Friday
// after (New Year's Day 2026: Friday 2 January). New Year's Day on a
// Tuesday gives 31 December of the year before.
func chinaEstimate(rules []rule, y int) []Holiday {
	var all []Holiday
	off := map[time.Time]bool{}
	for _, r := range rules {
		for yy := y - 1; yy <= y+1; yy++ {
			for _, h := range r.holidays(yy, "CN") {
				all = append(all, h)
				if h.Kind == Public {
					off[h.Date] = true
				}
			}
		}
	}
	weekend := func(d time.Time) bool { return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday }
	var out []Holiday
	for _, h := range all {
		if h.Date.Year() == y {
			out = append(out, h)
		}
		if h.Kind != Public || !h.Main || !chinaSingle[h.Key] {
			continue
		}
		var d time.Time
		switch h.Date.Weekday() {
		case time.Saturday, time.Sunday:
			d = h.Date.AddDate(0, 0, 1)
			for off[d] || weekend(d) {
				d = d.AddDate(0, 0, 1)
			}
		case time.Tuesday:
			d = h.Date.AddDate(0, 0, -1)
		case time.Thursday:
			d = h.Date.AddDate(0, 0, 1)
		default:
			continue
		}
		if off[d] {
			continue
		}
		off[d] = true
		if d.Year() == y {
			out = append(out, Holiday{Date: d, Key: h.Key, Name: h.Name, Kind: Public, Source: h.Source + " (day off beside it)",
				Observed: weekend(h.Date)})
		}
	}
	return out
}
