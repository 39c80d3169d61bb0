package store

import (
	"context"
	"strings"
	"testing"

	"keepwarm/book"
)

// A customer its salesperson let go to the pool stays there when the CRM's
// file, which still names them, is imported again: the row says it was
// kept, and nobody's cool-down or caps are skipped.
func TestReimportKeepsAReleasedCustomerInThePool(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rows := [][]string{
		{"Company", "Email", "Owner"},
		{"Gulf Build", "omar@gulfbuild.ae", "tom@team.example"},
	}
	importSheet(t, db, t0, rows, ImportOptions{})
	c, err := db.ResolveCustomer(ctx, "omar@gulfbuild.ae")
	if err != nil || c.Owner != "tom@team.example" {
		t.Fatalf("after the first import: %+v, %v", c, err)
	}
	if err := db.ReleaseCustomer(ctx, c.ID, t0.Add(book.Day), "tom@team.example"); err != nil {
		t.Fatal(err)
	}
	rep := importSheet(t, db, t0.Add(3*book.Day), rows, ImportOptions{})
	c, err = db.ResolveCustomer(ctx, "omar@gulfbuild.ae")
	if err != nil || c.Owner != "" {
		t.Fatalf("after the re-import the owner is %q (%v); want the pool", c.Owner, err)
	}
	var said string
	for _, r := range rep.Rows {
		said += r.Reason + "\n"
	}
	if !strings.Contains(said, "kept in the pool (let go by tom@team.example on") {
		t.Errorf("the report does not say the customer was kept in the pool:\n%s", said)
	}
	// A customer mail put in the pool, never owned, is the file's to place.
	importSheet(t, db, t0.Add(3*book.Day), [][]string{
		{"Company", "Email", "Owner"},
		{"Nordic Lights", "eva@nordic.se", "lily@team.example"},
	}, ImportOptions{})
	if c, err := db.ResolveCustomer(ctx, "eva@nordic.se"); err != nil || c.Owner != "lily@team.example" {
		t.Fatalf("a new customer: %+v, %v", c, err)
	}
}
