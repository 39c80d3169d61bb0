package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
)

// Acme comes from Lily's sheet with one contact, hans@. Mail later puts
// petra@ on Cc: sync makes her a contact of Acme, but the book never named
// her, so she is not "from the book" (only_contacts_who_wrote = false
// greets Hans, not everyone ever on Acme's mail). A later sheet naming her
// makes her so.
func TestGreetingRecipientsFromBookIsTheContacts(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{
		{"Company", "Email", "Contact", "Owner"},
		{"Acme GmbH", "hans@acme.de", "Hans Meier", "lily@team.example"},
	}, ImportOptions{})
	m := msg("out-1@team.example")
	m.Kind, m.From = keepwarm.KindOutbound, keepwarm.Address{Name: "Lily", Email: "lily@team.example"}
	m.To = []keepwarm.Address{{Name: "Hans Meier", Email: "hans@acme.de"}}
	m.Cc = []keepwarm.Address{{Name: "Petra Vogel", Email: "petra@acme.de"}}
	m.Contacts = append(append([]keepwarm.Address(nil), m.To...), m.Cc...)
	m.CustomerKey = "domain:acme.de"
	save(t, db, at(m, "lily", "Sent", 1, t0.Add(time.Hour)))

	fromBook := func() map[string]bool {
		t.Helper()
		rs, err := db.GreetingRecipients(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, r := range rs {
			out[r.Contact.Email] = r.FromBook
			if !r.CustomerInBook {
				t.Errorf("%s: the customer is not in the book", r.Contact.Email)
			}
		}
		return out
	}
	got := fromBook()
	if want := map[string]bool{"hans@acme.de": true, "petra@acme.de": false}; got["hans@acme.de"] != true || got["petra@acme.de"] != false || len(got) != len(want) {
		t.Fatalf("from the book: %v, want %v", got, want)
	}
	importSheet(t, db, t0.Add(2*time.Hour), [][]string{
		{"Company", "Email", "Contact", "Owner"},
		{"Acme GmbH", "petra@acme.de", "Petra Vogel", "lily@team.example"},
	}, ImportOptions{})
	if got := fromBook(); !got["petra@acme.de"] {
		t.Fatalf("after a sheet names Petra: %v", got)
	}
}

// A database from before migration 0256 has no contacts.from_book: the
// migration counts as the book's the contacts made with their imported
// customer, those with the book's details, and a book customer's contacts
// never seen on mail; a Cc-only colleague added by sync later is not.
func TestMigrationMarksTheBooksContacts(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	db, err := Open(ctx, path, t0)
	if err != nil {
		t.Fatal(err)
	}
	importSheet(t, db, t0, [][]string{
		{"Company", "Email", "Contact", "Owner"},
		{"Acme GmbH", "hans@acme.de", "Hans Meier", "lily@team.example"},
	}, ImportOptions{})
	m := msg("out-1@team.example")
	m.Kind, m.From = keepwarm.KindOutbound, keepwarm.Address{Name: "Lily", Email: "lily@team.example"}
	m.To = []keepwarm.Address{{Name: "Hans Meier", Email: "hans@acme.de"}}
	m.Cc = []keepwarm.Address{{Name: "Petra Vogel", Email: "petra@acme.de"}}
	m.Contacts = append(append([]keepwarm.Address(nil), m.To...), m.Cc...)
	m.CustomerKey = "domain:acme.de"
	save(t, db, at(m, "lily", "Sent", 1, t0.Add(time.Hour)))
	for _, q := range []string{`ALTER TABLE contacts DROP COLUMN from_book`,
		`DELETE FROM schema_migrations WHERE version = '0256_contacts_from_book'`} {
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	db, err = Open(ctx, path, t0)
	if err != nil {
		t.Fatalf("reopen applying 0256: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	for email, want := range map[string]bool{"hans@acme.de": true, "petra@acme.de": false} {
		var got bool
		if err := db.r.Get(&got, `SELECT from_book FROM contacts WHERE email = ?`, email); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: from_book %v after the migration, want %v", email, got, want)
		}
	}
}
