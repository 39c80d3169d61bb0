package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

var (
	inBuyer = customer{key: "domain:delhi-lights.in", name: "Delhi Lights Pvt Ltd", grade: "A", country: "IN", tz: "Asia/Kolkata",
		lang: "en", email: "ravi@delhi-lights.in", contact: "Ravi Sharma"}
	saBuyer = customer{key: "domain:riyadh-trading.sa", name: "Riyadh Trading Co.", grade: "A", country: "SA", tz: "Asia/Riyadh",
		lang: "ar", email: "khalid@riyadh-trading.sa", contact: "Khalid Al-Harbi"}
	myChinese = customer{key: "domain:penang-led.my", name: "Penang LED Sdn Bhd", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur",
		lang: "zh", email: "tan@penang-led.my", contact: "Tan Wei Ming"}
	myMalay = customer{key: "domain:kl-lampu.my", name: "KL Lampu Sdn Bhd", grade: "A", country: "MY", tz: "Asia/Kuala_Lumpur",
		lang: "ms", email: "aziz@kl-lampu.my", contact: "Aziz Rahman"}
	gbBuyer = customer{key: "domain:leicester-lighting.co.uk", name: "Leicester Lighting Ltd", grade: "A", country: "GB",
		tz: "Europe/London", lang: "en", email: "priya@leicester-lighting.co.uk", contact: "Priya Patel"}
)

// calendarRig is a greetings rig whose occasions come from the customers'
// own calendars, not from custom dates.
func calendarRig(t *testing.T, start time.Time) *greetRig {
	r := newGreetRig(t, mailtest.NewMemServer(t), start)
	r.cfg.Custom = nil
	r.cfg.Occasions = []string{"christmas", "diwali", "eid-al-fitr", "spring-festival"}
	for _, c := range []customer{deBuyer, inBuyer, saBuyer, myChinese, myMalay, gbBuyer} {
		r.add(c)
	}
	return r
}

// greetings is occasion → recipient → local send time of a month's plan.
func planGreetings(t *testing.T, r *greetRig, month string) map[string]map[string]time.Time {
	t.Helper()
	plan, err := r.job.PlanMonth(r.ctx, month, r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]time.Time{}
	for _, it := range plan.Items {
		if it.Kind != "greeting" || it.Status == sequences.PlanSkip {
			continue
		}
		if out[it.Occasion] == nil {
			out[it.Occasion] = map[string]time.Time{}
		}
		loc, _ := time.LoadLocation(it.TimeZone)
		out[it.Occasion][it.To.Email] = it.SendAt.In(loc)
	}
	return out
}

func wantMorning(t *testing.T, what string, got time.Time, day string) {
	t.Helper()
	if got.IsZero() || got.Format("2006-01-02") != day || got.Hour() < 9 || got.Hour() >= 12 {
		t.Errorf("%s: sent %s, want the morning of %s (local)", what, got.Format("Mon 2006-01-02 15:04 MST"), day)
	}
}

