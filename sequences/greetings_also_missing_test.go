package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/worldcal"
)

// `also = { dussehra = ["GB"] }` greets a British contact marked Hindu on
// India's date, which the team's override gives for 2027 (the DoPT table
// ends in 2026): on the last British working day before Saturday 9
// October. Without the override the plan says the date is missing and
// which override adds it, instead of "no occasion this month".
func TestGreetingsAlsoTakesTheTeamsDateOfTheHomeCalendar(t *testing.T) {
	for _, override := range []bool{true, false} {
		r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 9, 1, 12, 0, 0, 0, time.UTC))
		r.cfg.Occasions, r.cfg.Custom, r.cfg.EnglishFor = []string{"dussehra"}, nil, []string{"*"}
		r.cfg.Also = map[string][]string{"dussehra": {"GB"}}
		if override {
			cals, err := worldcal.New([]worldcal.Override{{Country: "IN", Date: time.Date(2027, 10, 9, 0, 0, 0, 0, time.UTC), Name: "Dussehra"}})
			if err != nil {
				t.Fatal(err)
			}
			r.cfg.Calendars = cals
		}
		r.add(gbHindu)
		r.mark(map[string]string{gbHindu.email: "hindu"})
		r.start(nil)
		oct := planGreetings(t, r, "2027-10")
		if !override {
			if len(oct["dussehra"]) != 0 {
				t.Errorf("no Dussehra date for 2027, yet planned: %v", oct["dussehra"])
			}
			plan, err := r.job.PlanMonth(r.ctx, "2027-10", r.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			said := false
			for _, l := range plan.LeftOut {
				said = said || strings.Contains(l.Reason, "Dussehra") && strings.Contains(l.Reason, "no date in 2027") &&
					strings.Contains(l.Reason, `[[calendar.override]] country = "IN"`)
			}
			if !said {
				t.Errorf("the plan does not say the Dussehra of [greetings] also has no date in 2027: %+v", plan.LeftOut)
			}
			continue
		}
		wantMorning(t, "Dussehra, GB (also), IN override", oct["dussehra"][gbHindu.email], "2027-10-08")
	}
}
