package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
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

// A row that would join a salesperson's customer with another customer,
// in a file that names someone else, is a conflict and joins nothing: the
// report's "left unchanged" is true, and a pool customer does not pass to
// a salesperson through a colleague's file.
func TestRowJoiningAnothersCustomerChangesNothing(t *testing.T) {
	db := openTest(t)
	acme, pooled := lilysAcmeAndAPoolCustomer(t, db)
	for _, opt := range []struct {
		name  string
		rows  [][]string
		owner string
	}{
		{"owner column", [][]string{{"Company", "Email", "Owner"}, {"Acme", "a@acme.com; b@gmail.com", "tom@team.example"}}, ""},
		{"--owner", [][]string{{"Company", "Email"}, {"Acme", "a@acme.com; b@gmail.com"}}, "tom@team.example"},
	} {
		rep := importSheet(t, db, t0.Add(time.Hour), opt.rows, ImportOptions{Owner: opt.owner})
		cs := rep.Conflicts()
		if got := actions(rep); got != "02:conflict" || len(cs) != 1 {
			t.Fatalf("%s: rows %s %+v", opt.name, got, rep.Rows)
		}
		if c := cs[0]; c.CustomerID != acme.ID || c.Owner != "lily@team.example" || c.FileOwner != "tom@team.example" || !strings.Contains(c.Reason, "left unchanged") {
			t.Errorf("%s: conflict %+v", opt.name, c)
		}
		if rep.Counts[ImportMerged] != 0 {
			t.Errorf("%s: %d merged", opt.name, rep.Counts[ImportMerged])
		}
		if n := count(t, db, `SELECT count(*) FROM customers WHERE id = ? AND merged_into IS NULL AND owner = ''`, pooled); n != 1 {
			t.Errorf("%s: the pool customer was merged or handed on", opt.name)
		}
		if n := count(t, db, `SELECT count(*) FROM merges`); n != 0 {
			t.Errorf("%s: %d merges recorded", opt.name, n)
		}
	}
	// Lily's own file joins them, as before.
	rep := importSheet(t, db, t0.Add(2*time.Hour), [][]string{
		{"Company", "Email", "Owner"},
		{"Acme", "a@acme.com; b@gmail.com", "lily@team.example"},
	}, ImportOptions{})
	if got := actions(rep); got != "02:merged" {
		t.Fatalf("lily's file: %s %+v", got, rep.Rows)
	}
	if n := count(t, db, `SELECT count(*) FROM customers WHERE id = ? AND merged_into = ?`, pooled, acme.ID); n != 1 {
		t.Error("lily's file did not join her customer and the pool customer")
	}
}

// A row that would join a salesperson's customer with a customer let go
// to the pool (released, or its claim ran out) joins nothing, whoever's
// file it is: the merge would hand the let-go customer back to a
// salesperson without a claim, past the cool-down and the caps, as the
// one-match path refuses to. The row is a conflict for the manager, and
// the salesperson's customer is not given the let-go one's address either.
func TestRowJoiningALetGoPoolCustomerChangesNothing(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	acme, pooled := lilysAcmeAndAPoolCustomer(t, db)
	lily := "lily@team.example"
	if err := db.SetCustomer(ctx, pooled, CustomerChange{Owner: &lily}, t0.Add(time.Hour), "test"); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseCustomer(ctx, pooled, t0.Add(book.Day), lily); err != nil {
		t.Fatal(err)
	}
	for _, opt := range []struct {
		name string
		rows [][]string
		opt  ImportOptions
	}{
		{"lily's owner column", [][]string{{"Company", "Email", "Owner"}, {"Acme", "a@acme.com; b@gmail.com", lily}}, ImportOptions{}},
		{"--owner lily", [][]string{{"Company", "Email"}, {"Acme", "a@acme.com; b@gmail.com"}}, ImportOptions{Owner: lily}},
		{"--pool", [][]string{{"Company", "Email"}, {"Acme", "a@acme.com; b@gmail.com"}}, ImportOptions{Pool: true}},
	} {
		rep := importSheet(t, db, t0.Add(3*book.Day), opt.rows, opt.opt)
		cs := rep.Conflicts()
		if got := actions(rep); got != "02:conflict" || len(cs) != 1 {
			t.Fatalf("%s: rows %s %+v", opt.name, got, rep.Rows)
		}
		if c := cs[0]; c.CustomerID != acme.ID || !strings.Contains(c.Reason, "was let go to the pool by lily@team.example on") || !strings.Contains(c.Reason, "nothing joined") {
			t.Errorf("%s: conflict %+v", opt.name, c)
		}
		if n := count(t, db, `SELECT count(*) FROM customers WHERE id = ? AND merged_into IS NULL AND owner = ''`, pooled); n != 1 {
			t.Errorf("%s: the let-go customer was merged or handed on", opt.name)
		}
		if n := count(t, db, `SELECT count(*) FROM merges`); n != 0 {
			t.Errorf("%s: %d merges recorded", opt.name, n)
		}
		if n := count(t, db, `SELECT count(*) FROM contacts WHERE email = 'b@gmail.com' AND customer_id = ?`, acme.ID); n != 0 {
			t.Errorf("%s: Acme was given the let-go customer's address", opt.name)
		}
	}
}

// lilysAcmeAndAPoolCustomer imports Lily's Acme (a@acme.com) and stores an
// inquiry from b@gmail.com, which makes a pool customer of its own.
func lilysAcmeAndAPoolCustomer(t *testing.T, db *DB) (acme keepwarm.Customer, pooled int64) {
	t.Helper()
	importSheet(t, db, t0, [][]string{
		{"Company", "Email", "Owner"},
		{"Acme", "a@acme.com", "lily@team.example"},
	}, ImportOptions{})
	save(t, db, at(mail("m1@x", "b@gmail.com", "pumps", t0), "team", "INBOX", 1, t0))
	acme, err := db.ResolveCustomer(context.Background(), "a@acme.com")
	if err != nil {
		t.Fatal(err)
	}
	pooled = customerOf(t, db, "m1@x")
	if pooled == acme.ID {
		t.Fatal("the mail went to Acme")
	}
	return acme, pooled
}
