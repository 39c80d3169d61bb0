package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// decemberLetterPlan plans December for Bob (usBuyer) and Ann of Plain
// (in the book as company; "plain-us.com" is Plain known by its domain alone),
// letters only, with text as the hand-written 2026-12.tmpl; it returns the
// plan and its items by recipient address.
func decemberLetterPlan(t *testing.T, company, text string) (sequences.Plan, map[string]sequences.PlanItem) {
	t.Helper()
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil // letters only
	r.add(usBuyer)
	r.add(customer{key: "domain:plain-us.com", name: company, grade: "A", country: "US", tz: "America/New_York",
		lang: "en", email: "ann@plain-us.com", contact: "Ann Plain"})
	r.start(map[string]string{"2026-12.tmpl": text})
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]sequences.PlanItem{}
	for _, it := range plan.Items {
		got[it.To.Email] = it
	}
	return plan, got
}

// A hand-written December letter lists the products with no guard and no
// "requires: Products": Bob (tagged) gets it, Ann (no tags, no catalog
// match) would read "Our new products this month: ." in Lily's name. Her
// copy is not sent and says why and how to fix it; Bob's still goes.
func TestALetterListingProductsIsNotSentToACustomerWithNone(t *testing.T) {
	plan, got := decemberLetterPlan(t, "Plain Corp", "subject: December news\n--- text\n{{.Contact.Salutation}},\n\n"+
		"Our new products this month: {{join .Products \", \"}}.\n\n{{.Owner.Signature}}\n")
	if ann := got["ann@plain-us.com"]; ann.Status != sequences.PlanSkip || !strings.Contains(ann.Reason, "2026-12.tmpl") ||
		!strings.Contains(ann.Reason, "requires: Products") {
		t.Errorf("Ann's letter: %s: %s; want skipped, naming the file and requires: Products", ann.Status, ann.Reason)
	}
	if bob := got[usBuyer.email]; bob.Status != sequences.PlanPlanned {
		t.Errorf("Bob's letter: %s: %s; want planned", bob.Status, bob.Reason)
	}
	if len(plan.Notes) != 0 {
		t.Errorf("notes: %q; want none (the month's letter still goes to the customers it reads whole for)", plan.Notes)
	}
}

// The same with the list written as a {{range .Products}} after words of
// its own: Ann would read "Our new products this month:" and nothing after.
func TestALetterRangingOverProductsIsNotSentToACustomerWithNone(t *testing.T) {
	_, got := decemberLetterPlan(t, "Plain Corp", "subject: December news\n--- text\n{{.Contact.Salutation}},\n\n"+
		"Our new products this month:\n{{range .Products}}* {{.Name}}\n{{end}}\n{{.Owner.Signature}}\n")
	if ann := got["ann@plain-us.com"]; ann.Status != sequences.PlanSkip || !strings.Contains(ann.Reason, "requires: Products") {
		t.Errorf("Ann's letter: %s: %s; want skipped, naming requires: Products", ann.Status, ann.Reason)
	}
	if bob := got[usBuyer.email]; bob.Status != sequences.PlanPlanned {
		t.Errorf("Bob's letter: %s: %s; want planned", bob.Status, bob.Reason)
	}
}

// A December letter whose words are all inside {{with .Products}} would
// be, to Ann (no product matches), "Dear Ms. Plain," and the signature
// alone. Her copy is not sent and says why; Bob's goes, and the month's
// letter is not held back for everyone.
func TestALetterSayingNothingWithoutProductsIsNotSentToACustomerWithNone(t *testing.T) {
	plan, got := decemberLetterPlan(t, "Plain Corp", "subject: December news\n--- text\n{{.Contact.Salutation}},\n{{with .Products}}\n"+
		"Our new products this month:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\nBest regards,\n{{.Owner.Signature}}\n")
	if ann := got["ann@plain-us.com"]; ann.Status != sequences.PlanSkip || !strings.Contains(ann.Reason, "2026-12.tmpl then says nothing but its opening and sign-off") {
		t.Errorf("Ann's letter: %s: %s; want skipped as saying nothing", ann.Status, ann.Reason)
	}
	if bob := got[usBuyer.email]; bob.Status != sequences.PlanPlanned {
		t.Errorf("Bob's letter: %s: %s; want planned", bob.Status, bob.Reason)
	}
	if len(plan.Notes) != 0 {
		t.Errorf("notes: %q; want none", plan.Notes)
	}
}

// A hand-written December letter names the company with no guard and no
// "requires: Company": Plain (known by its domain alone) would read "News
// for ." in Lily's name. Its copy is not sent and says why and how to fix
// it; Bob's company is named in the book and his still goes.
func TestALetterNamingTheCompanyIsNotSentToACustomerWithoutOne(t *testing.T) {
	_, got := decemberLetterPlan(t, "plain-us.com", "subject: December news for {{.Company}}\n--- text\n{{.Contact.Salutation}},\n\n"+
		"Our news for {{.Company}} this month.\n\n{{.Owner.Signature}}\n")
	if ann := got["ann@plain-us.com"]; ann.Status != sequences.PlanSkip || !strings.Contains(ann.Reason, "2026-12.tmpl") ||
		!strings.Contains(ann.Reason, "requires: Company") {
		t.Errorf("Ann's letter: %s: %s; want skipped, naming the file and requires: Company", ann.Status, ann.Reason)
	}
	if bob := got[usBuyer.email]; bob.Status != sequences.PlanPlanned {
		t.Errorf("Bob's letter: %s: %s; want planned", bob.Status, bob.Reason)
	}
}

