package sequences

import (
	"sort"
	"strings"
	"time"

	"github.com/rickar/cal/v2"
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

// CountryHolidays returns the national public holidays github.com/rickar/cal/v2
// knows for an ISO 3166-1 alpha-2 country ("GB" and "UK" alike), or nil for
// a country it has no calendar for. Australia has no national list: New
// South Wales stands for it. The returned slice belongs to the library:
// never modify it.
func CountryHolidays(country string) []*cal.Holiday {
	switch strings.ToUpper(strings.TrimSpace(country)) {
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

// calendarCountries are the codes CountryHolidays knows.
func calendarCountries() []string {
	return []string{"AT", "AU", "BE", "BG", "BR", "CA", "CH", "CZ", "DE", "DK", "ES", "FR", "GB", "GR", "HR", "IE",
		"IT", "JP", "LT", "LV", "MW", "NC", "NL", "NO", "NZ", "PL", "RO", "RU", "SE", "SI", "SK", "UA", "US", "ZA"}
}

// HolidayKeys returns every holiday key (see NamedHoliday) of every country
// with a calendar in year, sorted: what a greetings configuration may name.
func HolidayKeys(year int) []string {
	seen := map[string]bool{}
	for _, c := range calendarCountries() {
		for _, h := range CountryHolidays(c) {
			if actual, _ := h.Calc(year); !actual.IsZero() {
				seen[holidayKey(h, actual)] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// NamedHoliday is one public holiday of a country on a date.
type NamedHoliday struct {
	// Key is a stable name for configuration: "christmas", "new-year" and
	// "thanksgiving" for those holidays in any country, else the library's
	// name in lower case with dashes ("independence-day", "tag-der-arbeit").
	Key string
	// Name is the holiday's display name: English for the keys above, else
	// the library's (often local) name.
	Name string
	// Observed is true when date is the day off in lieu (a holiday that fell
	// on a weekend), not the holiday itself.
	Observed bool
}

// HolidaysOn lists the public holidays of country on the civil date of day
// (its year, month and day; the location is ignored): the holiday itself and
// days off in lieu. It does not block.
func HolidaysOn(country string, day time.Time) []NamedHoliday {
	var out []NamedHoliday
	y, m, d := day.Date()
	for _, h := range CountryHolidays(country) {
		actual, observed := h.Calc(y)
		switch {
		case sameDate(actual, y, m, d):
			out = append(out, NamedHoliday{Key: holidayKey(h, actual), Name: holidayName(h, actual)})
		case sameDate(observed, y, m, d):
			out = append(out, NamedHoliday{Key: holidayKey(h, actual), Name: holidayName(h, actual), Observed: true})
		}
	}
	// A holiday of next year observed this year (1 January on a Saturday,
	// observed on 31 December).
	if m == time.December {
		for _, h := range CountryHolidays(country) {
			actual, observed := h.Calc(y + 1)
			if sameDate(observed, y, m, d) && !sameDate(actual, y, m, d) {
				out = append(out, NamedHoliday{Key: holidayKey(h, actual), Name: holidayName(h, actual), Observed: true})
			}
		}
	}
	return out
}

// IsPublicHoliday reports whether day (its civil date) is a public holiday or
// a day off in lieu in country.
func IsPublicHoliday(country string, day time.Time) bool {
	return len(HolidaysOn(country, day)) > 0
}

func sameDate(t time.Time, y int, m time.Month, d int) bool {
	if t.IsZero() {
		return false
	}
	ty, tm, td := t.Date()
	return ty == y && tm == m && td == d
}

// holidayKey names the holidays greetings care about the same way in every
// country, whatever the library calls them locally.
func holidayKey(h *cal.Holiday, actual time.Time) string {
	_, m, d := actual.Date()
	switch {
	case m == time.January && d == 1:
		return "new-year"
	case m == time.December && d == 25:
		return "christmas"
	case strings.Contains(strings.ToLower(h.Name), "thanksgiving"):
		return "thanksgiving"
	}
	return Slug(h.Name)
}

func holidayName(h *cal.Holiday, actual time.Time) string {
	switch holidayKey(h, actual) {
	case "new-year":
		return "New Year"
	case "christmas":
		return "Christmas"
	case "thanksgiving":
		return "Thanksgiving"
	}
	return h.Name
}

// Slug lower-cases s and joins its words (letters and digits, any script)
// with dashes: "Independence Day" → "independence-day".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r > 127 && !isSpaceOrPunct(r):
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

func isSpaceOrPunct(r rune) bool {
	return strings.ContainsRune(" \t’‘'\".,;:()[]/-–—", r)
}
