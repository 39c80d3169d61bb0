package worldcal

import (
	"strings"
	"sync"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/ar"
	"github.com/rickar/cal/v2/at"
	"github.com/rickar/cal/v2/au"
	"github.com/rickar/cal/v2/be"
	"github.com/rickar/cal/v2/bg"
	"github.com/rickar/cal/v2/br"
	"github.com/rickar/cal/v2/ca"
	"github.com/rickar/cal/v2/ch"
	"github.com/rickar/cal/v2/cz"
	"github.com/rickar/cal/v2/de"
	"github.com/rickar/cal/v2/dk"
	"github.com/rickar/cal/v2/es"
	"github.com/rickar/cal/v2/fr"
	"github.com/rickar/cal/v2/gb"
	"github.com/rickar/cal/v2/gr"
	"github.com/rickar/cal/v2/hr"
	"github.com/rickar/cal/v2/ie"
	"github.com/rickar/cal/v2/it"
	"github.com/rickar/cal/v2/jp"
	"github.com/rickar/cal/v2/lt"
	"github.com/rickar/cal/v2/lv"
	"github.com/rickar/cal/v2/mw"
	"github.com/rickar/cal/v2/nc"
	"github.com/rickar/cal/v2/nl"
	"github.com/rickar/cal/v2/no"
	"github.com/rickar/cal/v2/nz"
	"github.com/rickar/cal/v2/pl"
	"github.com/rickar/cal/v2/ro"
	"github.com/rickar/cal/v2/ru"
	"github.com/rickar/cal/v2/se"
	"github.com/rickar/cal/v2/si"
	"github.com/rickar/cal/v2/sk"
	"github.com/rickar/cal/v2/ua"
	"github.com/rickar/cal/v2/us"
	"github.com/rickar/cal/v2/za"
)

// rickarHolidays returns the national public holidays github.com/rickar/cal/v2
// knows for a country, or nil. Australia has no national list: New South
// Wales stands for it. The returned slice belongs to the library.
func rickarHolidays(country string) []*cal.Holiday {
	switch strings.ToUpper(strings.TrimSpace(country)) {
	case "AR":
		return ar.Holidays
	case "AT":
		return at.Holidays
	case "BE":
		return be.Holidays
	case "BG":
		return bg.Holidays
	case "BR":
		return br.Holidays
	case "CA":
		return ca.Holidays
	case "CH":
		return ch.Holidays
	case "CZ":
		return cz.Holidays
	case "DE":
		return de.Holidays
	case "DK":
		return dk.Holidays
	case "ES":
		return es.Holidays
	case "FR":
		return fr.Holidays
	case "GB":
		return gb.Holidays
	case "GR":
		return gr.Holidays
	case "HR":
		return hr.Holidays
	case "IE":
		return ie.Holidays
	case "IT":
		return it.Holidays
	case "JP":
		return jp.Holidays
	case "LT":
		return lt.Holidays
	case "LV":
		return lv.Holidays
	case "MW":
		return mw.Holidays
	case "NC":
		return nc.Holidays
	case "NL":
		return nl.Holidays
	case "NO":
		return no.Holidays
	case "NZ":
		return nz.Holidays
	case "PL":
		return pl.Holidays
	case "RO":
		return ro.Holidays
	case "RU":
		return ru.Holidays
	case "SE":
		return se.Holidays
	case "SI":
		return si.Holidays
	case "SK":
		return sk.Holidays
	case "UA":
		return ua.Holidays
	case "US":
		return us.Holidays
	case "ZA":
		return za.Holidays
	case "UK":
		return gb.Holidays
	case "AU":
		return au.HolidaysNSW
	}
	return nil
}

// rickarUntil are rickar/cal holidays a country's law has since ended,
// with the last year they were kept. Ukraine's law No. 3161-IX of July
// 2023 made 25 December its one Christmas and moved Defenders Day from 14
// October to 1 October, and its law of 2023 on Victory Day moved it from 9
// May to 8 May, the Day of Remembrance and Victory over Nazism
// (countries_other.go); rickar/cal v2.1.13 still lists 7 January, 9 May
// and 14 October every year.
var rickarUntil = map[*cal.Holiday]int{ua.OrthodoxChristmas: 2023, ua.DefenderOfUkraineDay: 2022, ua.VictoryDay: 2022}

// rickarMu makes one rickar/cal calculation at a time: some of its
// holidays write the year's day into the package's shared *Holiday before
// reading it back (Japan's equinoxes), so two calendars computed at once
// (the web's previews, the daemon's tick) could date one with the other's
// year.
var rickarMu sync.Mutex

// rickarRule turns one rickar/cal holiday into a rule with its day off in
// lieu, named the same way in every country for the holidays greetings
// care about.
func rickarRule(h *cal.Holiday) rule {
	kind := Public
	if h.Type == cal.ObservanceOther || h.Type == cal.ObservanceReligious {
		kind = Observance
	}
	return rule{kind: kind, source: srcRickar, raw: func(y int) []Holiday {
		var out []Holiday
		for _, yy := range []int{y, y + 1} {
			if last, ok := rickarUntil[h]; ok && yy > last {
				continue
			}
			rickarMu.Lock()
			actual, observed := h.Calc(yy)
			rickarMu.Unlock()
			if actual.IsZero() {
				continue
			}
			a := Civil(actual)
			key, name := rickarKey(h, a)
			if a.Year() == y {
				out = append(out, Holiday{Date: a, Key: key, Name: name, Kind: kind, Source: srcRickar, Main: true})
			}
			if !observed.IsZero() {
				if o := Civil(observed); !o.Equal(a) && o.Year() == y {
					out = append(out, Holiday{Date: o, Key: key, Name: name, Kind: kind, Source: srcRickar + " (day off in lieu)", Observed: true})
				}
			}
		}
		return out
	}}
}

func rickarKey(h *cal.Holiday, actual time.Time) (key, name string) {
	_, m, d := actual.Date()
	switch {
	case m == time.January && d == 1:
		return "new-year", "New Year"
	case m == time.December && d == 25:
		return "christmas", "Christmas"
	case m == time.January && d == 7:
		return "orthodox-christmas", "Orthodox Christmas"
	case strings.Contains(strings.ToLower(h.Name), "thanksgiving"):
		return "thanksgiving", "Thanksgiving"
	}
	return Slug(h.Name), h.Name
}
