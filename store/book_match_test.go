package store

import (
	"context"
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
