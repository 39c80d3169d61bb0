package sequences

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/worldcal"
)

// A team greeting only at New Year has Indian contacts without marks, and
// mail of its own to each. Around Diwali, Guru Nanak's birthday and the
// other religious festivals of October and November, the plan does not
// detect the language of the team's mail to any of them: none of those
// festivals is greeted.
func TestFestivalsTheTeamDoesNotGreetDetectNoLanguage(t *testing.T) {
	n := 0
	countWantedLang = func() { n++ }
	t.Cleanup(func() { countWantedLang = nil })
	c := GreetingsConfig{Occasions: []string{"new-year"}, Calendars: worldcal.Builtin()}
	r := keepwarm.Recipient{
		Customer: keepwarm.Customer{ID: 1, Name: "Lahori Traders", Country: "IN", Language: "en"},
		Contact:  keepwarm.Contact{ID: 1, Name: "Imran Khan", Email: "imran@lahori-traders.in"},
		OwnText:  "Dear Imran,\n\nthank you for your order. We shipped the goods today.\n\nBest regards,\nLily",
	}
	for d := time.Date(2027, 10, 1, 12, 0, 0, 0, time.UTC); d.Before(time.Date(2027, 12, 1, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		if got := c.occasionsOn(r, d); len(got) != 0 {
			t.Errorf("%s: %+v", d.Format("2006-01-02"), got)
		}
	}
	if n != 0 {
		t.Errorf("the team's mail was read for its language %d times for festivals it does not greet", n)
	}
	// The same contact, greeted at Diwali: read, for the day it is asked.
	c.Occasions = []string{"diwali"}
	c.occasionsOn(r, time.Date(2027, 10, 29, 12, 0, 0, 0, time.UTC))
	if n == 0 {
		t.Errorf("Diwali is greeted, and the team's mail was not read for the contact's community")
	}
}
