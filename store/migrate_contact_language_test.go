package store

import (
	"context"
	"regexp"

	"keepwarm/book"
	"path/filepath"
	"testing"
	"time"
)

// Imports before 0462 stored the language a row's country implied on the
// contact, where it outranked the customer's. The upgrade clears it; a
// language the country does not imply (a sheet's cell said so), one saved
// on the contact's page, and one not from the book stay.
func TestMigrationClearsContactLanguagesACountryImplied(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	db, err := Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	rollBack(t, db,
		// Corrected to French after the import; the contact kept Belgium's nl.
		`INSERT INTO customers (id, key, name, owner, country, language, created_at) VALUES (1, 'domain:dupont.be', 'Dupont SA', 'lily@t.com', 'BE', 'fr', 0)`,
		`INSERT INTO customers (id, key, name, owner, country, language, created_at) VALUES (2, 'domain:gulf.ae', 'Gulf', 'lily@t.com', 'AE', 'ar', 0)`,
		`INSERT INTO contacts (id, customer_id, email, language, created_at, from_book) VALUES
			(1, 1, 'j@dupont.be', 'nl', 0, 1),
			(2, 1, 'marie@dupont.be', 'fr', 0, 1),
			(3, 1, 'piet@dupont.be', 'nl', 0, 1),
			(4, 1, 'mail@dupont.be', 'nl', 0, 0),
			(5, 2, 'omar@gulf.ae', 'ar', 0, 1),
			(6, 2, 'raj@gulf.ae', 'en', 0, 1)`,
		`INSERT INTO web_audit (customer_id, actor, action, subject, before, after, at)
			VALUES (1, 'lily@t.com', 'contact.edit', 'piet@dupont.be', 'salutation=- language="fr" bounced=false opted_out=false',
				'salutation=- language="nl" bounced=false opted_out=false', 0)`,
		`DELETE FROM schema_migrations WHERE version = '0462_contacts_language_from_country'`)
	db.Close()
	db, err = Open(ctx, path, now)
	if err != nil {
		t.Fatalf("reopen applying 0462: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	want := map[string]string{"j@dupont.be": "", "marie@dupont.be": "fr", "piet@dupont.be": "nl", "mail@dupont.be": "nl", "omar@gulf.ae": "", "raj@gulf.ae": "en"}
	for email, lang := range want {
		var got string
		if err := db.w.GetContext(ctx, &got, `SELECT language FROM contacts WHERE email = ?`, email); err != nil {
			t.Fatal(err)
		}
		if got != lang {
			t.Errorf("%s: language %q after the upgrade, want %q", email, got, lang)
		}
	}
}

// 0462's table of countries and languages is book's.
func TestMigration0462CountriesAreTheBooks(t *testing.T) {
	b, err := migrationFS.ReadFile("migrations/0462_contacts_language_from_country.sql")
	if err != nil {
		t.Fatal(err)
	}
	pairs := regexp.MustCompile(`\('([A-Z]{2})', '([a-z-]+)'\)`).FindAllStringSubmatch(string(b), -1)
	if len(pairs) < 100 {
		t.Fatalf("only %d countries in 0462", len(pairs))
	}
	for _, p := range pairs {
		if c, ok := book.LookupCountry(p[1]); !ok || c.Language != p[2] {
			t.Errorf("0462 says %s speaks %s; book says %+v %v", p[1], p[2], c, ok)
		}
	}
}
