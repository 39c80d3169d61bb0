package config

import (
	"slices"
	"testing"
	"time"
)

// A config written when an override "Hari Raya Puasa" added a holiday of
// its own greeted it as "hari-raya-puasa"; now that the override moves Eid
// al-Fitr, that key is Eid al-Fitr's and the config still loads, greeting
// on the moved day.
func TestGreetingsOccasionNamedByAnotherNameOfTheHoliday(t *testing.T) {
	body := minimal + `
[greetings]
occasions = ["christmas", "hari-raya-puasa"]
days_before = { hari-raya-puasa = 2 }
on_the_day = ["hari-raya-puasa"]
also = { hari-raya-puasa = ["GB"] }

[[calendar.override]]
country = "MY"
date = "2027-03-10"
name = "Hari Raya Puasa"
`
	c, err := Parse([]byte(body))
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	g := c.Greetings
	if !slices.Equal(g.Occasions, []string{"christmas", "eid-al-fitr"}) || g.DaysBefore["eid-al-fitr"] != 2 ||
		g.OnTheDay == nil || !slices.Equal(*g.OnTheDay, []string{"eid-al-fitr"}) || !slices.Equal(g.Also["eid-al-fitr"], []string{"GB"}) {
		t.Errorf("greetings read as %+v", g)
	}
	cals := c.validCalendars()
	var main []string
	for _, h := range cals.Holidays("MY", 2027) {
		if h.Key == "eid-al-fitr" && h.Main {
			main = append(main, h.Date.Format(time.DateOnly))
		}
	}
	if !slices.Equal(main, []string{"2027-03-10"}) {
		t.Errorf("MY Eid al-Fitr 2027 on %v, want the override's 2027-03-10", main)
	}
}
