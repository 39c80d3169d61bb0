package sequences

import (
	"testing"
	"time"

	"keepwarm/worldcal"
)

func TestCalendarEidAndGulfWeekends(t *testing.T) {
	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	dubai, _ := time.LoadLocation("Asia/Dubai")
	w := SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Holidays: true}
	sa := NewCustomerCalendar(nil, "SA", riyadh, w)
	at := func(loc *time.Location, s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	// Eid al-Fitr 1447 (Umm al-Qura): 1 Shawwal = Friday 20 March 2026,
	// after a Ramadan of 30 days; the four days off run from the day after
	// 29 Ramadan, Thursday 19 to Sunday 22 March. A step due on Eid waits
	// for Monday.
	if got := sa.Next(at(riyadh, "2026-03-20 10:00")); !got.Equal(at(riyadh, "2026-03-23 09:00")) {
		t.Errorf("due on Eid al-Fitr: %s, want Monday 23 March 09:00", got.In(riyadh).Format("Mon 2006-01-02 15:04"))
	}
	// Three business days from the Wednesday before Eid: Monday, Tuesday
	// and Wednesday after it.
	if got := sa.After(at(riyadh, "2026-03-18 11:00"), Delay{D: 72 * time.Hour, Whole: 3}, true); !got.Equal(at(riyadh, "2026-03-25 11:00")) {
		t.Errorf("3 business days over Eid: %s", got.In(riyadh).Format("Mon 2006-01-02 15:04"))
	}
	// The team fixed Eid al-Fitr 1448 on 10 March 2027 after the sighting:
	// the days off stay 9-12 March (30 Ramadan to 3 Shawwal), the 13th is
	// Saturday, the 14th (Sunday) works.
	cals, err := worldcal.New([]worldcal.Override{{Country: "SA", Date: time.Date(2027, 3, 10, 0, 0, 0, 0, time.UTC), Name: "Eid al-Fitr"}})
	if err != nil {
		t.Fatal(err)
	}
	fixed := NewCustomerCalendar(cals, "SA", riyadh, w)
	if got := fixed.Next(at(riyadh, "2027-03-10 10:00")); !got.Equal(at(riyadh, "2027-03-14 09:00")) {
		t.Errorf("due on the sighted Eid 2027: %s", got.In(riyadh).Format("Mon 2006-01-02 15:04"))
	}
	if got := sa.Next(at(riyadh, "2027-03-13 10:00")); !got.Equal(at(riyadh, "2027-03-14 09:00")) {
		t.Errorf("computed Eid 2027 (9-12 March): %s", got.In(riyadh).Format("Mon 2006-01-02 15:04"))
	}

	// Saturday 5 December 2026: the weekend in the UAE (Saturday-Sunday since
	// 2022) and in Saudi Arabia (Friday-Saturday); Sunday works only in Saudi
	// Arabia, Friday only in the UAE.
	ae := NewCustomerCalendar(nil, "AE", dubai, w)
	for _, tc := range []struct {
		c    *CustomerCalendar
		day  string
		want bool
	}{
		{ae, "2026-12-05 10:00", false}, {sa, "2026-12-05 10:00", false},
		{ae, "2026-12-06 10:00", false}, {sa, "2026-12-06 10:00", true},
		{ae, "2026-12-04 10:00", true}, {sa, "2026-12-04 10:00", false},
	} {
		if got := tc.c.Workday(at(tc.c.Loc, tc.day)); got != tc.want {
			t.Errorf("%s %s workday = %v", tc.c.Country, tc.day, got)
		}
	}
	if got := ae.Next(at(dubai, "2026-12-05 10:00")); !got.Equal(at(dubai, "2026-12-07 09:00")) {
		t.Errorf("UAE Saturday moves to Monday: %s", got.In(dubai).Format("Mon 2006-01-02 15:04"))
	}
}

func TestCalendarSkipQuiet(t *testing.T) {
	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	w := SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Holidays: true}
	in := time.Date(2026, 3, 1, 10, 0, 0, 0, riyadh) // Sunday, in Ramadan 1447
	if got := NewCustomerCalendar(nil, "SA", riyadh, w).Next(in); !got.Equal(in) {
		t.Errorf("Ramadan is not skipped unless asked: %s", got)
	}
	w.SkipQuiet = true
	// Ramadan ends 19 March; Eid's days off 19-22 March; Monday 23 March is the first day.
	if got := NewCustomerCalendar(nil, "SA", riyadh, w).Next(in); !got.Equal(time.Date(2026, 3, 23, 9, 0, 0, 0, riyadh)) {
		t.Errorf("skip_quiet: %s", got.In(riyadh).Format("Mon 2006-01-02 15:04"))
	}
}

