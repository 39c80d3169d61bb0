package worldcal

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func d(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// want is a holiday's own day as an official calendar gives it; slack is
// the days a moon sighting may move it (the override table fixes those).
// The Umm al-Qura countries (the Gulf, Turkey) and those a day after them
// (South Asia, Morocco) have none: their rows pin the table's date, so a
// day's shift in the conversion or a lag lost or misplaced fails them.
type want struct {
	key, date string
	slack     int
}

// The dates below are taken from: Saudi Arabia's Umm al-Qura calendar
// (ummulqura.org.sa) and the Royal Decree on Founding Day; the UAE cabinet's
// holiday list for 2026 (Eid al-Fitr 1-3 Shawwal, National Day 2-3
// December); China's State Council notice on the 2026 holidays (国办发明电
// 〔2025〕7号: Spring Festival 15-23 February, worked 14 and 28 February)
// and the Purple Mountain Observatory's lunar calendar for 2027; India's
// DoPT central government holiday list for 2026 (Holi 4 March, Diwali
// 8 November) and the panchang for 2027; Russia's Labour Code art. 112 and
// the Julian computus (Orthodox Easter 12 April 2026, 2 May 2027); Mexico's
// Ley Federal del Trabajo art. 74; the Diyanet's calendar for Turkey; Iran's
// official calendar (Nowruz 1 Farvardin 1405 = 21 March 2026, 1406 =
// 21 March 2027); Vietnam's Labour Code art. 112 (Tết); Korea's KASI lunar
// tables (Seollal 17 February 2026, 7 February 2027); Israel's Hebrew
// calendar; the Hong Kong Observatory's calendar; Singapore MOM's list.
var countryTable = []struct {
	country string
	year    int
	weekend []time.Weekday
	holis   []want
}{
	{"SA", 2026, []time.Weekday{time.Friday, time.Saturday}, []want{
		{"founding-day", "2026-02-22", 0}, {"eid-al-fitr", "2026-03-20", 0}, {"arafat-day", "2026-05-26", 0},
		{"eid-al-adha", "2026-05-27", 0}, {"national-day", "2026-09-23", 0}}},
	{"SA", 2027, []time.Weekday{time.Friday, time.Saturday}, []want{
		{"eid-al-fitr", "2027-03-09", 0}, {"eid-al-adha", "2027-05-16", 0}, {"national-day", "2027-09-23", 0}}},
	{"AE", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{
		{"eid-al-fitr", "2026-03-20", 0}, {"eid-al-adha", "2026-05-27", 0}, {"islamic-new-year", "2026-06-16", 0},
		{"national-day", "2026-12-02", 0}}},
	{"AE", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{
		{"eid-al-fitr", "2027-03-09", 0}, {"eid-al-adha", "2027-05-16", 0}, {"national-day", "2027-12-02", 0}}},
	{"AE", 2021, []time.Weekday{time.Friday, time.Saturday}, nil},
	{"KW", 2026, []time.Weekday{time.Friday, time.Saturday}, []want{{"national-day", "2026-02-25", 0}, {"eid-al-fitr", "2026-03-20", 0}}},
	{"QA", 2027, []time.Weekday{time.Friday, time.Saturday}, []want{{"eid-al-adha", "2027-05-16", 0}, {"national-day", "2027-12-18", 0}}},
	{"EG", 2026, []time.Weekday{time.Friday, time.Saturday}, []want{{"orthodox-christmas", "2026-01-07", 0}, {"sham-el-nessim", "2026-04-13", 0}, {"eid-al-fitr", "2026-03-20", 1}}},
	{"EG", 2027, []time.Weekday{time.Friday, time.Saturday}, []want{{"sham-el-nessim", "2027-05-03", 0}, {"eid-al-adha", "2027-05-16", 1}}},
	{"IR", 2026, []time.Weekday{time.Friday}, []want{{"nowruz", "2026-03-21", 0}, {"sizdah-bedar", "2026-04-02", 0}, {"eid-al-fitr", "2026-03-20", 1}}},
	{"IR", 2027, []time.Weekday{time.Friday}, []want{{"nowruz", "2027-03-21", 0}, {"sizdah-bedar", "2027-04-02", 0}}},
	{"TR", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"eid-al-fitr", "2026-03-20", 0}, {"eid-al-adha", "2026-05-27", 0}, {"republic-day", "2026-10-29", 0}}},
	{"TR", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"eid-al-fitr", "2027-03-09", 0}, {"eid-al-adha", "2027-05-16", 0}}},
	{"PK", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"pakistan-day", "2026-03-23", 0}, {"eid-al-fitr", "2026-03-21", 0}, {"eid-al-adha", "2026-05-28", 0}}},
	{"BD", 2027, []time.Weekday{time.Friday, time.Saturday}, []want{{"victory-day", "2027-12-16", 0}, {"eid-al-fitr", "2027-03-10", 0}}},
	{"IN", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{
		{"republic-day", "2026-01-26", 0}, {"holi", "2026-03-04", 0}, {"diwali", "2026-11-08", 0}, {"gandhi-jayanti", "2026-10-02", 0}}},
	{"IN", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"holi", "2027-03-22", 1}, {"diwali", "2027-10-29", 1}, {"eid-al-fitr", "2027-03-10", 0}}},
	{"PK", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"eid-al-fitr", "2027-03-10", 0}, {"eid-al-adha", "2027-05-17", 0}}},
	{"MA", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"eid-al-fitr", "2027-03-10", 0}}},
	{"ID", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"eid-al-fitr", "2026-03-20", 1}, {"spring-festival", "2026-02-17", 0}, {"independence-day", "2026-08-17", 0}}},
	{"ID", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"eid-al-fitr", "2027-03-10", 1}, {"spring-festival", "2027-02-06", 0}}},
	{"MY", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"spring-festival", "2026-02-17", 0}, {"eid-al-fitr", "2026-03-20", 1}, {"diwali", "2026-11-08", 1}}},
	{"SG", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"spring-festival", "2027-02-06", 0}, {"good-friday", "2027-03-26", 0}, {"national-day", "2027-08-09", 0}}},
	{"CN", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{
		{"spring-festival", "2026-02-17", 0}, {"qingming", "2026-04-05", 0}, {"dragon-boat", "2026-06-19", 0}, {"mid-autumn", "2026-09-25", 0}}},
	{"CN", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{
		{"spring-festival", "2027-02-06", 0}, {"qingming", "2027-04-05", 0}, {"dragon-boat", "2027-06-09", 0}, {"mid-autumn", "2027-09-15", 0}}},
	{"HK", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"spring-festival", "2026-02-17", 0}, {"good-friday", "2026-04-03", 0}, {"dragon-boat", "2026-06-19", 0}}},
	{"MO", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"spring-festival", "2026-02-17", 0}, {"holy-saturday", "2026-04-04", 0},
		{"buddhas-birthday", "2026-05-24", 0}, {"macao-sar-day", "2026-12-20", 0}, {"winter-solstice", "2026-12-22", 0}}},
	{"TW", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"spring-festival", "2027-02-06", 0}, {"national-day", "2027-10-10", 0}}},
	{"KR", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"seollal", "2026-02-17", 0}, {"chuseok", "2026-09-25", 0}}},
	{"KR", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"seollal", "2027-02-07", 0}, {"chuseok", "2027-09-15", 0}}},
	{"VN", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"tet", "2026-02-17", 0}, {"hung-kings", "2026-04-26", 0}, {"national-day", "2026-09-02", 0}}},
	{"VN", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"tet", "2027-02-06", 0}, {"hung-kings", "2027-04-16", 0}}},
	{"TH", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"songkran", "2026-04-13", 0}, {"kings-birthday", "2026-07-28", 0}}},
	{"RU", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"orthodox-christmas", "2026-01-07", 0}, {"orthodox-easter", "2026-04-12", 0}}},
	{"RU", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"orthodox-christmas", "2027-01-07", 0}, {"orthodox-easter", "2027-05-02", 0}}},
	{"MX", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"constitution-day", "2026-02-02", 0}, {"benito-juarez", "2026-03-16", 0}, {"revolution-day", "2026-11-16", 0}}},
	{"MX", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"constitution-day", "2027-02-01", 0}, {"benito-juarez", "2027-03-15", 0}, {"revolution-day", "2027-11-15", 0}}},
	{"IL", 2026, []time.Weekday{time.Friday, time.Saturday}, []want{{"passover", "2026-04-02", 0}, {"rosh-hashanah", "2026-09-12", 0}, {"yom-kippur", "2026-09-21", 0}}},
	{"IL", 2027, []time.Weekday{time.Friday, time.Saturday}, []want{{"passover", "2027-04-22", 0}, {"rosh-hashanah", "2027-10-02", 0}, {"yom-kippur", "2027-10-11", 0}}},
	{"NG", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"democracy-day", "2026-06-12", 0}, {"eid-al-fitr", "2026-03-20", 1}}},
	{"CO", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"epiphany", "2026-01-12", 0}, {"saint-joseph", "2026-03-23", 0}}},
	{"DE", 2026, []time.Weekday{time.Saturday, time.Sunday}, []want{{"christmas", "2026-12-25", 0}, {"karfreitag", "2026-04-03", 0}}},
	{"US", 2027, []time.Weekday{time.Saturday, time.Sunday}, []want{{"thanksgiving", "2027-11-25", 0}}},
}

