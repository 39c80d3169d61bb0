package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// What real sheets and habits do through the command line: a sheet without
// owners is refused until --owner or --pool is given; a shared phone is
// proposed, joined with --merge-on-phone and parted again with unmerge; a
// row naming another salesperson's customer is listed as a conflict with
// both owners; a claim names its salesperson as the sheet does.
func TestCustomersImportOwnersPhonesConflictsAndUnmerge(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	ctx := context.Background()
	sheet := filepath.Join(dir, "tom.xlsx")
	writeXLSX(t, sheet, [][]any{
		{"Company", "Contact", "Email", "Phone"},
		{"Alpha Trading", "Ali", "ali@alpha.ae", "+971 4 123 4567"},
		{"Beta Build", "Bea", "bea@beta.ae", ""},
	})
	code, _, errs := c.run(ctx, "customers", "import", sheet)
	// A missing flag: exit 2 with the pointer to the help, as every usage error.
	if code != 2 || !strings.Contains(errs, "no owner column") || !strings.Contains(errs, "--owner") || !strings.Contains(errs, "--pool") ||
		!strings.Contains(errs, "customers import --help") {
		t.Fatalf("import without owners: exit %d %s", code, errs)
	}
	if out := c.mustRun("customers", "import", sheet, "--owner", "Tom Wu"); !strings.Contains(out, "2 created") {
		t.Fatalf("import --owner: %s", out)
	}

	phone := filepath.Join(dir, "phone.csv")
	os.WriteFile(phone, []byte("Company,Email,Phone,Owner\nBeta Build,bea@beta.ae,+971 4 123 4567,tom@acme-export.com\n"), 0o600)
	out := c.mustRun("customers", "import", phone)
	if !strings.Contains(out, "proposed merges") || !strings.Contains(out, "#2 Beta Build and #1 Alpha Trading share +97141234567") {
		t.Fatalf("proposal: %s", out)
	}
	out = c.mustRun("customers", "import", phone, "--merge-on-phone")
	if !strings.Contains(out, "1 merged") {
		t.Fatalf("--merge-on-phone: %s", out)
	}
	if out := c.mustRun("customers", "unmerge", "2"); !strings.Contains(out, "#2 Beta Build is its own customer again (was merged into #1 Alpha Trading)") {
		t.Fatalf("unmerge: %s", out)
	}
	if out := c.mustRun("customers", "show", "bea@beta.ae"); !strings.HasPrefix(out, "#2 Beta Build") {
		t.Fatalf("show after unmerge: %s", out)
	}
	if out := c.mustRun("customers", "show", "ali@alpha.ae"); !strings.Contains(out, "#2 Beta Build (domain:beta.ae) by boss@acme-export.com (import row 2) (undone)") {
		t.Fatalf("the kept customer's merge history: %s", out)
	}

	lily := filepath.Join(dir, "lily.csv")
	os.WriteFile(lily, []byte("Company,Email,业务员\nAlpha Trading,ali@alpha.ae,Lily Chen\nGamma,g@gamma.example,Lily Chen\n"), 0o600)
	out = c.mustRun("customers", "import", lily)
	if !strings.Contains(out, "conflicts: 1 row(s)") || !strings.Contains(out, "#1 Alpha Trading  tom@acme-export.com  lily@acme-export.com  tom@acme-export.com's customer, the row says lily@acme-export.com: left unchanged") ||
		!strings.Contains(out, "1 created, 0 updated, 0 merged, 0 skipped, 1 conflict(s), 0 rejected") {
		t.Fatalf("conflict: %s", out)
	}

	// Claims accept the salesperson as a sheet's owner cell does.
	c.mustRun("customers", "release", "g@gamma.example")
	out = c.mustRun("customers", "claim", "g@gamma.example", "--salesperson", "Ｔｏｍ  Wu")
	if !strings.Contains(out, "tom@acme-export.com claimed") {
		t.Fatalf("claim by name: %s", out)
	}
	if out := c.mustRun("customers", "won", "g@gamma.example"); !strings.Contains(out, "marked won") {
		t.Fatalf("won: %s", out)
	}
	if out := c.mustRun("customers", "list", "--owner", "tom@acme-export.com"); !strings.Contains(out, "claimed, won") || strings.Contains(out, "answered") {
		t.Fatalf("won claim status: %s", out)
	}
	c.mustRun("customers", "release", "g@gamma.example")
	code, _, errs = c.run(ctx, "customers", "won", "g@gamma.example")
	if code == 0 || !strings.Contains(errs, "public pool") {
		t.Fatalf("won in the pool: exit %d %s", code, errs)
	}
}

// Orders: the same number for two customers is two orders; a number
// repeated with another date is reported on its row; rejected rows print in row order; an
// ambiguous date needs --date-format.
func TestOrdersImportNumbersDuplicatesAndDates(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	cust := filepath.Join(dir, "c.csv")
	os.WriteFile(cust, []byte("Company,Email\nGulf Build,omar@gulfbuild.ae\nAcme,bob@acme.example\n"), 0o600)
	c.mustRun("customers", "import", "--pool", cust)
	orders := filepath.Join(dir, "orders.xlsx")
	writeXLSX(t, orders, [][]any{
		{"Customer", "Date", "Amount", "Order No"},
		{"Gulf Build", "2026-03-01", "5000", "1001"},
		{"ghost@nowhere.example", "2026-03-01", "5", "9"},
		{"Acme", "2026-03-02", "7000", "1001"},
		{"Acme", "02/08/2026", "100", "1003"},
		{"Gulf Build", "2026-03-05", "5000", "1001"},
	})
	out := c.mustRun("--now", "2026-12-01T09:00:00Z", "orders", "import", orders, "--allow-rejects")
	if !strings.Contains(out, "2 order(s) added, 0 already imported, 1 duplicate(s), 2 rejected") || !strings.Contains(out, "row 6 duplicate: order 1001 of Gulf Build is on row 2 already") {
		t.Fatalf("orders: %s", out)
	}
	if i, j := strings.Index(out, "row 3 rejected"), strings.Index(out, "row 5 rejected: date \"02/08/2026\" could be"); i < 0 || j < i {
		t.Fatalf("rejected rows out of order: %s", out)
	}
	out = c.mustRun("--now", "2026-12-01T09:00:00Z", "orders", "import", orders, "--date-format", "dmy", "--allow-rejects")
	if !strings.Contains(out, "1 order(s) added, 2 already imported, 1 duplicate(s), 1 rejected") {
		t.Fatalf("with --date-format: %s", out)
	}
}
