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
