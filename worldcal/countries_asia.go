package worldcal

import (
	"fmt"
	"time"

	hijri "github.com/hablullah/go-hijri"
)

// Islamic holidays of one country: lag is 1 where the country's moon
// sighting usually comes a day after Saudi Arabia's (South Asia, Morocco).
type islamicSet struct{ lag int }

func (s islamicSet) ramadan() rule { return ramadan(s.lag) }
func (s islamicSet) fitr(n int) rule {
	return islamic(10, 1, s.lag, "eid-al-fitr", "Eid al-Fitr").days(n)
}

// fitrFrom29 is Eid al-Fitr where the law counts its days off from 29
// Ramadan, as days gives them from 29 Ramadan and 1 Shawwal: Saudi
// Arabia's four days from the day after 29 Ramadan (30 Ramadan to 3
// Shawwal when Ramadan has 30 days), the UAE's 29 Ramadan to 3 Shawwal.
// 1 Shawwal stays the holiday's own day, greeted and named by an override;
// a sighting that moves it moves the end of Ramadan, not 29 Ramadan, which
// the start of the month fixed: the start of Ramadan in near (where the
// team's Ramadan row put it) when that Ramadan ends the day or two days
// before eid, else the Umm al-Qura calendar's (ramadan29).
func (s islamicSet) fitrFrom29(src string, days func(r29, eid time.Time) (first, last time.Time)) rule {
	r := s.fitr(1)
	r.aroundSource = src
	r.around = func(eid time.Time, near []Holiday) (time.Time, time.Time) {
		r29 := ramadan29(eid, s.lag)
		for _, h := range near {
			if d := h.Date.AddDate(0, 0, 28); h.Key == "ramadan" && h.Kind == Quiet && h.Main &&
				(d.Equal(eid.AddDate(0, 0, -1)) || d.Equal(eid.AddDate(0, 0, -2))) {
				r29 = d
			}
		}
		return days(r29, eid)
	}
	return r
}

// ramadan29 is 29 Ramadan before the Eid al-Fitr on eid: the Umm al-Qura
// calendar's (lag days later), unless eid cannot end a Ramadan of 29 or 30
// days from it (a sighting of the month's start that differed too), then
// the day or two days before eid, whichever is nearer.
func ramadan29(eid time.Time, lag int) time.Time {
	r29 := eid.AddDate(0, 0, -1)
	if h, err := hijri.CreateUmmAlQuraDate(eid.AddDate(0, 0, -15)); err == nil && h.Year >= ummAlQuraFirst && h.Year <= ummAlQuraLast {
		r29 = Civil(hijri.UmmAlQuraDate{Year: h.Year, Month: 9, Day: 29}.ToGregorian()).AddDate(0, 0, lag)
	}
	switch {
	case r29.After(eid.AddDate(0, 0, -1)):
		r29 = eid.AddDate(0, 0, -1)
	case r29.Before(eid.AddDate(0, 0, -2)):
		r29 = eid.AddDate(0, 0, -2)
	}
	return r29
}

func (s islamicSet) arafat() rule { return islamic(12, 9, s.lag, "arafat-day", "Arafat Day") }
func (s islamicSet) adha(n int) rule {
	return islamic(12, 10, s.lag, "eid-al-adha", "Eid al-Adha").days(n)
}
func (s islamicSet) newYear() rule {
	return islamic(1, 1, s.lag, "islamic-new-year", "Islamic New Year")
}
func (s islamicSet) ashura() rule { return islamic(1, 10, s.lag, "ashura", "Ashura") }
func (s islamicSet) mawlid() rule {
	return islamic(3, 12, s.lag, "mawlid", "Mawlid (Prophet's Birthday)")
}
func (s islamicSet) israMiraj() rule {
	return islamic(7, 27, s.lag, "isra-miraj", "Isra and Mi'raj")
}

const (
	noteIslamic = "Islamic holidays from the Umm al-Qura calendar; the day announced after the moon sighting can differ by one day: fix it with [[calendar.override]]."
	noteLunar   = "Lunar holidays from the Chinese lunar calendar (exact)."
)

