package sequences_test

import (
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

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

// The missing date is the same for every customer of a country: the plan
// works its line out once per country, and each customer left out for it
// shares that one line instead of a copy made for it.
func TestGreetingsPlanWorksOutAMissingDateOncePerCountry(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 9, 20, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"dussehra"}, nil
	raj := customer{key: "domain:star-electric.in", name: "Star Electric", grade: "A", country: "IN", tz: "Asia/Kolkata", lang: "hi",
		email: "raj@star-electric.in", contact: "Raj Patel"}
	anil := customer{key: "domain:moon-pumps.in", name: "Moon Pumps", grade: "A", country: "IN", tz: "Asia/Kolkata", lang: "hi",
		email: "anil@moon-pumps.in", contact: "Anil Rao"}
	for _, c := range []customer{raj, anil} {
		r.add(c)
		r.wrote(c, time.Date(2027, 9, 1, 9, 0, 0, 0, time.UTC))
	}
	r.start(nil)
	plan, err := r.job.PlanMonth(r.ctx, "2027-10", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	for _, l := range plan.LeftOut {
		if l.CustomerName == raj.name || l.CustomerName == anil.name {
			reasons = append(reasons, l.Reason)
		}
	}
	if len(reasons) != 2 || !strings.Contains(reasons[0], "Dussehra (Vijayadashami): no date in 2027") || reasons[0] != reasons[1] {
		t.Fatalf("left out: %+v", plan.LeftOut)
	}
	if unsafe.StringData(reasons[0]) != unsafe.StringData(reasons[1]) {
		t.Errorf("each IN customer's missing-date line was worked out again: %q", reasons[0])
	}
}
