package sequences

import (
	"testing"
	"time"

	"keepwarm/worldcal"
)

// days_before counts calendar days, then steps back to the customer's
// working day when it lands on their weekend or a holiday: the example
// days_before = { christmas = 1 } greets Germany on Friday 22 December
// 2028, not on Sunday the 24th; a weekday stays as counted; the day itself
// (on_the_day) is not moved.
func TestDaysBeforeLandsOnAWorkday(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	c := GreetingsConfig{DaysBefore: map[string]int{"christmas": 1, "eid-al-adha": 1, "new-year": 3}, OnTheDay: []string{"birthday"}}
	for _, tc := range []struct {
		key, country string
		on, want     time.Time
	}{
		{"christmas", "DE", day(2028, 12, 25), day(2028, 12, 22)}, // 24th a Sunday
		{"christmas", "DE", day(2026, 12, 25), day(2026, 12, 24)}, // 24th a Thursday
		{"new-year", "DE", day(2027, 1, 1), day(2026, 12, 29)},    // Tuesday, as counted
		{"new-year", "DE", day(2028, 1, 1), day(2027, 12, 29)},    // Wednesday, as counted
		{"birthday", "DE", day(2028, 12, 24), day(2028, 12, 24)},  // on the day, a Sunday
	} {
		if got := c.sendDay(tc.key, tc.country, tc.on); !got.Equal(tc.want) {
			t.Errorf("%s %s on %s: sent %s, want %s", tc.key, tc.country, tc.on.Format("2006-01-02"), got.Format("Mon 2006-01-02"), tc.want.Format("Mon 2006-01-02"))
		}
	}
	// Eid al-Adha one day before is Arafat Day, a day off in Saudi Arabia.
	var adha time.Time
	for _, h := range HolidaysOn(nil, "SA", day(2027, 5, 16)) {
		if h.Key == "eid-al-adha" && !h.Observed {
			adha = day(2027, 5, 16)
		}
	}
	if adha.IsZero() {
		t.Fatal("no Eid al-Adha in SA on 2027-05-16")
	}
	if got := c.sendDay("eid-al-adha", "SA", adha); !IsSendingDay(nil, "SA", got) || !got.Before(adha.AddDate(0, 0, -1)) {
		t.Errorf("Eid al-Adha 2027 one day before in SA: %s (Arafat Day is 2027-05-15)", got.Format("Mon 2006-01-02"))
	}
}

// The UAE's National Day greeting goes on the last working day before 2
// December; 1 December is Commemoration Day, a day off of remembrance for
// the country's martyrs: 30 November.
func TestUAENationalDayGreetingNotOnCommemorationDay(t *testing.T) {
	for _, tc := range []struct{ day, want string }{{"2027-12-02", "2027-11-30"}, {"2026-12-02", "2026-11-30"}} {
		on, _ := time.Parse("2006-01-02", tc.day)
		if got := (GreetingsConfig{}).sendDay("national-day", "AE", on).Format("2006-01-02"); got != tc.want {
			t.Errorf("AE National Day %s greeting sent on %s, want %s", tc.day, got, tc.want)
		}
	}
}

// A year the Cabinet makes Commemoration Day a working day (an observance
// row), the National Day greeting still does not go on the day of
// remembrance: Tuesday 30 November 2027.
func TestNationalDayGreetingSkipsCommemorationDayAsAnObservance(t *testing.T) {
	cals, err := worldcal.New([]worldcal.Override{{Country: "AE", Date: time.Date(2027, 12, 1, 0, 0, 0, 0, time.UTC), Name: "Commemoration Day", Kind: worldcal.Observance}})
	if err != nil {
		t.Fatal(err)
	}
	if !cals.IsWorkday("AE", time.Date(2027, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatal("the observance row left 1 December 2027 a day off")
	}
	on := time.Date(2027, 12, 2, 0, 0, 0, 0, time.UTC)
	if got := (GreetingsConfig{Calendars: cals}).sendDay("national-day", "AE", on).Format("2006-01-02"); got != "2027-11-30" {
		t.Errorf("AE National Day 2027 with Commemoration Day worked: greeting sent on %s, want 2027-11-30", got)
	}
}

// No on-the-day greeting on a day of mourning either: a birthday on Good
// Friday (Mexico's Viernes Santo, 14 April 2028, an observance, and Holy
// Thursday before it; Germany's Karfreitag, a day off) goes the working day
// before, and the plan says why. A birthday on another day stays on it.
func TestBirthdayNotOnGoodFriday(t *testing.T) {
	c := GreetingsConfig{OnTheDay: []string{"birthday"}}
	gf := time.Date(2028, 4, 14, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct{ country, want, rule string }{
		// Mexico's Holy Thursday is an observance of mourning too.
		{"MX", "2028-04-12", "2 days before; not on 2028-04-14: Good Friday, a day of mourning, nor 2028-04-13: Holy Thursday, a day of mourning"},
		{"DE", "2028-04-13", "1 day before; not on 2028-04-14: Karfreitag, a day of mourning"},
	} {
		got := c.sendDay("birthday", tc.country, gf)
		if got.Format("2006-01-02") != tc.want {
			t.Errorf("%s birthday on Good Friday 2028: sent %s, want %s (%v)", tc.country, got.Format("2006-01-02"), tc.want, worldcal.Builtin().On(tc.country, gf))
		}
		if rule := c.sendRule("birthday", tc.country, gf, got); rule != tc.rule {
			t.Errorf("%s: plan says %q, want %q", tc.country, rule, tc.rule)
		}
	}
	if got := c.sendDay("birthday", "MX", gf.AddDate(0, 0, 7)); !got.Equal(gf.AddDate(0, 0, 7)) {
		t.Errorf("MX birthday on 21 April 2028 moved to %s", got.Format("2006-01-02"))
	}
}

// The National Day greeting stepped off a worked Commemoration Day: the
// plan names the day of remembrance, not "1 day before is not a working
// day", which 1 December is that year.
func TestSendRuleNamesTheDayOfRemembrance(t *testing.T) {
	cals, err := worldcal.New([]worldcal.Override{{Country: "AE", Date: time.Date(2027, 12, 1, 0, 0, 0, 0, time.UTC), Name: "Commemoration Day", Kind: worldcal.Observance}})
	if err != nil {
		t.Fatal(err)
	}
	on := time.Date(2027, 12, 2, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		cfg  GreetingsConfig
		want string
	}{
		{GreetingsConfig{Calendars: cals, DaysBefore: map[string]int{"national-day": 1}}, "2 days before; not on 2027-12-01: Commemoration Day, a day of remembrance of the fallen"},
		{GreetingsConfig{Calendars: cals}, "the customer's last working day before it; not on 2027-12-01: Commemoration Day, a day of remembrance of the fallen"},
		{GreetingsConfig{DaysBefore: map[string]int{"national-day": 1}}, "2 days before (1 day before is not a working day)"},
	} {
		send := c.cfg.sendDay("national-day", "AE", on)
		if got := c.cfg.sendRule("national-day", "AE", on, send); got != c.want || send.Format("2006-01-02") != "2027-11-30" {
			t.Errorf("sent %s, plan says %q, want 2027-11-30, %q", send.Format("2006-01-02"), got, c.want)
		}
	}
}
