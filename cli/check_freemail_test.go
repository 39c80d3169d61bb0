package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/book"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// A customer keyed by a domain that is free mail now (imported, or made by
// mail, before the list named Yahoo India) is named by check with its
// owner and contacts, since every buyer there joined it; a company's
// customer is not named.
func TestCheckNamesCustomersKeyedByAFreeMailDomain(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, "")
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	db, err := store.Open(ctx, filepath.Join(filepath.Dir(path), "kw.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := book.Parse([][]string{{"Company", "Email"},
		{"Raj Exports", "raj@yahoo.in"}, {"Outlook Supplies", "ann@outlook-supplies.com"}}, book.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Imported as a company domain, as the old list let it be.
	if _, err := db.ImportBook(ctx, now, sheet, store.ImportOptions{Owner: "lily@acme-export.com"}); err != nil {
		t.Fatal(err)
	}
	keys, err := db.DomainCustomers(ctx)
	if err != nil || len(keys) != 2 {
		t.Fatalf("customers with a domain %+v (%v); the test needs yahoo.in's and outlook-supplies.com's", keys, err)
	}
	db.Close()
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs := c.run(ctx, "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "warn  1 customer(s) are keyed by a domain that is free mail now") ||
		!strings.Contains(out, "yahoo.in (1 contact(s), lily@acme-export.com)") || strings.Contains(out, "outlook-supplies") ||
		!strings.Contains(out, "keepwarm customers show ID") {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errs)
	}
}
