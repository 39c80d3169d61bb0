package sequences_test

import (
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// A team greets its Russian buyers for Orthodox Christmas. Its Ukrainian
// buyer, whose country keeps Christmas on 25 December alone since 2024,
// gets one Christmas greeting in the 2026/27 season, not a second before
// 7 January.
func TestAUkrainianBuyerGetsOneChristmasGreeting(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"christmas", "orthodox-christmas"}, nil
	olena := customer{key: "domain:kyiv-light.ua", name: "Kyiv Light", grade: "A", country: "UA", tz: "Europe/Kyiv", lang: "en",
		email: "olena@kyiv-light.ua", contact: "Olena Shevchenko"}
	r.add(olena)
	r.start(nil)
	var got []string
	for _, month := range []string{"2026-12", "2027-01"} {
		for key, it := range r.planOf(month) {
			if it.To.Email == olena.email && it.Status == sequences.PlanPlanned {
				got = append(got, key+" "+it.OccasionDate)
			}
		}
	}
	if len(got) != 1 || got[0] != olena.email+" christmas 2026-12-25" {
		t.Errorf("greetings planned for a Ukrainian buyer: %v; want Christmas on 25 December alone", got)
	}
}
