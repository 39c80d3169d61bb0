package sequences_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// A greeting for an occasion the customer's calendar has no date for that
// year (India's Dussehra after the DoPT table's last year) is not left as
// "no occasion this month": the plan names the missing date and the fix.
func TestGreetingsPlanNamesAnOccasionWithoutADate(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 9, 20, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"dussehra"}, nil
	raj := customer{key: "domain:star-electric.in", name: "Star Electric", grade: "A", country: "IN", tz: "Asia/Kolkata", lang: "hi",
		email: "raj@star-electric.in", contact: "Raj Patel"}
	r.add(raj)
	r.wrote(raj, time.Date(2027, 9, 1, 9, 0, 0, 0, time.UTC))
	r.start(nil)
	plan, err := r.job.PlanMonth(r.ctx, "2027-10", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(plan.LeftOut, func(l sequences.LeftOut) bool { return l.CustomerName == raj.name })
	if i < 0 || !strings.Contains(plan.LeftOut[i].Reason, "Dussehra (Vijayadashami): no date in 2027") ||
		!strings.Contains(plan.LeftOut[i].Reason, "[[calendar.override]]") {
		t.Errorf("left out: %+v", plan.LeftOut)
	}
}
