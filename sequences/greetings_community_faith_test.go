package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// An Indian contact writing Urdu, with no marks in the customer book, is
// greeted for Eid as one of the community that keeps it, and for the same
// reason not for Diwali: the plan says why and how to greet them for it.
func TestGreetingsCommunityLanguageCountsForTheOtherFaiths(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 2, 20, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom, r.cfg.EnglishFor = []string{"eid-al-fitr", "diwali"}, nil, []string{"ur"}
	imran := customer{key: "domain:lahori-traders.in", name: "Lahori Traders", grade: "A", country: "IN", tz: "Asia/Kolkata", lang: "ur",
		email: "imran@lahori-traders.in", contact: "Imran Khan"}
	r.add(imran)
	r.wrote(imran, time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC))
	r.start(nil)
	plan, err := r.job.PlanMonth(r.ctx, "2027-03", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	eid := false
	for _, it := range plan.Items {
		if it.Occasion == "eid-al-fitr" && it.To.Email == imran.email && it.Status == "planned" {
			eid = true
		}
	}
	if !eid {
		t.Errorf("no Eid greeting planned for an Urdu-writing contact: %+v", plan.Items)
	}
	plan, err = r.job.PlanMonth(r.ctx, "2027-10", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range plan.Items {
		if it.Occasion != "diwali" || it.To.Email != imran.email {
			continue
		}
		found = true
		if it.Status == "planned" || !strings.Contains(it.Reason, "writes Urdu") || !strings.Contains(it.Reason, "mark the contact's holidays") {
			t.Errorf("Diwali to an Urdu-writing contact: %s: %s", it.Status, it.Reason)
		}
	}
	if !found {
		t.Errorf("Diwali is not in the plan with its reason: items %+v left out %+v", plan.Items, plan.LeftOut)
	}
}

// A [[greetings.custom]] festival of another faith left out for the same
// contact says why as the calendar's does: the book marks nothing, the
// faith is read from the language the contact writes.
func TestGreetingsCommunityLanguageReasonForACustomFestival(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2027, 9, 20, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.EnglishFor = []string{"dussehra"}, []string{"ur"}
	r.cfg.Custom = []sequences.CustomOccasion{{Key: "dussehra", Name: "Dussehra", Countries: []string{"IN"},
		Dates: []time.Time{time.Date(2027, 10, 9, 0, 0, 0, 0, time.UTC)}}}
	imran := customer{key: "domain:lahori-traders.in", name: "Lahori Traders", grade: "A", country: "IN", tz: "Asia/Kolkata", lang: "ur",
		email: "imran@lahori-traders.in", contact: "Imran Khan"}
	r.add(imran)
	r.wrote(imran, time.Date(2027, 9, 1, 9, 0, 0, 0, time.UTC))
	r.start(nil)
	plan, err := r.job.PlanMonth(r.ctx, "2027-10", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range plan.Items {
		if it.Occasion != "dussehra" || it.To.Email != imran.email {
			continue
		}
		found = true
		if it.Status == "planned" || !strings.Contains(it.Reason, "writes Urdu") || strings.Contains(it.Reason, "book marks") {
			t.Errorf("custom Dussehra to an Urdu-writing contact: %s: %s", it.Status, it.Reason)
		}
	}
	if !found {
		t.Errorf("custom Dussehra is not in the plan with its reason: items %+v left out %+v", plan.Items, plan.LeftOut)
	}
}