func TestCountryCalendars(t *testing.T) {
	s := Builtin()
	for _, tc := range countryTable {
		if got := Weekend(tc.country, tc.year); !slices.Equal(got, tc.weekend) {
			t.Errorf("%s %d: weekend %v, want %v", tc.country, tc.year, got, tc.weekend)
		}
		hs := s.Holidays(tc.country, tc.year)
		for _, w := range tc.holis {
			var got []string
			ok := false
			for _, h := range hs {
				if h.Key != w.key || !h.Main {
					continue
				}
				got = append(got, h.Date.Format("2006-01-02"))
				if diff := h.Date.Sub(d(w.date)).Hours() / 24; diff >= float64(-w.slack) && diff <= float64(w.slack) {
					ok = true
				}
				if h.Source == "" {
					t.Errorf("%s %s: no source", tc.country, w.key)
				}
			}
			if !ok {
				t.Errorf("%s %d %s: got %v, want %s (±%d)", tc.country, tc.year, w.key, got, w.date, w.slack)
			}
		}
	}
}

// Every calendar of the top export destinations exists and has a weekend
// and holidays in both years.
func TestTopDestinationsCovered(t *testing.T) {
	top := strings.Fields(`US HK JP KR VN IN DE NL GB RU SG MY TH ID MX AU PH AE BR CA SA FR IT TW ES TR PL BE PK BD
		NG EG ZA IL IR IQ KZ CL AR CO PE KW QA OM CZ SE UA DZ MA KE CN`)
	for _, c := range top {
		for _, y := range []int{2026, 2027} {
			if n := len(Builtin().Holidays(c, y)); n < 4 {
				t.Errorf("%s %d: %d holidays", c, y, n)
			}
		}
		if Name(c) == "" {
			t.Errorf("%s: no name", c)
		}
	}
}

