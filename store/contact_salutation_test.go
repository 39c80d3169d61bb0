package store

import (
	"context"
	"strings"
	"testing"
	"time"

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

// A salutation emptied before keepwarm recorded that, at a contact whose
// name was set by hand, is filled by an import again: listed with the
// contact details the file replaced.
func TestImportListsASalutationFilledIntoAContactNamedByHand(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Salutation"}
	importRows(t, db, t0, [][]string{head, {"Acme", "Ann Lee", "sales@acme.com", "Dear Ann"}}, ImportOptions{Owner: "lily@t.com"})
	bob := "Bob Stone"
	if _, err := db.SetContactDetails(ctx, "sales@acme.com", ContactDetails{Name: &bob}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE contacts SET salutation = '' WHERE email = 'sales@acme.com'`); err != nil {
		t.Fatal(err)
	}
	rep := importRows(t, db, t0.Add(time.Hour), [][]string{head, {"Acme", "Bob Stone", "sales@acme.com", "Dear Ann"}}, ImportOptions{Owner: "lily@t.com"})
	if len(rep.Replaced) != 1 || rep.Replaced[0] != (ReplacedDetail{Row: 2, Email: "sales@acme.com", Field: "salutation", Now: "Dear Ann"}) {
		t.Fatalf("replaced: %+v (%+v)", rep.Replaced, rep.Rows)
	}
}

// A salutation emptied on the contact's page is kept empty by an import,
// as one emptied with customers contact --salutation "" is.
func TestImportKeepsASalutationEmptiedInTheContactForm(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Salutation"}
	rep := importRows(t, db, t0, [][]string{head, {"Acme", "Ann Lee", "sales@acme.com", "Dear Ann"}}, ImportOptions{Owner: "lily@t.com"})
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	empty := ""
	if err := db.SetContact(ctx, c.Contacts[0].ID, ContactChange{Salutation: &empty}, t0, Viewer{Email: "lily@t.com", Manager: true}); err != nil {
		t.Fatal(err)
	}
	again := importRows(t, db, t0.Add(time.Hour), [][]string{head, {"Acme", "Ann Lee", "sales@acme.com", "Dear Ann"}}, ImportOptions{Owner: "lily@t.com"})
	if c, err = db.Customer(ctx, c.ID); err != nil || c.Contacts[0].Custom {
		t.Fatalf("filled again: %+v %v", c.Contacts, err)
	}
	if r := again.Rows[0]; r.Action != ImportSkipped || !strings.Contains(r.Reason, `kept salutation of sales@acme.com empty (set by hand; the file says "Dear Ann")`) {
		t.Fatalf("row: %+v", r)
	}
}

// A salutation of two lines an earlier import stored (before the book
// refused such a cell) is emptied when the same row comes again, with the
// row saying so: otherwise it stays, every letter opens with both lines,
// and the row's warning says the contact "is greeted by name". A contact
// keeping a salutation of one line is not said to be greeted by name.
func TestImportEmptiesASalutationOfTwoLinesAnEarlierImportStored(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Salutation"}
	two := "Dear Mr. Meier,\nDear Ms. Schulz"
	rows := [][]string{head, {"Meier GmbH", "Hans Meier", "hans@meier.de", two}, {"Acme", "Ann Lee", "ann@acme.com", "Dear Ann"}}
	rep := importRows(t, db, t0, rows, ImportOptions{Owner: "lily@t.com"})
	if _, err := db.w.ExecContext(ctx, `UPDATE contacts SET salutation = ? WHERE email = 'hans@meier.de'`, two); err != nil {
		t.Fatal(err)
	}
	rows[2][3] = "Dear Ann,\nDear Bob"
	rep = importRows(t, db, t0.Add(time.Hour), rows, ImportOptions{Owner: "lily@t.com"})
	var got string
	if err := db.w.GetContext(ctx, &got, `SELECT salutation FROM contacts WHERE email = 'hans@meier.de'`); err != nil {
		t.Fatal(err)
	}
	if got != "" {
		t.Errorf("the stored salutation of two lines stays: %q", got)
	}
	if why := rep.Rows[0].Reason; !strings.Contains(why, `salutation of hans@meier.de emptied (was "Dear Mr. Meier,\nDear Ms. Schulz"`) ||
		!strings.Contains(why, "the contact is greeted by name") {
		t.Errorf("Hans's row: %q", why)
	}
	if len(rep.Replaced) != 1 || rep.Replaced[0] != (ReplacedDetail{Row: 2, Email: "hans@meier.de", Field: "salutation", Was: two}) {
		t.Errorf("replaced: %+v", rep.Replaced)
	}
	if why := rep.Rows[1].Reason; strings.Contains(why, "greeted by name") || !strings.Contains(why, `the contact keeps its salutation "Dear Ann"`) {
		t.Errorf("Ann's row: %q", why)
	}
}
