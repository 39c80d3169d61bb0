package sequences_test

import (
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// eidPlan is Ahmed's Eid al-Fitr greeting in the plan of month.
func eidPlan(t *testing.T, r *greetRig, month string) sequences.PlanItem {
	t.Helper()
	plan, err := r.job.PlanMonth(r.ctx, month, r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range plan.Items {
		if it.Occasion == "eid-al-fitr" {
			return it
		}
	}
	t.Fatalf("no Eid al-Fitr greeting in the plan of %s: %+v", month, plan.Items)
	return sequences.PlanItem{}
}

// Eid al-Fitr falls on 2 January 2033 and again on 23 December 2033: a
// Saudi buyer is greeted each time, not told by the plan that December's
// greeting was "sent" in January.
func TestAFestivalTwiceInAYearIsGreetedEachTime(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2032, 12, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = []string{"eid-al-fitr"}
	r.cfg.Custom = []sequences.CustomOccasion{{
		Key: "eid-al-fitr", Name: "Eid al-Fitr", Countries: []string{"SA"},
		Dates: []time.Time{time.Date(2033, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2033, 12, 23, 0, 0, 0, 0, time.UTC)},
	}}
	ahmed := customer{key: "domain:riyadh-trade.sa", name: "Riyadh Trade", grade: "A", country: "SA", tz: "Asia/Riyadh",
		lang: "en", email: "ahmed@riyadh-trade.sa", contact: "Ahmed Al-Harbi"}
	r.add(ahmed)
	r.start(nil)
	for _, month := range []string{"2032-12", "2033-01"} {
		plan, err := r.job.PlanMonth(r.ctx, month, r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range plan.Items {
			if it.Occasion == "eid-al-fitr" && it.OccasionDate == "2033-01-02" {
				r.clock.Set(it.SendAt)
				r.replay(it.SendAt.Add(time.Hour), 10*time.Minute)
			}
		}
	}
	if n := len(r.inbox(ahmed.email)); n != 1 {
		t.Fatalf("Ahmed got %d greeting(s) for the January Eid", n)
	}
	r.clock.Set(time.Date(2033, 12, 1, 0, 0, 0, 0, time.UTC))
	dec := eidPlan(t, r, "2033-12")
	if dec.OccasionDate != "2033-12-23" || dec.Status != sequences.PlanPlanned {
		t.Fatalf("the December Eid: %s %s %q (key %s)", dec.OccasionDate, dec.Status, dec.Reason, dec.Key)
	}
	r.clock.Set(dec.SendAt)
	r.replay(dec.SendAt.Add(time.Hour), 10*time.Minute)
	if n := len(r.inbox(ahmed.email)); n != 2 {
		t.Fatalf("Ahmed got %d Eid greeting(s) in 2033, want 2", n)
	}
	if dec := eidPlan(t, r, "2033-12"); dec.Status != string(keepwarm.OutboxSent) {
		t.Fatalf("the December Eid after its day: %s %q", dec.Status, dec.Reason)
	}
}