func TestOverrideMovesTheSightedHoliday(t *testing.T) {
	s, err := New([]Override{{Country: "sa", Date: d("2027-03-10"), Name: "Eid al-Fitr"},
		{Country: "AE", Date: d("2027-04-01"), Name: "Day of Mourning"}})
	if err != nil {
		t.Fatal(err)
	}
	// Eid's own day moves; the Saudi days off stay four from the day after
	// 29 Ramadan (30 Ramadan to 3 Shawwal).
	var days []string
	for _, h := range s.Holidays("SA", 2027) {
		if h.Key == "eid-al-fitr" {
			days = append(days, h.Date.Format("01-02"))
			if h.Main != (h.Date.Format("01-02") == "03-10") || h.Main && !strings.HasPrefix(h.Source, "override (config)") {
				t.Errorf("%s: main %v, source %q", h.Date.Format("01-02"), h.Main, h.Source)
			}
		}
	}
	if want := []string{"03-09", "03-10", "03-11", "03-12"}; !slices.Equal(days, want) {
		t.Errorf("SA Eid al-Fitr 2027 = %v, want %v", days, want)
	}
	if !s.IsDayOff("AE", d("2027-04-01")) || Builtin().IsDayOff("AE", d("2027-04-01")) {
		t.Error("an override without a computed holiday adds a day off to its set only")
	}
	if _, ok := s.IsQuiet("SA", d("2027-03-09")); !ok || s.IsDayOff("SA", d("2027-03-13")) {
		t.Error("the override did not make 9 March 2027 the 30th of Ramadan, or gave 13 March off")
	}
}

