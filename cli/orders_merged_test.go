package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A sales ledger (销售台账) merges 客户, 日期 and 订单金额 down one
// order's product lines and has no order number: the amount is one
// order's, added once, not once per line. Its other lines are rejected
// (no customer, no amount) and the import says so.
func TestOrdersImportMergedAmountCountedOnce(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	cust := filepath.Join(dir, "c.csv")
	os.WriteFile(cust, []byte("Company,Email\nOne,a@one.com\n"), 0o600)
	c.mustRun("customers", "import", "--pool", cust)
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"客户", "日期", "产品", "订单金额", "币种"},
		{"a@one.com", "2026-01-05", "LED panel", 3000, "USD"},
		{nil, nil, "Driver", nil, "USD"},
		{nil, nil, "Frame", nil, "USD"},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range [][2]string{{"A2", "A4"}, {"B2", "B4"}, {"D2", "D4"}} {
		if err := f.MergeCell("Sheet1", r[0], r[1]); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "销售台账.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	code, out, errs := c.run(context.Background(), "orders", "import", path)
	if code != 3 || !strings.Contains(out, "1 order(s) added, 0 already imported, 0 duplicate(s), 2 rejected") || !strings.Contains(out, "row 4 rejected") {
		t.Fatalf("orders import of merged lines:\nstdout %s\nstderr %s", out, errs)
	}
}