// Occasions follow each customer's calendar and go out on their last
// working day before it, in their morning.
func TestGreetingsFollowTheCustomersCalendar(t *testing.T) {
	r := calendarRig(t, time.Date(2026, 1, 20, 0, 0, 0, 0, time.UTC))
	r.cfg.Also = map[string][]string{"diwali": {"GB"}}
	r.cfg.EnglishFor = []string{"*"}
	r.mark(map[string]string{gbBuyer.email: "diwali"})
	r.start(nil)

	// Spring Festival 2026 is Tuesday 17 February: the Chinese-speaking
	// buyer in Malaysia hears on Monday the 16th; the Malay buyer does not.
	feb := planGreetings(t, r, "2026-02")
	wantMorning(t, "Spring Festival, MY (zh)", feb["spring-festival"][myChinese.email], "2026-02-16")
	if len(feb["spring-festival"]) != 1 {
		t.Errorf("Spring Festival greetings: %v", feb["spring-festival"])
	}

	// Eid al-Fitr 1447 is Friday 20 March 2026 (Umm al-Qura); Thursday the
	// 19th, 30 Ramadan, is the first Saudi day off: Wednesday the 18th. Not to the German, English-writing Indian
	// or Chinese-speaking Malaysian buyers.
	mar := planGreetings(t, r, "2026-03")
	wantMorning(t, "Eid al-Fitr, SA", mar["eid-al-fitr"][saBuyer.email], "2026-03-18")
	wantMorning(t, "Eid al-Fitr, MY (ms)", mar["eid-al-fitr"][myMalay.email], "2026-03-19")
	if len(mar["eid-al-fitr"]) != 2 {
		t.Errorf("Eid greetings: %v", mar["eid-al-fitr"])
	}

	// Diwali is Sunday 8 November 2026 (DoPT list): Friday the 6th in India,
	// and in Britain, which the manager added, to the buyer the book marks
	// as keeping it; none for the German buyer.
	nov := planGreetings(t, r, "2026-11")
	wantMorning(t, "Diwali, IN", nov["diwali"][inBuyer.email], "2026-11-06")
	wantMorning(t, "Diwali, GB (added)", nov["diwali"][gbBuyer.email], "2026-11-06")
	if _, ok := nov["diwali"][deBuyer.email]; ok || len(nov["diwali"]) != 2 {
		t.Errorf("Diwali greetings: %v", nov["diwali"])
	}

	// Christmas: the last working day before 24 December, Wednesday the
	// 23rd in 2026; nobody in Saudi Arabia.
	dec := planGreetings(t, r, "2026-12")
	wantMorning(t, "Christmas, DE", dec["christmas"][deBuyer.email], "2026-12-23")
	if _, ok := dec["christmas"][saBuyer.email]; ok {
		t.Error("a Saudi buyer is greeted for Christmas")
	}
}

