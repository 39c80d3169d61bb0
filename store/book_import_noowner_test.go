package store

import (
	"context"
	"testing"
)

// A trade-show leads file imported with --pool, or a row whose owner cell
// is empty, that reaches a colleague's customer is a conflict and changes
// nothing: not Lily's contact's birthday, name or her customer's notes.
func TestRowNamingNoOwnerLeavesAColleaguesCustomerAlone(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	first := importRows(t, db, t0, [][]string{
		{"Company", "Contact", "Email", "Birthday", "Owner"},
		{"Acme", "Bob", "bob@acme.com", "1975-02-03", "lily@t.com"},
	}, ImportOptions{})
	id := first.Rows[0].CustomerID
	for _, tc := range []struct {
		name string
		rows [][]string
		opt  ImportOptions
	}{
		{"--pool", [][]string{{"Company", "Contact", "Email", "Birthday", "Notes"}, {"Acme", "Bob Smith", "bob@acme.com", "1975-03-02", "met at the fair"}}, ImportOptions{Pool: true}},
		{"empty owner cell", [][]string{{"Company", "Contact", "Email", "Birthday", "Owner"}, {"Acme", "Bob Smith", "bob@acme.com", "1975-03-02", ""}}, ImportOptions{}},
	} {
		rep := importRows(t, db, t0, tc.rows, tc.opt)
		if len(rep.Rows) != 1 || rep.Rows[0].Action != ImportConflict || rep.Rows[0].Owner != "lily@t.com" || len(rep.Conflicts()) != 1 {
			t.Errorf("%s: %+v", tc.name, rep.Rows)
		}
		c, err := db.Customer(ctx, id)
		if err != nil || c.Owner != "lily@t.com" || c.Notes != "" || len(c.Contacts) != 1 || c.Contacts[0].Birthday != "1975-02-03" || c.Contacts[0].Name != "Bob" {
			t.Fatalf("%s: Lily's customer after the import: %+v %v", tc.name, c, err)
		}
	}
	// A company's first row names the owner, its other contacts' rows
	// leave the cell empty: they are that row's customer, now and on the
	// file's next import.
	sheet := [][]string{
		{"Company", "Contact", "Email", "Owner"},
		{"Acme", "Bob", "bob@acme.com", "lily@t.com"},
		{"Acme", "Ann", "ann@acme.com", ""},
	}
	for i := 0; i < 2; i++ {
		rep := importRows(t, db, t0, sheet, ImportOptions{})
		if n := len(rep.Conflicts()); n != 0 {
			t.Fatalf("import %d of a company's rows: %+v", i+1, rep.Rows)
		}
	}
	if c, err := db.Customer(ctx, id); err != nil || len(c.Contacts) != 2 {
		t.Fatalf("Acme after its rows: %+v %v", c, err)
	}
}

// A sheet sorted by contact names the owner on a company's second row:
// its first row, leaving the cell empty, is that company's too, not a
// conflict (Ann is added). A company whose rows name another owner than
// the stored one, or two owners, gives its empty cells no owner.
func TestEmptyOwnerCellBeforeTheRowNamingIt(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	first := importRows(t, db, t0, [][]string{
		{"Company", "Contact", "Email", "Owner"},
		{"Acme", "Bob", "bob@acme.com", "lily@t.com"},
		{"Globex", "Hans", "hans@globex.de", "lily@t.com"},
	}, ImportOptions{})
	acme, globex := first.Rows[0].CustomerID, first.Rows[1].CustomerID
	rep := importRows(t, db, t0, [][]string{
		{"Company", "Contact", "Email", "Owner"},
		{"Acme", "Ann", "ann@acme.com", ""},
		{"Acme", "Bob", "bob@acme.com", "lily@t.com"},
		{"Globex", "Eva", "eva@globex.de", ""},
		{"Globex", "Hans", "hans@globex.de", "tom@t.com"},
	}, ImportOptions{})
	if c := rep.Conflicts(); len(c) != 2 || c[0].Row != 4 || c[1].Row != 5 {
		t.Fatalf("conflicts: %+v", rep.Rows)
	}
	if c, err := db.Customer(ctx, acme); err != nil || len(c.Contacts) != 2 {
		t.Fatalf("Acme: %+v %v", c, err)
	}
	if c, err := db.Customer(ctx, globex); err != nil || len(c.Contacts) != 1 || c.Owner != "lily@t.com" {
		t.Fatalf("Globex: %+v %v", c, err)
	}
}