func TestOverrideErrorsNameTheRow(t *testing.T) {
	for _, tc := range []struct {
		o    Override
		want string
	}{
		{Override{Country: "XX", Date: d("2027-03-10"), Name: "Eid"}, `calendar.override[0]: country "XX"`},
		{Override{Country: "SA", Date: d("2027-03-10")}, "calendar.override[0] (SA 2027-03-10): name is empty"},
		{Override{Country: "SA", Name: "Eid"}, "date is missing"},
		{Override{Country: "SA", Date: d("2027-03-10"), Name: "Eid", Kind: "holiday"}, `kind "holiday"`},
	} {
		_, err := New([]Override{tc.o})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New(%+v) = %v, want %q", tc.o, err, tc.want)
		}
	}
}

func TestWeekendsAndWorkdays(t *testing.T) {
	s := Builtin()
	sat := d("2026-12-05") // a Saturday
	if !s.IsWeekend("AE", sat) {
		t.Error("a UAE customer's Saturday is a weekend day")
	}
	if !s.IsWeekend("SA", sat) {
		t.Error("Saturday is part of Saudi Arabia's Friday-Saturday weekend")
	}
	sun := d("2026-12-06")
	if !s.IsWorkday("SA", sun) || s.IsWorkday("AE", sun) {
		t.Error("Sunday works in Saudi Arabia, not in the UAE")
	}
	// China works Saturday 14 February 2026 before the Spring Festival.
	if !s.IsWorkday("CN", d("2026-02-14")) || s.IsWorkday("CN", d("2026-02-16")) {
		t.Error("China's make-up workday and Spring Festival week")
	}
	// Eid al-Fitr 1447 in Saudi Arabia: 19-22 March 2026, from 30 Ramadan.
	for _, day := range []string{"2026-03-19", "2026-03-20", "2026-03-22"} {
		if s.IsWorkday("SA", d(day)) {
			t.Errorf("SA %s is Eid al-Fitr", day)
		}
	}
	if h, ok := s.IsQuiet("SA", d("2026-03-01")); !ok || h.Key != "ramadan" || !h.Until.Equal(d("2026-03-19")) {
		t.Errorf("1 March 2026 in Ramadan: %+v %v", h, ok)
	}
	if got := s.LastWorkdayBefore("DE", d("2026-12-24")); !got.Equal(d("2026-12-23")) {
		t.Errorf("last German workday before Christmas Eve 2026 = %s", got.Format("2006-01-02"))
	}
	if got := s.LastWorkdayBefore("CN", d("2026-02-17")); !got.Equal(d("2026-02-14")) {
		t.Errorf("last Chinese workday before Spring Festival 2026 = %s", got.Format("2006-01-02"))
	}
}

func TestEaster(t *testing.T) {
	for y, w := range map[int][2]string{2025: {"2025-04-20", "2025-04-20"}, 2026: {"2026-04-05", "2026-04-12"}, 2027: {"2027-03-28", "2027-05-02"}} {
		if g, j := gregorianEaster(y), julianEaster(y); !g.Equal(d(w[0])) || !j.Equal(d(w[1])) {
			t.Errorf("%d: Easter %s, Orthodox %s, want %v", y, g.Format("01-02"), j.Format("01-02"), w)
		}
	}
}