// Without the manager's addition, a festival the country does not keep is
// not greeted, and days_before still counts calendar days.
func TestGreetingsNoneForAFestivalTheCountryDoesNotKeep(t *testing.T) {
	r := calendarRig(t, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.DaysBefore = map[string]int{"diwali": 3}
	r.start(nil)
	nov := planGreetings(t, r, "2026-11")
	if len(nov["diwali"]) != 1 {
		t.Fatalf("Diwali greetings: %v", nov["diwali"])
	}
	wantMorning(t, "Diwali 3 days before", nov["diwali"][inBuyer.email], "2026-11-05")
}

// The German buyer's Christmas greeting leaves on Wednesday 23 December
// 2026 in his morning, once, in German, and arrives in his INBOX.
func TestChristmasGreetingLeavesBeforeChristmasEve(t *testing.T) {
	r := calendarRig(t, time.Date(2026, 12, 22, 12, 0, 0, 0, time.UTC))
	r.start(nil)
	r.replay(time.Date(2026, 12, 26, 0, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(deBuyer.email)
	if len(got) != 1 {
		t.Fatalf("Hans's INBOX holds %d message(s)", len(got))
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	wantMorning(t, "Christmas greeting", got[0].Date.In(berlin), "2026-12-23")
	if !strings.Contains(got[0].Body, "Hans") || r.sentTo(deBuyer.email) != 1 {
		t.Errorf("greeting %q, %d send(s)", got[0].Subject, r.sentTo(deBuyer.email))
	}
	for _, c := range []customer{saBuyer, myMalay} {
		if n := len(r.inbox(c.email)); n != 0 {
			t.Errorf("%s got %d Christmas message(s)", c.email, n)
		}
	}
	_ = sequences.OriginGreeting
}

// Hong Kong's day off for the Mid-Autumn Festival is the day after it: the
// greeting is for the festival (Wednesday 15 September 2027), under its own
// name, on the last working day before it, Tuesday the 14th, as in Taiwan.
func TestMidAutumnInHongKongGreetsTheFestivalBeforeIt(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 9, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Custom, r.cfg.Occasions = nil, []string{"mid-autumn"}
	hk := customer{key: "domain:kowloon-light.hk", name: "Kowloon Light Ltd", grade: "A", country: "HK", tz: "Asia/Hong_Kong",
		lang: "en", email: "mandy@kowloon-light.hk", contact: "Mandy Chan"}
	tw := customer{key: "domain:taipei-led.tw", name: "Taipei LED Co.", grade: "A", country: "TW", tz: "Asia/Taipei",
		lang: "en", email: "kevin@taipei-led.tw", contact: "Kevin Lin"}
	r.add(hk)
	r.add(tw)
	r.start(nil)
	plan := r.planOf("2027-09")
	for _, c := range []customer{hk, tw} {
		it := plan[c.email+" mid-autumn"]
		if it.Status != sequences.PlanPlanned || it.OccasionDate != "2027-09-15" || it.OccasionName != "Mid-Autumn Festival" ||
			strings.Contains(it.Subject, "after") {
			t.Errorf("%s: %q %s %q on %s, subject %q (%s)", c.country, it.Status, it.Occasion, it.OccasionName, it.OccasionDate, it.Subject, it.Reason)
		}
		loc, _ := time.LoadLocation(c.tz)
		wantMorning(t, "Mid-Autumn, "+c.country, it.SendAt.In(loc), "2027-09-14")
	}
}

// days_before = 0 in a [[greetings.custom]] is the day itself, as it is in
// [greetings] days_before; left out, the last working day before.
func TestCustomOccasionDaysBeforeZeroIsTheDay(t *testing.T) {
	r := calendarRig(t, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	zero := 0
	founders := sequences.CustomOccasion{Key: "founders-day", Name: "Founders' Day", Countries: []string{"IN"},
		Dates: []time.Time{time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)}, DaysBefore: &zero} // a Wednesday
	r.cfg.Custom = []sequences.CustomOccasion{founders}
	r.cfg.Occasions = append(r.cfg.Occasions, "founders-day")
	r.start(nil)
	nov := planGreetings(t, r, "2026-11")
	wantMorning(t, "founders-day, days_before = 0", nov["founders-day"][inBuyer.email], "2026-11-11")
}

func TestCustomOccasionWithoutDaysBeforeGoesTheWorkingDayBefore(t *testing.T) {
	r := calendarRig(t, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC))
	founders := sequences.CustomOccasion{Key: "founders-day", Name: "Founders' Day", Countries: []string{"IN"},
		Dates: []time.Time{time.Date(2026, 11, 11, 0, 0, 0, 0, time.UTC)}}
	r.cfg.Custom = []sequences.CustomOccasion{founders}
	r.cfg.Occasions = append(r.cfg.Occasions, "founders-day")
	r.start(nil)
	nov := planGreetings(t, r, "2026-11")
	wantMorning(t, "founders-day, no days_before", nov["founders-day"][inBuyer.email], "2026-11-10")
}

// days_before = { christmas = 22 } in 2028 counts to Sunday 3 December,
// so the greeting goes on Friday 1 December, 24 days before: the daily run
// looks far enough ahead to queue it that day (it did not look past the
// 24th on the 1st, and on the 2nd the Friday's window had passed), and the
// plan says the real distance.
func TestDaysBeforeSteppedBackOverAWeekendIsStillSent(t *testing.T) {
	r := calendarRig(t, time.Date(2028, 11, 29, 12, 0, 0, 0, time.UTC))
	r.cfg.DaysBefore = map[string]int{"christmas": 22}
	r.start(nil)
	plan := r.planOf("2028-12")
	it := plan[deBuyer.email+" christmas"]
	if it.SendRule != "24 days before (22 days before is not a working day)" {
		t.Errorf("plan says %q", it.SendRule)
	}
	r.replay(time.Date(2028, 12, 3, 0, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(deBuyer.email)
	if len(got) != 1 {
		t.Fatalf("Hans's INBOX holds %d message(s); the plan said %s", len(got), it.SendAt)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	wantMorning(t, "Christmas 22 days before", got[0].Date.In(berlin), "2028-12-01")
}
