package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOrdersRemoveIsScopedDryRunAndRecorded: a mistyped id with --customer
// naming another customer's order removes nothing (exit 2), --dry-run
// removes nothing, and an order removed is written to its customer's
// audit trail (who, when, what it was), the only record of it once gone.
func TestOrdersRemoveIsScopedDryRunAndRecorded(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	cust := filepath.Join(dir, "c.csv")
	os.WriteFile(cust, []byte("Company,Email\nAcme Ltd,bob@acme.example\nGlobex,hans@globex.example\n"), 0o600)
	c.mustRun("customers", "import", "--pool", cust)
	orders := filepath.Join(dir, "orders.csv")
	os.WriteFile(orders, []byte("客户,日期,金额,币种\nAcme Ltd,2026-09-01,120.00,USD\nGlobex,2026-09-02,80.00,USD\n"), 0o600)
	c.mustRun("orders", "import", orders)
	db := sqlDB(t, dir)
	var acme, globex string
	db.QueryRow(`SELECT '#' || o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name = 'Acme Ltd'`).Scan(&acme)
	db.QueryRow(`SELECT '#' || o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name = 'Globex'`).Scan(&globex)
	count := func() (n int) {
		db.QueryRow(`SELECT count(*) FROM orders`).Scan(&n)
		return n
	}
	code, _, errs := c.run(context.Background(), "orders", "remove", "--customer", "bob@acme.example", acme, globex)
	if code != 2 || !strings.Contains(errs, "order "+globex+" is Globex's") || !strings.Contains(errs, "not Acme Ltd's") || count() != 2 {
		t.Fatalf("another customer's order: exit %d, %d orders left\n%s", code, count(), errs)
	}
	out := c.mustRun("orders", "remove", "--dry-run", acme)
	if !strings.Contains(out, "dry run: would remove order "+acme+" of Acme Ltd: 120.00 USD on 2026-09-01") || count() != 2 {
		t.Fatalf("dry run: %d orders left\n%s", count(), out)
	}
	// A script checking what would go reads that nothing went: the JSON of
	// a dry run is no list of orders removed.
	var dry struct {
		DryRun bool `json:"dry_run"`
		Orders []struct {
			ID       int64  `json:"id"`
			Customer string `json:"customer"`
		} `json:"orders"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("orders", "remove", "--dry-run", "--json", acme, globex)), &dry); err != nil ||
		!dry.DryRun || len(dry.Orders) != 2 || dry.Orders[0].Customer != "Acme Ltd" || count() != 2 {
		t.Fatalf("dry run --json: %+v %v, %d orders left", dry, err, count())
	}
	var audits int
	db.QueryRow(`SELECT count(*) FROM web_audit`).Scan(&audits)
	if audits != 0 {
		t.Fatalf("a dry run or a refusal wrote %d audit line(s)", audits)
	}
	if out := c.mustRun("orders", "remove", "--customer", "Acme Ltd", acme); !strings.Contains(out, "removed order "+acme) || count() != 1 {
		t.Fatalf("remove: %d orders left\n%s", count(), out)
	}
	var actor, subject, before, custName string
	if err := db.QueryRow(`SELECT a.actor, a.subject, a.before, c.name FROM web_audit a JOIN customers c ON c.id = a.customer_id WHERE a.action = 'order.remove'`).
		Scan(&actor, &subject, &before, &custName); err != nil {
		t.Fatal(err)
	}
	if actor == "" || subject != acme || before != "120.00 USD on 2026-09-01" || custName != "Acme Ltd" {
		t.Fatalf("audit line: %q %q %q %q", actor, subject, before, custName)
	}
}
