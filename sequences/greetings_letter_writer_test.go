package sequences_test

import (
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Müller Bau's inquiries all come from its company address einkauf@; Hans
// is in the book and never wrote. With letters only to contacts who wrote
// (the default), the month's letter goes to einkauf@, not nowhere because
// Hans, a person, was picked first and may not be written to.
func TestTheLetterGoesToTheCompanyAddressThatWroteBeforeAPersonWhoNeverDid(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil // letters only
	r.cfg.AnyContact = false
	mb := customer{key: "domain:muellerbau.de", name: "Müller Bau GmbH", grade: "B", country: "DE", tz: "Europe/Berlin",
		lang: "en", email: "hans@muellerbau.de", contact: "Hans Müller"}
	id, _ := r.add(mb)
	if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, company_address, created_at, from_book) VALUES (?, 'einkauf@muellerbau.de', 1, 0, 1)`, id); err != nil {
		t.Fatal(err)
	}
	einkauf := mb
	einkauf.email, einkauf.contact = "einkauf@muellerbau.de", ""
	r.wrote(einkauf, time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC))
	r.start(decemberLetter)
	l := letterPlan(t, r, "2026-12", r.clock.Now())
	if l.To.Email != "einkauf@muellerbau.de" || l.Status != sequences.PlanPlanned {
		t.Fatalf("Müller Bau's letter: to %s, %s: %s; want planned to einkauf@muellerbau.de", l.To.Email, l.Status, l.Reason)
	}
}
