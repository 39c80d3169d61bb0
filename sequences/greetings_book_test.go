package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// A company's further address from the book (einkauf@ beside Klaus in one
// cell) gets neither Klaus's birthday greeting nor a second Christmas
// greeting, unless the manager asks for holiday greetings to such
// addresses; the plan lists it, and a customer without a country, as left
// out with the reason.
func TestPlanLeavesOutCompanyAddressesAndSaysWhoElse(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions = []string{"christmas", "birthday"}
	id, _ := r.add(customer{key: "domain:muellerbau.de", name: "Müller Bau GmbH", grade: "B", country: "DE", tz: "Europe/Berlin",
		lang: "de", email: "klaus@muellerbau.de", contact: "Klaus Müller", birthday: "1964-12-15"})
	if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, company_address, created_at, from_book) VALUES (?, 'einkauf@muellerbau.de', 1, 0, 1)`, id); err != nil {
		t.Fatal(err)
	}
	r.add(customer{key: "domain:nowhere.example", name: "Nowhere Ltd", grade: "B", email: "ann@nowhere.example", contact: "Ann Lee"})
	r.start(nil)
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, it := range plan.Items {
		got[it.To.Email+" "+it.Occasion]++
	}
	if got["klaus@muellerbau.de christmas"] != 1 || got["klaus@muellerbau.de birthday"] != 1 || len(got) != 2 {
		t.Fatalf("plan items: %v", got)
	}
	left := map[string]string{}
	for _, l := range plan.LeftOut {
		left[l.CustomerName+"/"+l.Email] = l.Reason
	}
	if !strings.Contains(left["Müller Bau GmbH/einkauf@muellerbau.de"], "a company address") ||
		!strings.Contains(left["Nowhere Ltd/"], "no country") || len(left) != 2 {
		t.Fatalf("left out: %v", plan.LeftOut)
	}

	// Configured: the company address gets the holiday, never the birthday.
	r.cfg.CompanyAddresses = true
	r.start(nil)
	plan, err = r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	got = map[string]int{}
	for _, it := range plan.Items {
		got[it.To.Email+" "+it.Occasion]++
	}
	if got["einkauf@muellerbau.de christmas"] != 1 || got["einkauf@muellerbau.de birthday"] != 0 {
		t.Fatalf("configured plan items: %v", got)
	}
}

// A letter whose German variant fails for one customer (it names a
// product that customer has none of) goes to nobody that month, and the
// plan says so in its notes.
func TestLetterFailingForOneCustomerGoesToNobody(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil
	r.add(usBuyer)
	r.add(customer{key: "domain:lampen.de", name: "Lampen AG", grade: "A", country: "DE", tz: "Europe/Berlin", lang: "de",
		email: "eva@lampen.de", contact: "Eva Roth", tags: "LED-Röhren"})
	r.add(customer{key: "domain:leer.de", name: "Leer GmbH", grade: "A", country: "DE", tz: "Europe/Berlin", lang: "de",
		email: "max@leer.de", contact: "Max Leer"})
	r.start(map[string]string{
		"2026-12.tmpl":    "subject: News, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\n{{.Owner.Signature}}\n",
		"2026-12.de.tmpl": "subject: Neues zu {{index .Products 0}}\n--- text\n{{.Contact.Salutation}},\n\nNeues.\n\n{{.Owner.Signature}}\n",
	})
	plan, err := r.job.PlanMonth(r.ctx, "2026-12", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Items) != 3 {
		t.Fatalf("items: %+v", plan.Items)
	}
	for _, it := range plan.Items {
		if it.Status != sequences.PlanSkip {
			t.Errorf("%s is %s: %s", it.To.Email, it.Status, it.Reason)
		}
	}
	if len(plan.Notes) != 1 || !strings.Contains(plan.Notes[0], "letter 2026-12 not sent to anyone") || !strings.Contains(plan.Notes[0], "Leer GmbH") {
		t.Fatalf("notes: %v", plan.Notes)
	}
	r.replay(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), time.Hour)
	if n := len(r.smtp.Messages()); n != 0 {
		t.Fatalf("%d letters went out", n)
	}
}
