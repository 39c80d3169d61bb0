package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// The December letter names the customer's products and says so in its
// header ("requires: Products"), as check advises. A customer with no
// tags has nothing to name: that one letter is skipped with the reason,
// not held as a broken template, and Bob still gets his.
func TestALetterRequiringProductsSkipsOnlyTheCustomerWithNone(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil // letters only
	r.add(usBuyer)
	r.add(customer{key: "domain:plain-us.com", name: "Plain LLC", grade: "A", country: "US", tz: "America/New_York",
		lang: "en", email: "ann@plain-us.com", contact: "Ann Plain"})
	r.start(map[string]string{
		"2026-12.tmpl": "requires: Products\nsubject: New this month\n--- text\n{{.Contact.Salutation}},\n\nnew this month: {{join .Products \", \"}}.\n\n{{.Owner.Signature}}\n",
	})
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Notes) != 0 {
		t.Errorf("notes: %v; want none: the letter itself is fine", plan.Notes)
	}
	by := map[string]sequences.PlanItem{}
	for _, it := range plan.Items {
		by[it.To.Email] = it
	}
	if it := by[usBuyer.email]; it.Status != sequences.PlanPlanned {
		t.Errorf("Bob's letter: %s %q; want planned", it.Status, it.Reason)
	}
	if it := by["ann@plain-us.com"]; it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "no product in the catalog matches the customer's tags") {
		t.Errorf("Ann's letter: %s %q; want skipped for want of products", it.Status, it.Reason)
	}
	r.replay(time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC), 15*time.Minute)
	if n := r.sentTo(usBuyer.email); n != 1 {
		t.Errorf("Bob got %d letters; want 1", n)
	}
	if n := r.sentTo("ann@plain-us.com"); n != 0 {
		t.Errorf("Ann got %d letters; want none", n)
	}
}
