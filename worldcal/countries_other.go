package worldcal

import (
	"time"

	"github.com/rickar/cal/v2/ua"
)

// nextMonday moves a holiday to the Monday on or after it (Colombia's
// Ley Emiliani).
func (r rule) nextMonday() rule {
	inner := r.spans
	r.spans = func(y int) []span {
		out := inner(y)
		for i := range out {
			for out[i].start.Weekday() != time.Monday {
				out[i].start = out[i].start.AddDate(0, 0, 1)
			}
		}
		return out
	}
	return r
}

func christmasEve() rule {
	return fixed(time.December, 24, "christmas-eve", "Christmas Eve").as(Observance)
}

// others are the Americas, Africa and Europe beyond rickar/cal, and what
// rickar/cal's calendars lack.
func others() map[string]*country {
	return map[string]*country{
		"MX": {name: "Mexico", weekend: satSun, notes: "Federal holidays by the Ley Federal del Trabajo; Holy Thursday and Friday, Day of the Dead and Guadalupe are observances most offices keep.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			nth(time.February, time.Monday, 1, "constitution-day", "Constitution Day"),
			nth(time.March, time.Monday, 3, "benito-juarez", "Benito Juárez's Birthday"),
			easter(-3, "holy-thursday", "Holy Thursday").as(Observance), easter(-2, "good-friday", "Good Friday").as(Observance),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.September, 16, "independence-day", "Independence Day"),
			fixed(time.November, 2, "day-of-the-dead", "Day of the Dead").as(Observance),
			nth(time.November, time.Monday, 3, "revolution-day", "Revolution Day"),
			fixed(time.December, 12, "guadalupe", "Day of the Virgin of Guadalupe").as(Observance),
			christmasEve(),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"CL": {name: "Chile", weekend: satSun, notes: "Holidays the law moves to a Monday or Friday (29 June, 12 October, some years 20 June) are kept on their date.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			easter(-2, "good-friday", "Good Friday"), easter(-1, "holy-saturday", "Holy Saturday"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.May, 21, "navy-day", "Navy Day"),
			fixed(time.June, 29, "saints-peter-and-paul", "Saints Peter and Paul"),
			fixed(time.July, 16, "virgen-del-carmen", "Our Lady of Mount Carmel"),
			fixed(time.August, 15, "assumption", "Assumption"),
			fixed(time.September, 18, "independence-day", "Independence Day").days(2),
			fixed(time.October, 12, "encounter-of-two-worlds", "Encounter of Two Worlds"),
			fixed(time.October, 31, "reformation-day", "Reformation Day"),
			fixed(time.November, 1, "all-saints", "All Saints"),
			fixed(time.December, 8, "immaculate-conception", "Immaculate Conception"),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"CO": {name: "Colombia", weekend: satSun, notes: "Holidays the Ley Emiliani moves to the next Monday are moved.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			fixed(time.January, 6, "epiphany", "Epiphany").nextMonday(),
			fixed(time.March, 19, "saint-joseph", "Saint Joseph's Day").nextMonday(),
			easter(-3, "holy-thursday", "Holy Thursday"), easter(-2, "good-friday", "Good Friday"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			easter(43, "ascension-day", "Ascension Day"),
			easter(64, "corpus-christi", "Corpus Christi"),
			easter(71, "sacred-heart", "Sacred Heart"),
			fixed(time.June, 29, "saints-peter-and-paul", "Saints Peter and Paul").nextMonday(),
			fixed(time.July, 20, "independence-day", "Independence Day"),
			fixed(time.August, 7, "battle-of-boyaca", "Battle of Boyacá"),
			fixed(time.August, 15, "assumption", "Assumption").nextMonday(),
			fixed(time.October, 12, "columbus-day", "Día de la Raza").nextMonday(),
			fixed(time.November, 1, "all-saints", "All Saints").nextMonday(),
			fixed(time.November, 11, "cartagena-independence", "Independence of Cartagena").nextMonday(),
			fixed(time.December, 8, "immaculate-conception", "Immaculate Conception"),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"PE": {name: "Peru", weekend: satSun, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			easter(-3, "holy-thursday", "Holy Thursday"), easter(-2, "good-friday", "Good Friday"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.June, 7, "flag-day", "Battle of Arica and Flag Day"),
			fixed(time.June, 29, "saints-peter-and-paul", "Saints Peter and Paul"),
			fixed(time.July, 23, "air-force-day", "Peruvian Air Force Day"),
			fixed(time.July, 28, "independence-day", "Independence Day").days(2),
			fixed(time.August, 6, "battle-of-junin", "Battle of Junín"),
			fixed(time.August, 30, "santa-rosa", "Santa Rosa de Lima"),
			fixed(time.October, 8, "battle-of-angamos", "Battle of Angamos"),
			fixed(time.November, 1, "all-saints", "All Saints"),
			fixed(time.December, 8, "immaculate-conception", "Immaculate Conception"),
			fixed(time.December, 9, "battle-of-ayacucho", "Battle of Ayacucho"),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"NG": {name: "Nigeria", weekend: satSun, inLieu: weekendToMonday, notes: noteIslamic, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			easter(-2, "good-friday", "Good Friday"), easter(1, "easter-monday", "Easter Monday"),
			fixed(time.May, 1, "workers-day", "Workers' Day"),
			fixed(time.June, 12, "democracy-day", "Democracy Day"),
			islamicSet{}.ramadan().to("ha", "ar"), islamicSet{}.fitr(2).keptBy("ha", "ar"), islamicSet{}.adha(2).keptBy("ha", "ar"), islamicSet{}.mawlid(),
			fixed(time.October, 1, "independence-day", "Independence Day"),
			fixed(time.December, 25, "christmas", "Christmas"), fixed(time.December, 26, "boxing-day", "Boxing Day"),
		}},
		"KE": {name: "Kenya", weekend: satSun, inLieu: sundayToMonday, notes: noteIslamic, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			easter(-2, "good-friday", "Good Friday"), easter(1, "easter-monday", "Easter Monday"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.June, 1, "madaraka-day", "Madaraka Day"),
			islamicSet{}.fitr(1),
			fixed(time.October, 10, "mazingira-day", "Mazingira Day"),
			fixed(time.October, 20, "mashujaa-day", "Mashujaa Day"),
			fixed(time.December, 12, "jamhuri-day", "Jamhuri Day"),
			fixed(time.December, 25, "christmas", "Christmas"), fixed(time.December, 26, "boxing-day", "Boxing Day"),
		}},
		// What rickar/cal's calendars lack (its holidays come first).
		"RU": {name: "Russia", weekend: satSun, notes: "Days the government moves by decree each year (bridges) are not included.", rules: []rule{
			fixed(time.January, 2, "new-year-holidays", "New Year Holidays").days(5),
			fixed(time.January, 8, "new-year-holidays", "New Year Holidays"),
			orthodox(0, "orthodox-easter", "Orthodox Easter").as(Observance),
		}},
		"UA": {name: "Ukraine", weekend: satSun, notes: "Christmas is 25 December alone from 2024, no longer also 7 January, and Defenders Day is 1 October from 2023, no longer 14 October (law No. 3161-IX of 2023); Victory Day is 8 May from 2023, the Day of Remembrance and Victory over Nazism, no longer 9 May.", rules: []rule{
			orthodox(0, "orthodox-easter", "Easter").as(Observance),
			fixed(time.October, 1, Slug(ua.DefenderOfUkraineDay.Name), ua.DefenderOfUkraineDay.Name).years(2023, 0),
			// Under its key of before, so that greetings.occasions naming
			// it keep working.
			fixed(time.May, 8, Slug(ua.VictoryDay.Name), "День пам'яті та перемоги над нацизмом у Другій світовій війні 1939–1945 років").years(2023, 0),
		}},
		"GR": {name: "Greece", weekend: satSun, rules: []rule{orthodox(0, "orthodox-easter", "Orthodox Easter").as(Observance)}},
		"RO": {name: "Romania", weekend: satSun, rules: []rule{orthodox(0, "orthodox-easter", "Orthodox Easter").as(Observance)}},
		"BG": {name: "Bulgaria", weekend: satSun, rules: []rule{orthodox(0, "orthodox-easter", "Orthodox Easter").as(Observance)}},
		"DE": {name: "Germany", weekend: satSun, notes: "National holidays; the Länder add their own.", rules: []rule{christmasEve()}},
		"AT": {name: "Austria", weekend: satSun, rules: []rule{christmasEve()}},
		"CH": {name: "Switzerland", weekend: satSun, rules: []rule{christmasEve()}},
		"NL": {name: "Netherlands", weekend: satSun, rules: []rule{christmasEve()}},
		"PL": {name: "Poland", weekend: satSun, rules: []rule{christmasEve()}},
		"US": {name: "United States", weekend: satSun, rules: []rule{christmasEve()}},
		"GB": {name: "United Kingdom", weekend: satSun, rules: []rule{christmasEve()}},
		"FR": {name: "France", weekend: satSun, rules: []rule{christmasEve()}},
		"IT": {name: "Italy", weekend: satSun, rules: []rule{christmasEve()}},
		"ES": {name: "Spain", weekend: satSun, rules: []rule{christmasEve()}},
		"BE": {name: "Belgium", weekend: satSun, rules: []rule{christmasEve()}},
		"BR": {name: "Brazil", weekend: satSun, rules: []rule{christmasEve()}},
		"AR": {name: "Argentina", weekend: satSun, rules: []rule{christmasEve()}},
		"CA": {name: "Canada", weekend: satSun, rules: []rule{christmasEve()}},
		"AU": {name: "Australia (New South Wales)", weekend: satSun, rules: []rule{christmasEve()}},
	}
}