// Hong Kong's day off is the day after the Mid-Autumn Festival: the
// festival itself (its own day, offices open) is what a greeting is about,
// under its own name; the day off is not the festival's day. In 2022 the
// day after fell on a Sunday and the Monday was off instead.
func TestHongKongMidAutumnIsTheFestivalsOwnDay(t *testing.T) {
	s := Builtin()
	on := func(day string) (main, off []Holiday) {
		for _, h := range s.On("HK", d(day)) {
			if h.Key != "mid-autumn" {
				continue
			}
			if h.Main {
				main = append(main, h)
			} else {
				off = append(off, h)
			}
		}
		return main, off
	}
	for _, tc := range []struct{ festival, dayOff string }{
		{"2026-09-25", "2026-09-26"}, {"2027-09-15", "2027-09-16"}, {"2022-09-10", "2022-09-12"},
	} {
		main, off := on(tc.festival)
		if len(main) != 1 || main[0].Name != "Mid-Autumn Festival" || main[0].Kind != Observance || len(off) != 0 {
			t.Errorf("HK %s: %+v / %+v, want the Mid-Autumn Festival's own day, an observance", tc.festival, main, off)
		}
		main, off = on(tc.dayOff)
		if len(main) != 0 || len(off) != 1 || off[0].Kind != Public {
			t.Errorf("HK %s: %+v / %+v, want a day off that is not the festival's day", tc.dayOff, main, off)
		}
	}
	if !s.IsWorkday("HK", d("2027-09-15")) || s.IsWorkday("HK", d("2027-09-16")) {
		t.Error("HK 2027: the festival is a working day, the day after is off")
	}
	// Nor is any holiday of these calendars called after a weekday or the
	// day after: an occasion's name is what the greeting says.
	for _, c := range []string{"CN", "HK", "TW", "SG", "MY", "AE", "SA", "KW", "QA", "OM", "IN"} {
		for y := 2025; y <= 2030; y++ {
			for _, h := range s.Holidays(c, y) {
				if n := strings.ToLower(h.Name); h.Main && (strings.Contains(n, "after") || strings.Contains(n, "weekday") ||
					strings.Contains(n, "republic of china")) {
					t.Errorf("%s %s: %s is greeted as %q", c, h.Date.Format("2006-01-02"), h.Key, h.Name)
				}
			}
		}
	}
	// A team's override naming the day off moves the day off alone.
	o, err := New([]Override{{Country: "HK", Date: d("2027-09-17"), Name: "Day after Mid-Autumn Festival"}})
	if err != nil {
		t.Fatal(err)
	}
	if !o.IsDayOff("HK", d("2027-09-17")) || o.IsDayOff("HK", d("2027-09-16")) || !o.IsWorkday("HK", d("2027-09-15")) {
		t.Error("the override of the day after did not move it alone")
	}
	for _, h := range o.On("HK", d("2027-09-17")) {
		if h.Main {
			t.Errorf("the moved day off became an occasion: %+v", h)
		}
	}
}

// The Arab countries whose week ends on Friday and Saturday have calendars:
// a Bahraini or Jordanian buyer gets no follow-up on a Friday or on Eid,
// and may get one on a Sunday.
func TestFridaySaturdayArabCountries(t *testing.T) {
	fri, sun := d("2026-12-04"), d("2026-12-06") // a Friday, a Sunday
	for _, c := range []string{"BH", "JO", "YE", "LY", "SD", "SY"} {
		if !Known(c) {
			t.Errorf("%s has no calendar", c)
			continue
		}
		if !Builtin().IsWeekend(c, fri) || Builtin().IsWeekend(c, sun) {
			t.Errorf("%s: weekend %v; want Friday-Saturday", c, Weekend(c, 2026))
		}
		// Eid al-Fitr 1447: Friday 20 March 2026 (Umm al-Qura); its third
		// day, Sunday the 22nd, is a day off.
		if Builtin().IsWorkday(c, d("2026-03-22")) {
			t.Errorf("%s: the third day of Eid al-Fitr 2026 is a working day", c)
		}
		if MajorityFaith(c) != Muslim {
			t.Errorf("%s: majority faith %q", c, MajorityFaith(c))
		}
	}
}

