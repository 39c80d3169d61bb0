package sequences_test

import (
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Two buyers of one customer shown as "王经理" (Manager Wang), or at a
// Japanese customer as "田中" (a family name alone), are a form of address
// two people may share, not a full name: each address gets its own
// greeting, neither is skipped as the other's.
func TestATitleOrAFamilyNameAloneIsNotOnePerson(t *testing.T) {
	for _, c := range []struct {
		name, country, tz, lang, occasion, month string
		start                                    time.Time
	}{
		{"王经理", "MY", "Asia/Kuala_Lumpur", "zh", "spring-festival", "2027-02", time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)},
		{"陈先生", "MY", "Asia/Kuala_Lumpur", "zh", "spring-festival", "2027-02", time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC)},
		{"田中", "JP", "Asia/Tokyo", "en", "new-year", "2026-12", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newGreetRig(t, mailtest.NewMemServer(t), c.start)
			r.cfg.Occasions, r.cfg.Custom = []string{c.occasion}, nil
			one := customer{key: "domain:kl-light.example", name: "KL Light", grade: "A", country: c.country, tz: c.tz,
				lang: c.lang, email: "a@kl-light.example", contact: c.name}
			custID, _ := r.add(one)
			two := one
			two.email = "b@kl-light.example"
			if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at) VALUES (?, ?, ?, ?)`,
				custID, two.email, two.contact, r.clock.Now().Unix()); err != nil {
				t.Fatal(err)
			}
			r.imap.AddUser(t, two.email, imapPass)
			for _, x := range []customer{one, two} {
				r.wrote(x, c.start.AddDate(0, -1, -10))
			}
			r.start(nil)
			plan := r.planOf(c.month)
			n := 0
			for _, x := range []customer{one, two} {
				it, ok := plan[x.email+" "+c.occasion]
				if ok {
					n++
				}
				if ok && it.Status == sequences.PlanSkip {
					t.Errorf("%s at %s: skipped: %s", c.name, x.email, it.Reason)
				}
			}
			if n != 2 {
				t.Errorf("%s: %d greetings planned, want one at each address: %v", c.name, n, plan)
			}
		})
	}
}