// noteLunarOwn is for the countries that reckon the lunar calendar in their
// own time (lunarIn): people's (Korean), at UTC+zone, whose capital is city.
// A new moon in the hour between the country's midnight and Beijing's starts
// the month on another day than China's; the series lunarIn reads is good to
// about a minute, so a new moon within a minute or two of the country's
// midnight is uncertain (none that starts a holiday's month from 2025 to
// 2099, TestLunarMonthsStartOnTheNewMoonsDateInTheCountrysTime).
func noteLunarOwn(people, city string, zone int) string {
	between := fmt.Sprintf("a day later when the new moon falls between %s's midnight and Beijing's", city)
	if zone < 8 {
		between = fmt.Sprintf("a day earlier when the new moon falls between Beijing's midnight and %s's", city)
	}
	return fmt.Sprintf("Lunar holidays from the lunar calendar reckoned in %s time (UTC+%d): China's date, %s; new moons are computed to about a minute, so one within a minute or two of %s's midnight is uncertain and needs the announced date (none that starts a holiday's month from 2025 to 2099 is that close).",
		people, zone, between, city)
}

func asia() map[string]*country {
	sg, my, id := islamicSet{0}, islamicSet{0}, islamicSet{0}
	south := islamicSet{1}
	return map[string]*country{
		"CN": {name: "China", weekend: satSun, rules: []rule{chinaOfficial()},
			notes: "The State Council's arrangement (days off and weekend days worked) where lunar-go has it; otherwise estimated from recent years (see missing)."},
		"HK": {name: "Hong Kong", weekend: satSun, inLieu: sundayToMonday, notes: noteLunar, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			lunar(1, 1, "spring-festival", "Lunar New Year").days(3),
			solarTerm("清明", "qingming", "Ching Ming Festival"),
			easter(-2, "good-friday", "Good Friday"), easter(-1, "holy-saturday", "Holy Saturday"), easter(1, "easter-monday", "Easter Monday"),
			lunar(4, 8, "buddhas-birthday", "Buddha's Birthday"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			lunar(5, 5, "dragon-boat", "Tuen Ng Festival"),
			fixed(time.July, 1, "hksar-day", "HKSAR Establishment Day"),
			// The festival is greeted on its own day; the day off is the day after.
			lunar(8, 15, "mid-autumn", "Mid-Autumn Festival").as(Observance),
			lunar(8, 16, "mid-autumn", "Day after Mid-Autumn Festival").dayOff(),
			fixed(time.October, 1, "national-day", "National Day"),
			lunar(9, 9, "double-ninth", "Chung Yeung Festival"),
			fixed(time.December, 25, "christmas", "Christmas"), fixed(time.December, 26, "boxing-day", "Boxing Day"),
		}},
		"MO": {name: "Macao", weekend: satSun, notes: noteLunar + " Days off in lieu of a holiday on a weekend, which the government announces each year for some, are not included.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			lunar(1, 1, "spring-festival", "Lunar New Year").days(3),
			solarTerm("清明", "qingming", "Ching Ming Festival"),
			easter(-2, "good-friday", "Good Friday"), easter(-1, "holy-saturday", "Holy Saturday"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			lunar(4, 8, "buddhas-birthday", "Buddha's Birthday"),
			lunar(5, 5, "dragon-boat", "Tuen Ng Festival"),
			// As in Hong Kong: greeted on its own day, off the day after.
			lunar(8, 15, "mid-autumn", "Mid-Autumn Festival").as(Observance),
			lunar(8, 16, "mid-autumn", "Day after Mid-Autumn Festival").dayOff(),
			fixed(time.October, 1, "national-day", "National Day").days(2),
			lunar(9, 9, "double-ninth", "Chung Yeung Festival"),
			fixed(time.November, 2, "all-souls-day", "All Souls' Day"),
			fixed(time.December, 8, "immaculate-conception", "Feast of the Immaculate Conception"),
			fixed(time.December, 20, "macao-sar-day", "Macao SAR Establishment Day"),
			solarTerm("冬至", "winter-solstice", "Winter Solstice"),
			fixed(time.December, 24, "christmas-eve", "Christmas Eve"), fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"TW": {name: "Taiwan", weekend: satSun, inLieu: taiwanInLieu, notes: noteLunar + " The days off of the Commemoration Days and Holidays Act of 2025 (Teacher's Day, Retrocession Day, Constitution Day, the day before Lunar New Year's Eve) from 2025, the last from 2026. Bridge days the Executive Yuan adds are not included.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			// The act of May 2025 added the day before the eve (小年夜):
			// the first Lunar New Year under it is 2026's.
			lunar(1, 1, "spring-festival", "Lunar New Year").days(4).eve(1).years(0, 2025),
			lunar(1, 1, "spring-festival", "Lunar New Year").days(5).eve(2).years(2026, 0),
			fixed(time.February, 28, "peace-memorial-day", "Peace Memorial Day"),
			fixed(time.April, 4, "childrens-day", "Children's Day"),
			solarTerm("清明", "qingming", "Tomb Sweeping Day"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			lunar(5, 5, "dragon-boat", "Dragon Boat Festival"),
			lunar(8, 15, "mid-autumn", "Mid-Autumn Festival"),
			fixed(time.September, 28, "teachers-day", "Teacher's Day").years(2025, 0),
			fixed(time.October, 10, "national-day", "National Day"),
			fixed(time.October, 25, "retrocession-day", "Taiwan Retrocession Day").years(2025, 0),
			fixed(time.December, 25, "constitution-day", "Constitution Day").years(2025, 0),
		}},
		"KR": {name: "South Korea", weekend: satSun, inLieu: koreaInLieu, notes: noteLunarOwn("Korean", "Seoul", 9) + " Substitute holidays by the law's rule (Seollal, Chuseok on a Sunday or another holiday; Children's Day, the national days, Buddha's Birthday and Christmas on the weekend or another holiday); one-off days the government adds are not included.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			lunarIn(9, 1, 1, "seollal", "Seollal").days(3).eve(1),
			fixed(time.March, 1, "independence-movement-day", "Independence Movement Day"),
			fixed(time.May, 5, "childrens-day", "Children's Day"),
			lunarIn(9, 4, 8, "buddhas-birthday", "Buddha's Birthday"),
			fixed(time.June, 6, "memorial-day", "Memorial Day"),
			fixed(time.August, 15, "liberation-day", "Liberation Day"),
			lunarIn(9, 8, 15, "chuseok", "Chuseok").days(3).eve(1),
			fixed(time.October, 3, "national-foundation-day", "National Foundation Day"),
			fixed(time.October, 9, "hangul-day", "Hangul Day"),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"VN": {name: "Vietnam", weekend: satSun, inLieu: weekendToMonday, notes: noteLunarOwn("Vietnamese", "Hanoi", 7) + " The government fixes the exact Tết days off each year (usually 5-9 days around the first day, as here). A holiday on the weekend gives the next working day off (Labour Code art. 111).", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			lunarIn(7, 1, 1, "tet", "Tết Nguyên Đán").days(5).eve(1),
			lunarIn(7, 3, 10, "hung-kings", "Hung Kings Commemoration"),
			fixed(time.April, 30, "reunification-day", "Reunification Day"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.September, 2, "national-day", "National Day").days(2),
		}},
		"TH": {name: "Thailand", weekend: satSun, inLieu: weekendToMonday, notes: "Buddhist holidays (Makha, Visakha, Asalha Bucha) follow the Thai lunar calendar and are not included.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			fixed(time.April, 6, "chakri-day", "Chakri Day"),
			fixed(time.April, 13, "songkran", "Songkran").days(3),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.May, 4, "coronation-day", "Coronation Day"),
			fixed(time.June, 3, "queens-birthday", "Queen Suthida's Birthday"),
			fixed(time.July, 28, "kings-birthday", "King's Birthday"),
			fixed(time.August, 12, "mothers-day", "Queen Mother's Birthday (Mother's Day)"),
			fixed(time.October, 13, "king-bhumibol-memorial", "King Bhumibol Memorial Day"),
			fixed(time.October, 23, "chulalongkorn-day", "Chulalongkorn Day"),
			fixed(time.December, 5, "fathers-day", "King Bhumibol's Birthday (Father's Day)"),
			fixed(time.December, 10, "constitution-day", "Constitution Day"),
			fixed(time.December, 31, "new-years-eve", "New Year's Eve"),
			lunar(1, 1, "spring-festival", "Chinese New Year").as(Observance).to("zh"),
		}},
		"SG": {name: "Singapore", weekend: satSun, inLieu: sundayToMonday, notes: noteIslamic + " Vesak Day is not included.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			lunar(1, 1, "spring-festival", "Chinese New Year").days(2),
			easter(-2, "good-friday", "Good Friday"),
			sg.fitr(1).keptBy("ms", "ar"), sg.adha(1).keptBy("ms", "ar"), sg.ramadan().to("ms", "ar"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.August, 9, "national-day", "National Day"),
			diwali("Deepavali").keptBy("ta", "hi"),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"MY": {name: "Malaysia", weekend: satSun, inLieu: sundayToMonday, notes: noteIslamic + " Federal holidays; a holiday on a Sunday gives the Monday off. Kedah, Kelantan and Terengganu keep a Friday-Saturday weekend (their days in lieu follow it) and state holidays are not included.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			lunar(1, 1, "spring-festival", "Chinese New Year").days(2).to("zh"),
			my.ramadan().to("ms", "ar", "id"),
			my.fitr(2).keptBy("ms", "ar", "id"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			nth(time.June, time.Monday, 1, "agongs-birthday", "Agong's Birthday"),
			my.adha(1).keptBy("ms", "ar", "id"), my.newYear(), my.mawlid(),
			fixed(time.August, 31, "national-day", "National Day"),
			fixed(time.September, 16, "malaysia-day", "Malaysia Day"),
			diwali("Deepavali").keptBy("ta", "hi"),
			fixed(time.December, 25, "christmas", "Christmas").to("en", "zh"),
		}},
		"ID": {name: "Indonesia", weekend: satSun, notes: noteIslamic + " Collective leave (cuti bersama) around Lebaran follows the usual pattern; the joint ministerial decree of each year fixes it.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			id.israMiraj(),
			lunar(1, 1, "spring-festival", "Chinese New Year (Imlek)").to("zh"),
			easter(-2, "good-friday", "Good Friday"),
			id.ramadan(),
			islamic(10, 1, 0, "eid-al-fitr", "Idul Fitri (Lebaran)").days(2),
			islamic(10, 1, 0, "cuti-bersama-lebaran", "Collective leave before Lebaran").days(2).from(-2),
			islamic(10, 3, 0, "cuti-bersama-lebaran-after", "Collective leave after Lebaran").days(2),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			easter(39, "ascension-day", "Ascension Day"),
			fixed(time.June, 1, "pancasila-day", "Pancasila Day"),
			id.adha(1), id.newYear(),
			fixed(time.August, 17, "independence-day", "Independence Day"),
			id.mawlid(),
			fixed(time.December, 25, "christmas", "Christmas").to("en", "zh"),
		}},
		"PH": {name: "Philippines", weekend: satSun, notes: "Eid holidays are proclaimed each year; here from the Umm al-Qura calendar.", rules: []rule{
			fixed(time.January, 1, "new-year", "New Year"),
			lunar(1, 1, "spring-festival", "Chinese New Year").as(Observance).to("zh"),
			easter(-3, "maundy-thursday", "Maundy Thursday"), easter(-2, "good-friday", "Good Friday"),
			fixed(time.April, 9, "araw-ng-kagitingan", "Day of Valor"),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.June, 12, "independence-day", "Independence Day"),
			islamicSet{}.fitr(1), islamicSet{}.adha(1),
			nth(time.August, time.Monday, -1, "national-heroes-day", "National Heroes Day"),
			fixed(time.November, 30, "bonifacio-day", "Bonifacio Day"),
			fixed(time.December, 25, "christmas", "Christmas"),
			fixed(time.December, 30, "rizal-day", "Rizal Day"),
		}},
		"IN": {name: "India", weekend: satSun, notes: "The central government's compulsory holidays (DoPT): Diwali and Holi from a dated table for 2025-2030; " +
			"Dussehra, Buddha Purnima, Mahavir Jayanti and Guru Nanak Jayanti for 2025-2026 only (later years are listed as missing until added with [[calendar.override]]). " +
			"Islamic holidays follow India's sighting, usually a day after Saudi Arabia's. States add their own holidays.", rules: []rule{
			fixed(time.January, 26, "republic-day", "Republic Day"),
			holi(),
			mahavirJayanti(),
			easter(-2, "good-friday", "Good Friday"),
			buddhaPurnima(),
			south.fitr(1).keptBy("ur", "ar"), south.adha(1).keptBy("ur", "ar"), south.ashura().keptBy("ur", "ar"), south.mawlid().keptBy("ur", "ar"),
			fixed(time.August, 15, "independence-day", "Independence Day"),
			fixed(time.October, 2, "gandhi-jayanti", "Gandhi Jayanti"),
			dussehra(),
			diwali("Diwali"),
			guruNanakJayanti(),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"PK": {name: "Pakistan", weekend: satSun, notes: noteIslamic + " Pakistan's sighting usually comes a day after Saudi Arabia's.", rules: []rule{
			fixed(time.February, 5, "kashmir-day", "Kashmir Solidarity Day"),
			fixed(time.March, 23, "pakistan-day", "Pakistan Day"),
			south.ramadan(),
			south.fitr(3), south.adha(3),
			fixed(time.May, 1, "labour-day", "Labour Day"),
			fixed(time.May, 28, "youm-e-takbeer", "Youm-e-Takbeer"),
			islamic(1, 9, 1, "ashura", "Ashura").days(2),
			fixed(time.August, 14, "independence-day", "Independence Day"),
			south.mawlid(),
			fixed(time.November, 9, "iqbal-day", "Iqbal Day"),
			fixed(time.December, 25, "quaid-day", "Quaid-e-Azam Day"),
		}},
		"BD": {name: "Bangladesh", weekend: friSat, notes: noteIslamic + " Bangladesh's sighting usually comes a day after Saudi Arabia's; Hindu and Buddhist holidays are not included.", rules: []rule{
			fixed(time.February, 21, "language-martyrs-day", "Language Martyrs' Day"),
			fixed(time.March, 26, "independence-day", "Independence Day"),
			fixed(time.April, 14, "bengali-new-year", "Pohela Boishakh"),
			fixed(time.May, 1, "may-day", "May Day"),
			south.ramadan(),
			south.fitr(3), south.adha(3), south.ashura(), south.mawlid(),
			fixed(time.December, 16, "victory-day", "Victory Day"),
			fixed(time.December, 25, "christmas", "Christmas"),
		}},
		"KZ": {name: "Kazakhstan", weekend: satSun, rules: []rule{
			fixed(time.January, 1, "new-year", "New Year").days(2),
			fixed(time.January, 7, "orthodox-christmas", "Orthodox Christmas"),
			fixed(time.March, 8, "womens-day", "International Women's Day"),
			fixed(time.March, 21, "nowruz", "Nauryz").days(3),
			fixed(time.May, 1, "unity-day", "Unity Day"),
			fixed(time.May, 7, "defender-day", "Defender of the Fatherland Day"),
			fixed(time.May, 9, "victory-day", "Victory Day"),
			islamicSet{}.adha(1),
			fixed(time.July, 6, "capital-day", "Capital Day"),
			fixed(time.August, 30, "constitution-day", "Constitution Day"),
			fixed(time.October, 25, "republic-day", "Republic Day"),
			fixed(time.December, 16, "independence-day", "Independence Day"),
		}, inLieu: weekendToMonday},
	}
}
