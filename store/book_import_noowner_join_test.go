package store

import (
	"context"
	"testing"
)

// A --pool row, or one whose owner cell is empty, that reaches two of a
// colleague's customers joins nothing and changes neither: Lily's two
// customers stay apart and her contact's birthday stays hers. A company
// this file named the owner of may still be joined by a row naming none.
func TestRowNamingNoOwnerJoinsNoColleaguesCustomers(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	first := importRows(t, db, t0, [][]string{
		{"Company", "Contact", "Email", "Birthday", "Owner"},
		{"Acme", "Bob", "bob@acme.com", "1975-02-03", "lily@t.com"},
		{"Bob Smith", "Bob Smith", "bob.smith@gmail.com", "", "lily@t.com"},
	}, ImportOptions{FreeMail: freeMail})
	acme, gmail := first.Rows[0].CustomerID, first.Rows[1].CustomerID
	if acme == gmail {
		t.Fatalf("setup joined them: %+v", first.Rows)
	}
	for _, tc := range []struct {
		name string
		rows [][]string
		opt  ImportOptions
	}{
		{"--pool", [][]string{{"Company", "Contact", "Email", "Birthday"}, {"Acme", "Bob Smith", "bob@acme.com; bob.smith@gmail.com", "1975-03-02"}}, ImportOptions{Pool: true, FreeMail: freeMail}},
		{"empty owner cell", [][]string{{"Company", "Contact", "Email", "Birthday", "Owner"}, {"Acme", "Bob Smith", "bob@acme.com; bob.smith@gmail.com", "1975-03-02", ""}}, ImportOptions{FreeMail: freeMail}},
	} {
		rep := importRows(t, db, t0, tc.rows, tc.opt)
		if len(rep.Rows) != 1 || rep.Rows[0].Action != ImportConflict || len(rep.Conflicts()) != 1 || rep.Rows[0].Owner != "lily@t.com" {
			t.Errorf("%s: %+v", tc.name, rep.Rows)
		}
		for _, id := range []int64{acme, gmail} {
			c, err := db.Customer(ctx, id)
			if err != nil || c.MergedInto != 0 || c.Owner != "lily@t.com" {
				t.Fatalf("%s: #%d after the import: %+v %v", tc.name, id, c, err)
			}
		}
		if c, _ := db.Customer(ctx, acme); len(c.Contacts) != 1 || c.Contacts[0].Birthday != "1975-02-03" || c.Contacts[0].Name != "Bob" {
			t.Fatalf("%s: Acme's contact: %+v", tc.name, c.Contacts)
		}
	}
	// A file whose earlier row names Lily as Acme's and Bob Smith's owner
	// may join them on a row that leaves the cell empty.
	rep := importRows(t, db, t0, [][]string{
		{"Company", "Contact", "Email", "Owner"},
		{"Acme", "Bob", "bob@acme.com", "lily@t.com"},
		{"Bob Smith", "Bob Smith", "bob.smith@gmail.com", "lily@t.com"},
		{"Acme", "Bob", "bob@acme.com; bob.smith@gmail.com", ""},
	}, ImportOptions{FreeMail: freeMail})
	if len(rep.Conflicts()) != 0 || rep.Rows[2].Action != ImportMerged {
		t.Fatalf("the file's own owner's customers: %+v", rep.Rows)
	}
}
