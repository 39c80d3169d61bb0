package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// Mail from an address the book holds under a customer lands on that
// customer whatever domain the address is at: a company with a second
// domain (a group's, a country's) is one customer, and round robin hands
// none of its mail to someone else. A colleague at that domain copied on
// the mail joins the same customer.
func TestMailFromAContactOnASecondDomainFindsItsCustomer(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rep := importRows(t, db, t0, [][]string{
		{"Company", "Contact", "Email", "Grade"},
		{"Acme GmbH", "Hans Meier", "hans@acme.de; einkauf@acme-group.com", "A"},
	}, ImportOptions{Owner: "lily@t.com"})
	acme := rep.Rows[0].CustomerID
	t1 := t0.Add(time.Hour)
	m := mail("m1@x", "einkauf@acme-group.com", "rfq", t1)
	m.Cc = []keepwarm.Address{{Email: "joe@acme-group.com"}}
	m.Contacts = append(m.Contacts, keepwarm.Address{Email: "joe@acme-group.com"})
	save(t, db, at(m, "team", "INBOX", 1, t1))
	if got := customerOf(t, db, "m1@x"); got != acme {
		t.Fatalf("mail from Acme's contact at its second domain went to customer %d, not Acme (%d)", got, acme)
	}
	if n := count(t, db, `SELECT count(*) FROM customers`); n != 1 {
		t.Fatalf("%d customers, want Acme alone", n)
	}
	if n := count(t, db, `SELECT count(*) FROM contacts WHERE email = 'joe@acme-group.com' AND customer_id = ?`, acme); n != 1 {
		t.Fatal("the colleague copied on the mail is not Acme's contact")
	}
	as, err := db.AssignPool(ctx, t1, AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, RoundRobin: true, Rules: book.DefaultRules()})
	if err != nil || len(as) != 0 {
		t.Fatalf("round robin assigned Lily's customer: %+v %v", as, err)
	}

	// Lily's own mail to the contact lands there too.
	t2 := t1.Add(time.Hour)
	out := mail("o1@x", "lily@t.com", "re: rfq", t2)
	out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:acme-group.com"
	out.Contacts = []keepwarm.Address{{Email: "einkauf@acme-group.com"}}
	save(t, db, at(out, "lily", "Sent", 1, t2))
	if got := customerOf(t, db, "o1@x"); got != acme {
		t.Fatalf("Lily's answer went to customer %d, not Acme (%d)", got, acme)
	}
}

// A placeholder company name ("N/A", "-", 个人) names no company: rows of
// private buyers stay apart, each named after its contact, and the row
// says the name was read as none.
func TestImportKeepsPlaceholderCompaniesApart(t *testing.T) {
	db := openTest(t)
	rep := importRows(t, db, t0, [][]string{
		{"Company", "Contact", "Email", "Country"},
		{"N/A", "Ana Ruiz", "ana@gmail.com", "Spain"},
		{"n/a", "Olu Ade", "olu@gmail.com", "Nigeria"},
		{"个人", "Li Wei", "li@163.com", "China"},
		{"个人", "Wang Fang", "wang@gmail.com", "China"},
		{"-", "Bo Berg", "bo@gmail.com", "Sweden"},
		{"--", "Al Amin", "al@gmail.com", "Sweden"},
	}, ImportOptions{Owner: "lily@t.com"})
	if got := actions(rep); got != "02:created 03:created 04:created 05:created 06:created 07:created" {
		t.Fatalf("placeholder names joined rows: %s\n%+v", got, rep.Rows)
	}
	ids := map[int64]bool{}
	for _, r := range rep.Rows {
		ids[r.CustomerID] = true
		if !strings.Contains(r.Reason, "read as no company") {
			t.Errorf("row %d does not say its company name was read as none: %q", r.Row, r.Reason)
		}
	}
	if len(ids) != 6 {
		t.Fatalf("%d customers, want 6", len(ids))
	}
	if rep.Rows[0].Customer != "Ana Ruiz" || rep.Rows[1].Customer != "Olu Ade" {
		t.Fatalf("customers named %q and %q, want their contacts", rep.Rows[0].Customer, rep.Rows[1].Customer)
	}
}

// Two companies of one name (Star Electric in India and in Kenya) are not
// joined by the name alone when their domains or countries differ: the
// second is created, and the report proposes the merge should they be
// one company after all. A third row at the Kenyan domain joins Kenya's.
func TestImportKeepsNamesakesApart(t *testing.T) {
	db := openTest(t)
	rep := importRows(t, db, t0, [][]string{
		{"Company", "Email", "Country"},
		{"Star Electric", "raj@star-electric.in", "India"},
		{"Star Electric", "john@starelectric.co.ke", "Kenya"},
		{"Star Electric", "mary@starelectric.co.ke", "Kenya"},
		{"Nova Trading", "ana@gmail.com", "Spain"},
		{"Nova Trading", "luis@gmail.com", "Mexico"},
		{"Nova Trading", "pepe@gmail.com", "Spain"},
	}, ImportOptions{Owner: "lily@t.com"})
	if got := actions(rep); got != "02:created 03:created 04:merged 05:created 06:created 07:merged" {
		t.Fatalf("namesakes: %s\n%+v", got, rep.Rows)
	}
	india, kenya := rep.Rows[0].CustomerID, rep.Rows[1].CustomerID
	if india == kenya || rep.Rows[2].CustomerID != kenya {
		t.Fatalf("customers: %+v", rep.Rows)
	}
	if !strings.Contains(rep.Rows[1].Reason, "same company name as row 2") {
		t.Fatalf("the namesake row does not say why it stayed apart: %q", rep.Rows[1].Reason)
	}
	if rep.Rows[3].CustomerID == rep.Rows[4].CustomerID || rep.Rows[5].CustomerID != rep.Rows[3].CustomerID {
		t.Fatalf("Nova Trading by country: %+v", rep.Rows)
	}
	if len(rep.Proposals) != 2 {
		t.Fatalf("proposals: %+v", rep.Proposals)
	}
	p := rep.Proposals[0]
	if p.Keep != india || p.Drop != kenya || p.Company != "Star Electric" || p.Phone != "" {
		t.Fatalf("proposal: %+v", p)
	}
}