// Past the end of a source the calendar says what it lacks instead of
// leaving the day silently a working day, and a year past the Umm al-Qura
// table computes without a panic.
func TestMissingPastTheSources(t *testing.T) {
	if m := Builtin().Missing("IN", 2026); m != nil {
		t.Errorf("IN 2026 missing %v; the tables reach 2026", m)
	}
	// Diwali's and Holi's table reaches 2030, the other central holidays'
	// 2026.
	if m := Builtin().Missing("IN", 2030); len(m) != 4 || slices.ContainsFunc(m, func(s string) bool {
		return strings.HasPrefix(s, "Holi:") || strings.HasPrefix(s, "Diwali:")
	}) {
		t.Errorf("IN 2030 missing %q; want the four DoPT-table holidays only", m)
	}
	m := Builtin().Missing("IN", 2031)
	if len(m) != 6 || !strings.HasPrefix(m[0], "Holi: no date in 2031") || !slices.ContainsFunc(m, func(s string) bool { return strings.HasPrefix(s, "Diwali: no date in 2031") }) {
		t.Errorf("IN 2031 missing %q", m)
	}
	if m := Builtin().Missing("IL", 2031); len(m) != 8 {
		t.Errorf("IL 2031 missing %q; want the eight Hebrew-table holidays", m)
	}
	for _, y := range []int{2075, 2076, 2077, 2078, 2080} {
		for _, c := range Countries() {
			Builtin().Holidays(c, y)
		}
		KeptBy("eid-al-fitr", y)
	}
	if m := Builtin().Missing("SA", 2075); m != nil {
		t.Errorf("SA 2075 missing %v", m)
	}
	m = Builtin().Missing("SA", 2080)
	if !slices.ContainsFunc(m, func(s string) bool { return strings.HasPrefix(s, "Eid al-Fitr: no date in 2080") }) ||
		!slices.ContainsFunc(m, func(s string) bool {
			return strings.HasPrefix(s, "Ramadan: ") && strings.Contains(s, "an override cannot add a quiet period")
		}) {
		t.Errorf("SA 2080 missing %q", m)
	}
	// The team dates Diwali 2031: it is a day off and no longer missing.
	s, err := New([]Override{{Country: "IN", Date: d("2031-11-14"), Name: "Diwali"}})
	if err != nil {
		t.Fatal(err)
	}
	if m := s.Missing("IN", 2031); len(m) != 5 || !strings.HasPrefix(m[0], "Holi:") || slices.ContainsFunc(m, func(s string) bool { return strings.HasPrefix(s, "Diwali:") }) {
		t.Errorf("IN 2031 with Diwali dated: missing %q", m)
	}
	if s.IsWorkday("IN", d("2031-11-14")) {
		t.Error("the dated Diwali 2031 is a working day")
	}
}

// A year whose State Council arrangement lunar-go does not have yet (2028
// in v1.4.7) keeps Chinese offices closed for the week of the Spring
// Festival, 1-5 May and 1-7 October as every recent arrangement has, and
// says it is an estimate.
func TestChinaWithoutTheArrangement(t *testing.T) {
	if Builtin().Missing("CN", 2027) != nil {
		t.Fatalf("CN 2027 has its arrangement: missing %q", Builtin().Missing("CN", 2027))
	}
	// Spring Festival 2028: Wednesday 26 January; its eve the 25th, the
	// eighth day Wednesday 2 February.
	for _, day := range []string{"2028-01-25", "2028-01-27", "2028-01-31", "2028-02-01", "2028-05-04", "2028-10-05"} {
		if Builtin().IsWorkday("CN", d(day)) {
			t.Errorf("CN %s is a working day in the estimate", day)
		}
	}
	if !Builtin().IsWorkday("CN", d("2028-02-03")) {
		t.Error("CN 3 February 2028 is not a working day")
	}
	for _, h := range Builtin().Holidays("CN", 2028) {
		if !strings.HasPrefix(h.Source, "estimated") {
			t.Errorf("CN 2028 %s %s: source %q does not say it is estimated", h.Date.Format("2006-01-02"), h.Name, h.Source)
		}
	}
	if m := Builtin().Missing("CN", 2028); len(m) != 1 || !strings.Contains(m[0], "lunar-go has none for 2028") {
		t.Errorf("CN 2028 missing %q", m)
	}
}

