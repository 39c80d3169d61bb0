package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// customers merge KEEP DROP with the two swapped keeps the wrong survivor:
// it names both and which stays first; --dry-run merges nothing, and a
// script needs --yes, as customers handover does. At a terminal it asks.
func TestCustomersMergeNamesBothBeforeMerging(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\nTwo,b@two.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	ctx := context.Background()
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	merged := func() bool {
		two, _ := db.Customer(ctx, 2)
		return two.MergedInto != 0
	}
	named := "#2 Two (domain:two.com, owner tom@acme-export.com) would be merged into #1 One (domain:one.com, owner tom@acme-export.com), which stays"
	out := c.mustRun("customers", "merge", "a@one.com", "b@two.com", "--dry-run")
	if !strings.Contains(out, "dry run: "+named) || !strings.Contains(out, "nothing was merged") || merged() {
		t.Fatalf("merge --dry-run: %s", out)
	}
	code, _, errs := c.run(ctx, "customers", "merge", "a@one.com", "b@two.com")
	if code != 2 || !strings.Contains(errs, named) || !strings.Contains(errs, "nothing merged: add --yes if that is meant") || merged() {
		t.Fatalf("merge without --yes: exit %d, %s", code, errs)
	}
	controller, tty := openPTY(t)
	controller.WriteString("no\n")
	var o, e bytes.Buffer
	m := NewMain(tty, &o, &e, func(k string) string { return c.env[k] })
	if code := m.Run(ctx, []string{"--config", c.config, "customers", "merge", "a@one.com", "b@two.com"}); code != 2 ||
		!strings.Contains(e.String(), named) || !strings.Contains(e.String(), "Merge them? [y/N]") || merged() {
		t.Fatalf("merge answered no at a terminal: exit %d, %s", code, e.String())
	}
	if out := c.mustRun("customers", "merge", "a@one.com", "b@two.com", "--yes"); !strings.Contains(out, "merged #2 Two into #1 One") || !merged() {
		t.Fatalf("merge --yes: %s", out)
	}
}

// When the two have different owners, the duplicate's owner's follow-ups
// stop for good at the merge: the dry run and the question say so before,
// from the merge itself made and rolled back, and the follow-up runs on.
func TestCustomersMergeSaysWhoseFollowUpsStopBefore(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\nTwo,b@two.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	c.mustRun("customers", "set", "a@one.com", "--owner", "lily@acme-export.com")
	db := sqlDB(t, dir)
	var thread int64
	if err := db.QueryRow(`INSERT INTO threads (customer_id, subject, created_at) VALUES (2, 'Offer', 0) RETURNING id`).Scan(&thread); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, owner, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at)
		VALUES (?, 2, 'resend', 'active', 'tom@acme-export.com', 0, 0, 0, 0, 0, 0)`, thread); err != nil {
		t.Fatal(err)
	}
	state := func() (status string, customer int64) {
		db.QueryRow(`SELECT status, customer_id FROM enrollments`).Scan(&status, &customer)
		return
	}
	stops := "tom@acme-export.com's follow-ups of #2 stop for good (1 running or paused now): the customer is lily@acme-export.com's"
	out := c.mustRun("customers", "merge", "#1", "#2", "--dry-run")
	if !strings.Contains(out, stops) || !strings.Contains(out, "1 threads, 1 enrollments") || !strings.Contains(out, "nothing was merged") {
		t.Fatalf("merge --dry-run does not say what the merge does: %s", out)
	}
	if st, cust := state(); st != "active" || cust != 2 {
		t.Fatalf("the dry run changed the follow-up: %s, customer %d", st, cust)
	}
	var merges int
	db.QueryRow(`SELECT count(*) FROM merges`).Scan(&merges)
	if merges != 0 {
		t.Fatal("the dry run recorded a merge")
	}
	code, _, errs := c.run(context.Background(), "customers", "merge", "#1", "#2")
	if code != 2 || !strings.Contains(errs, stops) {
		t.Fatalf("merge without --yes does not say whose follow-ups stop: exit %d, %s", code, errs)
	}
}