// Chile puts its clocks forward at midnight (Sunday 6 September 2026 starts
// at 01:00): a step due on the Friday evening before waits for Monday's
// window, and is not let out that night because the missing midnight
// turns the walk back to Saturday.
func TestCalendarMidnightClockChange(t *testing.T) {
	santiago, err := time.LoadLocation("America/Santiago")
	if err != nil {
		t.Fatal(err)
	}
	havana, err := time.LoadLocation("America/Havana")
	if err != nil {
		t.Fatal(err)
	}
	w := SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Holidays: true}
	for _, tc := range []struct {
		country   string
		loc       *time.Location
		due, want string
	}{
		{"CL", santiago, "2026-09-04 18:00", "2026-09-07 09:00"},
		{"CL", santiago, "2026-09-05 18:00", "2026-09-07 09:00"},
		{"CL", santiago, "2026-09-05 23:30", "2026-09-07 09:00"},
		{"CU", havana, "2026-03-06 20:00", "2026-03-09 09:00"},
	} {
		cal := NewCustomerCalendar(nil, tc.country, tc.loc, w)
		due, _ := time.ParseInLocation("2006-01-02 15:04", tc.due, tc.loc)
		want, _ := time.ParseInLocation("2006-01-02 15:04", tc.want, tc.loc)
		if got := cal.Next(due); !got.Equal(want) {
			t.Errorf("%s due %s: Next = %s, want %s", tc.country, tc.due, got.In(tc.loc).Format("Mon 2006-01-02 15:04"), tc.want)
		}
		if cal.InWindow(due) {
			t.Errorf("%s %s (%s) counted as inside the window", tc.country, tc.due, due.Weekday())
		}
	}
}

// Singapore's and Malaysia's Ramadan is the Malay, Arabic and Indonesian
// writers' (as its Eid greetings are): skip_quiet holds a follow-up to a
// customer writing Malay, not to one writing Chinese or English, nor to one
// whose language is unknown. The Gulf's holds everyone's.
func TestCalendarSkipQuietKeepsToItsAudience(t *testing.T) {
	sg, _ := time.LoadLocation("Asia/Singapore")
	w := SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Holidays: true, SkipQuiet: true}
	in := time.Date(2027, 2, 17, 10, 0, 0, 0, sg) // Wednesday, in Ramadan 1448
	for _, country := range []string{"SG", "MY"} {
		for lang, held := range map[string]bool{"zh": false, "en": false, "": false, "ms": true, "ms-MY": true, "ar": true} {
			cal := NewCustomerCalendar(nil, country, sg, w)
			cal.Lang = lang
			if got := !cal.InWindow(in); got != held {
				t.Errorf("%s, customer writing %q: held %v, want %v (next %s)", country, lang, got, held, cal.Next(in).Format("2006-01-02 15:04"))
			}
		}
	}
	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	cal := NewCustomerCalendar(nil, "SA", riyadh, w)
	cal.Lang = "en"
	if cal.InWindow(time.Date(2027, 2, 17, 10, 0, 0, 0, riyadh)) {
		t.Error("SA: an English-writing customer's follow-up goes out in Ramadan with skip_quiet")
	}
}

// Nigeria has no majority faith: its Ramadan is kept by its Muslims (those
// writing Hausa or Arabic, or marked so), and skip_quiet no longer holds a
// Christian buyer in Lagos for a month with nothing said.
func TestCalendarSkipQuietNigeriaKeepsToItsAudience(t *testing.T) {
	lagos, _ := time.LoadLocation("Africa/Lagos")
	w := SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Holidays: true, SkipQuiet: true}
	in := time.Date(2027, 2, 15, 10, 0, 0, 0, lagos) // Monday, in Ramadan 1448
	for _, tc := range []struct {
		lang        string
		keeps       []string
		holdUnknown bool
		held        bool
	}{
		{"en", []string{"christian"}, false, false},
		{"en", nil, false, false},
		{"en", []string{"muslim"}, false, true},
		{"en", []string{"eid-al-fitr"}, false, true},
		{"ha", nil, false, true},
		{"", nil, true, true},
		{"", nil, false, false},
	} {
		cal := NewCustomerCalendar(nil, "NG", lagos, w)
		cal.Lang, cal.Keeps, cal.HoldUnknown = tc.lang, tc.keeps, tc.holdUnknown
		if got := !cal.InWindow(in); got != tc.held {
			t.Errorf("NG, customer writing %q marked %v (hold unknown %v): held %v, want %v", tc.lang, tc.keeps, tc.holdUnknown, got, tc.held)
		}
	}
}