// A team's christmas.tmpl thanks "everyone at {{.Company}}" with no guard
// and no "requires: Company": Plain, known by its domain alone, would read
// "everyone at ." in Lily's name. Its greeting is not sent and says why and
// how to fix it, as a letter's is; Bob's company is named and his goes.
func TestAGreetingNamingTheCompanyIsNotSentToACustomerWithoutOne(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions = []string{"christmas"}
	r.add(usBuyer)
	r.add(customer{key: "domain:plain-us.com", name: "plain-us.com", grade: "A", country: "US", tz: "America/New_York",
		lang: "en", email: "ann@plain-us.com", contact: "Ann Plain"})
	r.startWith(map[string]string{"christmas.tmpl": "subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\n" +
		"merry Christmas to everyone at {{.Company}}.\n\n{{.Owner.Signature}}\n"})
	plan := r.planOf("2026-12")
	if ann := plan["ann@plain-us.com christmas"]; ann.Status != sequences.PlanSkip || !strings.Contains(ann.Reason, "christmas.tmpl") ||
		!strings.Contains(ann.Reason, "requires: Company") {
		t.Errorf("Ann's greeting: %s: %s; want skipped, naming the file and requires: Company", ann.Status, ann.Reason)
	}
	if bob := plan[usBuyer.email+" christmas"]; bob.Status != sequences.PlanPlanned {
		t.Errorf("Bob's greeting: %s: %s; want planned", bob.Status, bob.Reason)
	}
	r.replay(time.Date(2026, 12, 26, 0, 0, 0, 0, time.UTC), 6*time.Hour)
	if n := r.sentTo("ann@plain-us.com"); n != 0 {
		t.Errorf("%d greetings sent to Ann", n)
	}
	if n := r.sentTo(usBuyer.email); n != 1 {
		t.Errorf("%d greetings sent to Bob, want 1", n)
	}
}

// A team's christmas.tmpl lists next year's items in a bare {{range
// .Products}}: Ann (no tags, no catalog match) would read "here are our
// new items for next year:" with nothing after it in Lily's name. Her
// greeting is not sent and says why and how to fix it, as a letter's is;
// Bob's tags match and his is planned.
func TestAGreetingListingProductsIsNotSentToACustomerWithNone(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions = []string{"christmas"}
	r.add(usBuyer)
	r.add(customer{key: "domain:plain-us.com", name: "Plain Corp", grade: "A", country: "US", tz: "America/New_York",
		lang: "en", email: "ann@plain-us.com", contact: "Ann Plain"})
	r.startWith(map[string]string{"christmas.tmpl": "subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\n" +
		"merry Christmas, and here are our new items for next year:\n{{range .Products}}* {{.Name}}\n{{end}}\n{{.Owner.Signature}}\n"})
	plan := r.planOf("2026-12")
	if ann := plan["ann@plain-us.com christmas"]; ann.Status != sequences.PlanSkip || !strings.Contains(ann.Reason, "christmas.tmpl") ||
		!strings.Contains(ann.Reason, "no product in the catalog matches") {
		t.Errorf("Ann's greeting: %s: %s; want skipped, naming the file and the products", ann.Status, ann.Reason)
	}
	if bob := plan[usBuyer.email+" christmas"]; bob.Status != sequences.PlanPlanned {
		t.Errorf("Bob's greeting: %s: %s; want planned", bob.Status, bob.Reason)
	}
}

// A hand-edited December letter whose words are all inside {{with
// .Company}}, and no products at all: to Ann of Plain (known by its
// domain alone, no product matches) it says nothing. Her copy is skipped
// naming the {{with .Company}} guard that emptied it, not {{with
// .Products}}, which the letter does not use ("requires: Products" would
// stop it for everyone without products).
func TestALetterSayingNothingWithoutTheCompanyNamesTheCompanyGuard(t *testing.T) {
	_, got := decemberLetterPlan(t, "plain-us.com", "subject: Season's greetings\n--- text\n{{.Contact.Salutation}},\n\n"+
		"{{with .Company}}Season's greetings to everyone at {{.}}!{{end}}\n\nBest regards,\n{{.Owner.Signature}}\n")
	ann := got["ann@plain-us.com"]
	if ann.Status != sequences.PlanSkip || !strings.Contains(ann.Reason, "says nothing but its opening and sign-off") ||
		!strings.Contains(ann.Reason, "{{with .Company}}") || strings.Contains(ann.Reason, "Products") {
		t.Errorf("Ann's letter: %s: %s; want skipped, naming {{with .Company}}", ann.Status, ann.Reason)
	}
	if bob := got[usBuyer.email]; bob.Status != sequences.PlanPlanned {
		t.Errorf("Bob's letter: %s: %s; want planned", bob.Status, bob.Reason)
	}
}

// Words inside {{with .Products}} and no company named: to Ann (no
// product, no company) the letter says nothing for want of products, and
// says so.
func TestALetterSayingNothingWithoutProductsNamesTheProductsGuardWithoutACompany(t *testing.T) {
	_, got := decemberLetterPlan(t, "plain-us.com", "subject: December news\n--- text\n{{.Contact.Salutation}},\n{{with .Products}}\n"+
		"Our new products this month:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\nBest regards,\n{{.Owner.Signature}}\n")
	if ann := got["ann@plain-us.com"]; ann.Status != sequences.PlanSkip || !strings.Contains(ann.Reason, "{{with .Products}}") {
		t.Errorf("Ann's letter: %s: %s; want skipped, naming {{with .Products}}", ann.Status, ann.Reason)
	}
}