// The estimate joins the Mid-Autumn Festival and National Day as the
// State Council did each year the festival fell in their week: its days
// off in 2012, 2017, 2020, 2023 and 2025 are the arrangement's own. In
// 2028 (no arrangement yet; the festival on 3 October) 1-8 October are off
// and the 9th is a working day; in 2029 (Saturday 22 September) the
// festival gives Monday the 24th off and October's week is another.
func TestChinaAutumnEstimate(t *testing.T) {
	autumn := func(hs []Holiday, y int) []string {
		var out []string
		for _, h := range hs {
			if h.Kind == Public && !h.Date.Before(date(y, time.September, 28)) && !h.Date.After(date(y, time.October, 10)) {
				out = append(out, h.Date.Format("2006-01-02"))
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	for _, y := range []int{2012, 2017, 2020, 2023, 2025} {
		var est []Holiday
		for _, r := range chinaAutumn() {
			est = append(est, r.holidays(y, "CN")...)
		}
		if got, want := autumn(est, y), autumn(Builtin().Holidays("CN", y), y); !slices.Equal(got, want) {
			t.Errorf("%d: estimated %v, the State Council arranged %v", y, got, want)
		}
	}
	// The festival on Saturday 22 September 2029 gives Monday the 24th.
	for _, day := range []string{"2028-10-01", "2028-10-03", "2028-10-08", "2029-09-22", "2029-09-24", "2029-10-07"} {
		if Builtin().IsWorkday("CN", d(day)) {
			t.Errorf("CN %s is a working day in the estimate", day)
		}
	}
	for _, day := range []string{"2028-10-09", "2029-10-08", "2029-09-25"} {
		if !Builtin().IsWorkday("CN", d(day)) {
			t.Errorf("CN %s is not a working day in the estimate", day)
		}
	}
	// The festival keeps its own day to be greeted on, whether the State
	// Council joined it with National Day (2023, 2025) or the estimate did
	// (2028), or not (2026, 2029).
	for _, day := range []string{"2023-09-29", "2025-10-06", "2028-10-03", "2026-09-25", "2029-09-22"} {
		n := 0
		for _, h := range Builtin().On("CN", d(day)) {
			if h.Key == "mid-autumn" && h.Main {
				n++
			}
		}
		if n != 1 {
			t.Errorf("CN %s: %d Mid-Autumn Festival days to greet on, want 1: %+v", day, n, Builtin().On("CN", d(day)))
		}
	}
}

// A holiday on a weekend at the end of December gives its day off in
// January: Thailand's New Year's Eve fell on Sunday 31 December 2023 and
// New Year's Day on the Monday, so Tuesday 2 January 2024 was off.
func TestDayOffInLieuAcrossTheYearEnd(t *testing.T) {
	if Builtin().IsWorkday("TH", d("2024-01-02")) {
		t.Error("TH 2 January 2024 (in lieu of New Year's Eve) is a working day")
	}
	if !Builtin().IsWorkday("TH", d("2024-01-03")) {
		t.Error("TH 3 January 2024 is not a working day")
	}
	// Nothing in lieu for a December holiday on a weekday.
	if !Builtin().IsWorkday("TH", d("2025-01-02")) {
		t.Error("TH 2 January 2025 is not a working day")
	}
}

// The team fixes Eid al-Fitr 1448 a day after the Umm al-Qura date: the
// day before it is the thirtieth of Ramadan, still in the quiet period a
// sequence with skip_quiet skips.
func TestEidOverrideMovesRamadansEnd(t *testing.T) {
	if h, ok := Builtin().IsQuiet("SA", d("2027-03-08")); !ok || !h.Until.Equal(d("2027-03-08")) {
		t.Fatalf("computed Ramadan 1448: %+v %v; want it to end on 8 March 2027", h, ok)
	}
	s, err := New([]Override{{Country: "SA", Date: d("2027-03-10"), Name: "Eid al-Fitr"}})
	if err != nil {
		t.Fatal(err)
	}
	if h, ok := s.IsQuiet("SA", d("2027-03-09")); !ok || h.Key != "ramadan" {
		t.Errorf("9 March 2027, the day before the sighted Eid, is not in Ramadan: %+v %v", h, ok)
	}
	if _, ok := s.IsQuiet("SA", d("2027-03-10")); ok {
		t.Error("the sighted Eid is still in Ramadan")
	}
}

// Taiwan gives a holiday on a Saturday the Friday before off and one on a
// Sunday the Monday after (the Lunar New Year's days always after):
// National Day on Saturday 10 October 2026 closed offices on Friday the
// 9th, and New Year's Day on Saturday 1 January 2028 closes them on Friday
// 31 December 2027.
func TestTaiwanDaysOffInLieu(t *testing.T) {
	for day, off := range map[string]bool{
		"2026-10-09": true, "2026-10-12": false, // National Day, Saturday
		"2026-02-27": true, "2026-03-02": false, // Peace Memorial Day, Saturday
		"2027-03-01": true,                      // Peace Memorial Day, Sunday
		"2027-12-31": true, "2028-01-03": false, // New Year's Day 2028, Saturday
		"2027-02-09": true, "2027-02-10": true, // Lunar New Year's Saturday and Sunday
		// The days off of the 2025 act: Constitution Day, the day before
		// the eve, Teacher's Day, Retrocession Day (on a Sunday in 2026),
		// Constitution Day 2027 on a Saturday.
		"2026-12-25": true, "2027-02-04": true, "2027-09-28": true, "2027-10-25": true,
		"2026-10-26": true, "2027-12-24": true,
		"2026-02-20": true, // the day before the eve 2026 on Sunday 15 February
		"2025-09-29": true, "2025-10-24": true, "2025-12-25": true,
		// Children's Day and Tomb Sweeping Day on 4 April: the day before
		// off, the day after on a Thursday (2024).
		"2024-04-05": true, "2024-04-03": false, "2025-04-03": true, "2017-04-03": true,
		"2028-04-03": true, "2028-04-05": false, "2029-04-03": true, "2029-04-05": false,
		// Not days off before the act.
		"2024-09-27": false, "2024-10-25": false, "2024-12-25": false,
	} {
		if got := !Builtin().IsWorkday("TW", d(day)); got != off {
			t.Errorf("TW %s (%s): day off %v, want %v", day, d(day).Weekday(), got, off)
		}
	}
}

// Ramadan 1448 is 8 February to 8 March 2027 by the Umm al-Qura table, a
// day later where the sighting follows Saudi Arabia's.
func TestRamadanOfTheTableAndItsLag(t *testing.T) {
	for _, tc := range []struct{ country, from, until string }{
		{"SA", "2027-02-08", "2027-03-08"}, {"AE", "2027-02-08", "2027-03-08"}, {"TR", "2027-02-08", "2027-03-08"},
		{"PK", "2027-02-09", "2027-03-09"}, {"BD", "2027-02-09", "2027-03-09"}, {"MA", "2027-02-09", "2027-03-09"},
	} {
		var got []string
		for _, h := range Builtin().Holidays(tc.country, 2027) {
			if h.Key == "ramadan" {
				got = append(got, h.Date.Format("2006-01-02")+".."+h.Until.Format("2006-01-02"))
			}
		}
		if want := tc.from + ".." + tc.until; len(got) != 1 || got[0] != want {
			t.Errorf("%s Ramadan 2027: %v, want %s", tc.country, got, want)
		}
	}
}
