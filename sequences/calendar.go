package sequences

import (
	"time"

	"keepwarm/worldcal"
)

// HolidayKeys returns every holiday key (see NamedHoliday) of every
// country, whatever the year (see worldcal.Set.Keys), with the holidays of
// cals's overrides (nil: the built-in calendars) and the libraries' in
// years, sorted: what a greetings configuration may name.
func HolidayKeys(cals *worldcal.Set, years ...int) []string {
	return cals.Or().Keys(years...)
}

// NamedHoliday is one holiday of a country on a date.
type NamedHoliday struct {
	// Key is a stable name for configuration, the same in every country:
	// "christmas", "new-year", "eid-al-fitr", "spring-festival", "diwali";
	// else the holiday's name in lower case with dashes
	// ("independence-day", "tag-der-arbeit").
	Key string
	// Name is the holiday's display name.
	Name string
	// Observed is true when date is a day off for the holiday but not its
	// own day: a day off in lieu, the eve or the days after.
	Observed bool
	// Public is false for an observance (kept and greeted, offices open).
	Public bool
	// Audience, when not empty, lists the languages of the customers the
	// holiday is greeted to in this country.
	Audience []string
	// Community says writing one of Audience's languages counts as
	// keeping the festival where it is not the majority's faith.
	Community bool
	// Faith is the faith of a religious festival ("christian", "muslim",
	// "hindu"...), "" for a civic or cultural holiday.
	Faith string
	// Source says where the date comes from.
	Source string
}

// HolidaysOn lists the public holidays and observances of country on the
// civil date of day (its year, month and day; the location is ignored), from
// cals (nil: the built-in calendars). It does not block.
func HolidaysOn(cals *worldcal.Set, country string, day time.Time) []NamedHoliday {
	var out []NamedHoliday
	for _, h := range cals.Or().On(country, day) {
		if h.Kind != worldcal.Public && h.Kind != worldcal.Observance {
			continue
		}
		out = append(out, NamedHoliday{Key: h.Key, Name: h.Name, Observed: !h.Main, Public: h.Kind == worldcal.Public,
			Audience: h.Audience, Community: h.Community, Faith: worldcal.FaithOf(h.Key), Source: h.Source})
	}
	return out
}

// IsPublicHoliday reports whether day (its civil date) is a public holiday or
// a day off for one in country.
func IsPublicHoliday(cals *worldcal.Set, country string, day time.Time) bool {
	return cals.Or().IsDayOff(country, day)
}

// Slug lower-cases s and joins its words (letters and digits, any script)
// with dashes: "Independence Day" → "independence-day".
func Slug(s string) string { return worldcal.Slug(s) }

// OccasionName is how a greeting names the occasion key ("christmas" →
// "Christmas", "birthday" → "your birthday"), from the built-in calendars
// of year; "" for a key none of them has.
func OccasionName(key string, year int) string {
	if key == OccasionBirthday {
		return "your birthday"
	}
	for _, c := range worldcal.Countries() {
		for _, h := range worldcal.Builtin().Holidays(c, year) {
			if h.Key == key && h.Main {
				return worldcal.GreetingName(h.Name)
			}
		}
	}
	return ""
}
