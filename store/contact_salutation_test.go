package store

import (
	"context"
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/book"
)

// A salutation set by hand (customers contact --salutation, or the web's
// contact form) is held to what an import's salutation cell is: one line
// (a second would go into every letter's body, and a subject naming the
// salutation would fail to render) of at most book.MaxName characters.
func TestSalutationSetByHandIsOneLineOfAtMostMaxName(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rep := importRows(t, db, t0, [][]string{{"Company", "Contact", "Email", "Salutation"}, {"Acme", "Ann Lee", "ann@acme.com", "Dear Ann"}}, ImportOptions{Owner: "lily@t.com"})
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	id := c.Contacts[0].ID
	for _, bad := range []string{"Dear Ann\nBcc: x@y.com", "Dear Ann\r\nP.S. call me", "Dear Ann\rx", strings.Repeat("名", book.MaxName+1)} {
		_, err := db.SetContactDetails(ctx, "ann@acme.com", ContactDetails{Salutation: &bad}, t0, "test")
		if keepwarm.ErrorCode(err) != keepwarm.EINVALID {
			t.Errorf("customers contact --salutation %q: %v", bad, err)
		}
		err = db.SetContact(ctx, id, ContactChange{Salutation: &bad}, t0, Viewer{Email: "lily@t.com", Manager: true})
		if keepwarm.ErrorCode(err) != keepwarm.EINVALID {
			t.Errorf("the contact form's salutation %q: %v", bad, err)
		}
	}
	if c, err = db.Customer(ctx, rep.Rows[0].CustomerID); err != nil || c.Contacts[0].Salutation != "Dear Ann" {
		t.Fatalf("the salutation became %q (%v)", c.Contacts[0].Salutation, err)
	}
	ok := strings.Repeat("名", book.MaxName)
	if _, err := db.SetContactDetails(ctx, "ann@acme.com", ContactDetails{Salutation: &ok}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	ok = "  Dear Ann,\n"
	if err := db.SetContact(ctx, id, ContactChange{Salutation: &ok}, t0, Viewer{Email: "lily@t.com", Manager: true}); err != nil {
		t.Fatalf("a line break around it is trimmed: %v", err)
	}
}
