package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/worldcal"
)

var (
	gbMuslim = customer{key: "domain:bradford-bulbs.co.uk", name: "Bradford Bulbs", grade: "A", country: "GB", tz: "Europe/London", lang: "en",
		email: "yusuf@bradford-bulbs.co.uk", contact: "Yusuf Khan"}
	london = mustZone("Europe/London")
)

// A British buyer the customer book marks as keeping Eid is greeted on
// Saudi Arabia's date (`also = { eid-al-fitr = ["GB"] }`). keepwarm
// computes Eid al-Fitr 2024 there on Wednesday 10 April; Saudi Arabia
// announces it for Tuesday the 9th, and the team's SA row goes in on the
// evening of Monday the 8th, the greeting's new day, after its sending
// hours. The greeting is not lost: it goes once, on the morning of Eid
// itself, and the plan says why. The row was looked for in Britain's own
// calendar, which has no Eid: the plan said the greeting was missed
// ("was keepwarm running?") and Yusuf got none.
func TestEidOfGreetingsAlsoMovedEarlierByALateOverrideIsGreetedOnTheDay(t *testing.T) {
	var eid time.Time
	for _, h := range worldcal.Builtin().Holidays("SA", 2024) {
		if h.Key == "eid-al-fitr" && h.Main && !h.Observed {
			eid = h.Date
		}
	}
	if !eid.Equal(time.Date(2024, 4, 10, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("keepwarm computes Saudi Arabia's Eid al-Fitr 2024 on %s; the test is written for 2024-04-10", eid)
	}
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2024, 4, 8, 20, 0, 0, 0, london))
	r.cfg.Custom = nil
	r.cfg.Occasions = []string{"eid-al-fitr"}
	r.cfg.Also = map[string][]string{"eid-al-fitr": {"GB"}}
	r.add(gbMuslim)
	r.mark(map[string]string{gbMuslim.email: "muslim"})
	r.start(nil)
	if it := r.planOf("2024-04")[gbMuslim.email+" eid-al-fitr"]; it.Status != sequences.PlanPlanned ||
		it.SendAt.In(london).Format("2006-01-02") != "2024-04-09" {
		t.Fatalf("built-in calendar: %s on %s (%q), want planned on 2024-04-09", it.Status, it.SendAtLocal, it.Reason)
	}
	moved, err := worldcal.New([]worldcal.Override{{Country: "SA", Date: time.Date(2024, 4, 9, 0, 0, 0, 0, time.UTC), Name: "Eid al-Fitr"}})
	if err != nil {
		t.Fatal(err)
	}
	r.cfg.Calendars = moved
	r.start(nil)
	it := r.planOf("2024-04")[gbMuslim.email+" eid-al-fitr"]
	if it.Status != sequences.PlanPlanned || it.SendAt.In(london).Format("2006-01-02") != "2024-04-09" ||
		!strings.HasPrefix(it.SendRule, "on the day: the calendar override moved it from 2024-04-10 to 2024-04-09") {
		t.Errorf("with the SA row added on the evening of the 8th: %s on %s, rule %q, reason %q; want planned on the morning of 2024-04-09, the rule naming the override",
			it.Status, it.SendAtLocal, it.SendRule, it.Reason)
	}
	r.replayWakes(time.Date(2024, 4, 10, 20, 0, 0, 0, london))
	got := r.inbox(gbMuslim.email)
	if len(got) != 1 {
		t.Fatalf("Yusuf got %d greetings, want 1", len(got))
	}
	if at := got[0].Date.In(london); at.Format("2006-01-02") != "2024-04-09" || at.Hour() < 9 || at.Hour() >= 12 {
		t.Errorf("the greeting arrived %s, want the morning of Eid, 2024-04-09", at)
	}
}
