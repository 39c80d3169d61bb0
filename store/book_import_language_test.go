package store

import (
	"context"
	"strings"
	"testing"
)

// A language the country only implies (België: nl) is the customer's,
// not the contact's: stored on the contact, it would outrank the manager's
// correction of the customer's language in every greeting.
func TestImportKeepsACountrysLanguageOffTheContact(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rep := importRows(t, db, t0, [][]string{{"Company", "Email", "Country"}, {"Dupont SA", "j@dupont.be", "België"}}, ImportOptions{Owner: "lily@t.com"})
	id := rep.Rows[0].CustomerID
	fr := "fr"
	if err := db.SetCustomer(ctx, id, CustomerChange{Language: &fr}, t0, "boss@t.com"); err != nil {
		t.Fatal(err)
	}
	c, err := db.Customer(ctx, id)
	if err != nil || len(c.Contacts) != 1 {
		t.Fatalf("customer: %+v %v", c, err)
	}
	if c.Language != "fr" || c.Contacts[0].Language != "" {
		t.Fatalf("customer language %q, contact language %q: want fr and none", c.Language, c.Contacts[0].Language)
	}
	// A later sheet that writes the contact's language gives it.
	rep = importRows(t, db, t0, [][]string{{"Company", "Email", "Country", "Language"}, {"Dupont SA", "j@dupont.be", "Belgium", "French"}}, ImportOptions{Owner: "lily@t.com"})
	if c, err = db.Customer(ctx, id); err != nil || c.Contacts[0].Language != "fr" {
		t.Fatalf("after a sheet writing French: %+v %v (%+v)", c, err, rep.Rows)
	}
}

// A Belgian customer an earlier keepwarm stored as Dutch (it read every
// Belgian so): a re-import of its French-spelled row says the language
// kept and how to change it, and a row writing just Belgium does not say
// the language is left unknown while the book holds nl.
func TestImportSaysTheLanguageKeptForACountryOfSeveral(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rep := importRows(t, db, t0, [][]string{{"Company", "Email", "Country", "Language"}, {"Dupont SA", "j@dupont.be", "Belgium", "nl"}}, ImportOptions{Owner: "lily@t.com"})
	id := rep.Rows[0].CustomerID
	if _, err := db.w.ExecContext(ctx, `UPDATE contacts SET language = '' WHERE customer_id = ?`, id); err != nil {
		t.Fatal(err)
	}
	rep = importRows(t, db, t0, [][]string{{"Company", "Email", "Country"}, {"Dupont SA", "j@dupont.be", "Belgique"}}, ImportOptions{Owner: "lily@t.com"})
	if r := rep.Rows[0]; !strings.Contains(r.Reason, `kept language nl (the country cell "Belgique" says fr`) ||
		!strings.Contains(r.Reason, "`keepwarm customers set j@dupont.be --lang fr`") {
		t.Fatalf("Belgique: %+v", r)
	}
	rep = importRows(t, db, t0, [][]string{{"Company", "Email", "Country"}, {"Dupont SA", "j@dupont.be", "Belgium"}}, ImportOptions{Owner: "lily@t.com"})
	if r := rep.Rows[0]; strings.Contains(r.Reason, "left unknown") || !strings.Contains(r.Reason, "kept language nl") {
		t.Fatalf("Belgium: %+v", r)
	}
	if c, err := db.Customer(ctx, id); err != nil || c.Language != "nl" {
		t.Fatalf("customer: %+v %v", c, err)
	}
}
