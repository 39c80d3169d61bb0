package store

import (
	"context"
	"path/filepath"
	"testing"
)

// 0546 marks as named after their person only the private buyers it can
// be sure of: made by an import, keyed by the address of a contact named
// exactly as the customer, with no contact of another name (a nameless
// second address, or one of the same name, is no other). Any other keeps
// its name when its contact is renamed, as before.
func TestMigrationMarksPrivateBuyersNamedAfterTheirPerson(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	db, err := Open(ctx, path, t0)
	if err != nil {
		t.Fatal(err)
	}
	head := []string{"Company", "Contact", "Email"}
	rep := importRows(t, db, t0, [][]string{head,
		{"", "Wang Wei", "wangwei88@gmail.com"},
		{"Acme", "Bob Stone", "bob@acme.com"},
		{"", "Li Na", "lina@gmail.com"},
		{"", "Ann Lee", "annlee@gmail.com"},
		{"", "Zhao Lei", "zhaolei@gmail.com"},
	}, ImportOptions{Owner: "lily@t.com"})
	for _, q := range []string{
		// Li Na's customer was renamed since; Ann Lee's has a second,
		// nameless address (her shop's: still hers); Zhao Lei's a second
		// contact of another name.
		`UPDATE customers SET name = 'Li Na Trading' WHERE key = 'addr:lina@gmail.com'`,
		`INSERT INTO contacts (customer_id, email, name, created_at) SELECT id, 'shop@annlee.example', '', 0 FROM customers WHERE key = 'addr:annlee@gmail.com'`,
		`INSERT INTO contacts (customer_id, email, name, created_at) SELECT id, 'wife@zhaolei.example', 'Zhang Min', 0 FROM customers WHERE key = 'addr:zhaolei@gmail.com'`,
		`ALTER TABLE contacts DROP COLUMN named_by_hand`,
		`ALTER TABLE customers DROP COLUMN named_after_person`,
		`DELETE FROM schema_migrations WHERE version = '0546_named_by_hand'`,
	} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	db, err = Open(ctx, path, t0)
	if err != nil {
		t.Fatalf("reopen applying 0546: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	want := []bool{true, false, false, true, false}
	for i, r := range rep.Rows {
		var marked bool
		if err := db.r.Get(&marked, `SELECT named_after_person FROM customers WHERE id = ?`, r.CustomerID); err != nil {
			t.Fatal(err)
		}
		if marked != want[i] {
			t.Errorf("row %d (%s): marked %v", r.Row, r.Customer, marked)
		}
	}
}
