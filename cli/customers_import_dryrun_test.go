package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A dry run with a bad row says the row would be rejected and that nothing
// was written, on stderr too (cron mails only that): not that the other
// rows are "already in".
func TestCustomersImportDryRunRejectsSayNothingWasWritten(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\nTwo,x@@bad\n"), 0o600)
	code, _, errs := c.run(context.Background(), "customers", "import", sheet, "--owner", "Tom Wu", "--dry-run")
	if code != rejectedExit || strings.Contains(errs, "already in") || !strings.Contains(errs, "1 row(s) would be rejected") || !strings.Contains(errs, "nothing was written") {
		t.Fatalf("dry run: exit %d, stderr %q", code, errs)
	}
	code, _, errs = c.run(context.Background(), "customers", "import", sheet, "--owner", "Tom Wu")
	if code != rejectedExit || !strings.Contains(errs, "1 row(s) rejected: fix them and import the file again (rows already in are not duplicated)") {
		t.Fatalf("import: exit %d, stderr %q", code, errs)
	}
}

// So does orders import.
func TestOrdersImportDryRunRejectsSayNothingWasWritten(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	orders := filepath.Join(dir, "orders.csv")
	os.WriteFile(orders, []byte("Customer,Date,Amount\na@one.com,2026-01-05,1200\na@one.com,2026-01-06,lots\n"), 0o600)
	code, _, errs := c.run(context.Background(), "orders", "import", orders, "--dry-run")
	if code != rejectedExit || strings.Contains(errs, "already in") || !strings.Contains(errs, "1 row(s) would be rejected") || !strings.Contains(errs, "nothing was written") {
		t.Fatalf("dry run: exit %d, stderr %q", code, errs)
	}
}
