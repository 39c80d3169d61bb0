package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeWorkbook writes sheets of rows, in order, hiding those named hidden.
func writeWorkbook(t *testing.T, path string, hidden map[string]bool, names []string, sheets ...[][]any) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range names {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[i] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.SetActiveSheet(len(names) - 1)
	for name := range hidden {
		if err := f.SetSheetVisible(name, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// A workbook of a sheet per salesperson: the import reads Lily's sheet,
// says Tom's was not read and exits 3, so his customers are not dropped
// unsaid; --sheet Tom imports his.
func TestCustomersImportNamesTheSheetsItDidNotRead(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	ctx := context.Background()
	path := lilyAndTomWorkbook(t, dir)
	code, out, errs := c.run(ctx, "customers", "import", path)
	if code != 3 || !strings.Contains(out, `read sheet "Lily" only; not read: sheet(s) "Tom"`) || !strings.Contains(out, "1 created") ||
		!strings.Contains(errs, "import each with --sheet NAME") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	code, out, _ = c.run(ctx, "customers", "import", "--dry-run", "--json", path)
	var rep struct {
		Sheet         string   `json:"sheet"`
		SheetsNotRead []string `json:"sheets_not_read"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 3 || rep.Sheet != "Lily" || len(rep.SheetsNotRead) != 1 || rep.SheetsNotRead[0] != "Tom" {
		t.Fatalf("--json: exit %d %+v %v\n%s", code, rep, err, out)
	}
	if out := c.mustRun("customers", "import", "--sheet", "Tom", path); !strings.Contains(out, "1 created") || strings.Contains(out, "not read") {
		t.Fatalf("--sheet Tom: %s", out)
	}
}

// A template whose first sheet is hidden (the dropdown lists of 业务员 and
// 等级) is read from its visible customer sheet, not refused for a sheet
// the user cannot see; an error about the rows names the sheet.
func TestCustomersImportPassesOverAHiddenListsSheet(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	ctx := context.Background()
	path := filepath.Join(dir, "template.xlsx")
	writeWorkbook(t, path, map[string]bool{"Lists": true}, []string{"Lists", "客户"},
		[][]any{{"业务员", "等级"}, {"lily@acme-export.com", "A"}},
		[][]any{{"公司", "邮箱", "业务员"}, {"Acme", "ann@acme.com", "lily@acme-export.com"}})
	if code, out, errs := c.run(ctx, "customers", "import", path); code != 0 || !strings.Contains(out, "1 created") || strings.Contains(out, "not read") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	path = filepath.Join(dir, "cover.xlsx")
	writeWorkbook(t, path, nil, []string{"封面", "客户"},
		[][]any{{"客户资料 2026"}},
		[][]any{{"公司", "业务员"}, {"Acme", "lily@acme-export.com"}})
	if code, _, errs := c.run(ctx, "customers", "import", path); code != 1 || !strings.Contains(errs, `(sheet "封面")`) {
		t.Fatalf("no customer header anywhere: exit %d %s", code, errs)
	}
}

// An orders workbook of a sheet per month says which months it did not
// read and exits 3; a catalog on several sheets is refused whole (the file
// is the whole catalog), unless --sheet names the one.
func TestOrdersAndProductsImportNameTheSheetsTheyDidNotRead(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	ctx := context.Background()
	c.mustRun("customers", "import", "--owner", "Tom Wu", writeCSV(t, dir, "c.csv", "Company,Email\nAcme,ann@acme.com\n"))
	orders := filepath.Join(dir, "orders.xlsx")
	head := []any{"Customer", "Date", "Amount", "Currency"}
	writeWorkbook(t, orders, nil, []string{"2026-10", "2026-11"},
		[][]any{head, {"ann@acme.com", "2026-10-05", "1000", "USD"}},
		[][]any{head, {"ann@acme.com", "2026-11-05", "2000", "USD"}})
	code, out, errs := c.run(ctx, "orders", "import", orders)
	if code != 3 || !strings.Contains(out, `read sheet "2026-10" only; not read: sheet(s) "2026-11"`) || !strings.Contains(out, "1 order(s) added") ||
		!strings.Contains(errs, "--sheet NAME") {
		t.Fatalf("orders: exit %d\n%s%s", code, out, errs)
	}
	if out := c.mustRun("orders", "import", "--sheet", "2026-11", orders); !strings.Contains(out, "1 order(s) added") {
		t.Fatalf("orders --sheet: %s", out)
	}
	products := filepath.Join(dir, "products.xlsx")
	writeWorkbook(t, products, nil, []string{"Panels", "Bulbs"},
		[][]any{{"Name", "Tags"}, {"LED panel", "panel"}},
		[][]any{{"Name", "Tags"}, {"LED bulb", "bulb"}})
	if code, _, errs := c.run(ctx, "products", "import", products); code != 1 || !strings.Contains(errs, `sheets "Panels" and "Bulbs" all have a product header: nothing imported`) {
		t.Fatalf("products: exit %d %s", code, errs)
	}
	if out := c.mustRun("products", "import", "--sheet", "Bulbs", products); !strings.Contains(out, "1 products: 1 added") {
		t.Fatalf("products --sheet: %s", out)
	}
}

func writeCSV(t *testing.T, dir, name, body string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// A --sheet the workbook does not have (the CRM renamed 客户 to 客户资料),
// or --sheet given with a CSV, is a wrong flag value: exit 2 with the
// pointer to --help, which a cron wrapper does not retry. A sheet's name
// is taken in any case, as Excel takes it; other sheets not read exit 3
// with --allow-rejects too, as the exit statuses say.
func TestCustomersImportSheetFlagIsAUsageError(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	ctx := context.Background()
	path := lilyAndTomWorkbook(t, dir)
	code, out, errs := c.run(ctx, "customers", "import", "--sheet", "Nope", path)
	if code != 2 || !strings.Contains(errs, `has no sheet "Nope"`) || !strings.Contains(errs, "--help") {
		t.Fatalf("--sheet Nope: exit %d\n%s%s", code, out, errs)
	}
	csv := filepath.Join(dir, "f.csv")
	os.WriteFile(csv, []byte("Company,Email\nAcme,ann@acme.com\n"), 0o600)
	if code, out, errs := c.run(ctx, "customers", "import", "--owner", "lily@acme-export.com", "--sheet", "Lily", csv); code != 2 || !strings.Contains(errs, "--help") {
		t.Fatalf("--sheet with a CSV: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := c.run(ctx, "orders", "import", "--sheet", "Nope", path); code != 2 {
		t.Fatalf("orders import --sheet Nope: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := c.run(ctx, "customers", "import", "--sheet", "tom", path); code != 0 || !strings.Contains(out, "1 created") {
		t.Fatalf("--sheet tom: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = c.run(ctx, "customers", "import", "--allow-rejects", path)
	if code != 3 || !strings.Contains(errs, "--allow-rejects does not make this 0") {
		t.Fatalf("--allow-rejects: exit %d\n%s%s", code, out, errs)
	}
}

// A customer workbook's orders sheet and follow-up log name a customer's
// email too, but they are no customer sheets: the import reads 客户 and
// exits 0, naming the others as sheets it does not read, instead of
// exiting 3 every night and advising to import orders as customers.
func TestCustomersImportLeavesOrdersAndLogSheets(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	ctx := context.Background()
	path := filepath.Join(dir, "客户资料.xlsx")
	writeWorkbook(t, path, nil, []string{"客户", "订单", "跟进记录"},
		[][]any{{"公司名称", "联系人", "邮箱", "国家"}, {"Acme", "Ann Lee", "ann@acme.com", "USA"}},
		[][]any{{"客户名称", "客户邮箱", "金额", "日期"}, {"Acme", "ann@acme.com", "1200", "2026-11-02"}},
		[][]any{{"客户", "联系人", "邮箱", "日期", "跟进内容"}, {"Acme", "Bob Stone", "ann@acme.com", "2026-11-03", "sent samples"}})
	code, out, errs := c.run(ctx, "customers", "import", "--owner", "lily@acme-export.com", "--json", path)
	var rep struct {
		Sheet         string   `json:"sheet"`
		SheetsNotRead []string `json:"sheets_not_read"`
		Without       []string `json:"sheets_without_header"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 0 || rep.Sheet != "客户" || len(rep.SheetsNotRead) != 0 ||
		strings.Join(rep.Without, ",") != "订单,跟进记录" {
		t.Fatalf("import: exit %d %+v %v\n%s%s", code, rep, err, out, errs)
	}
}

// lilyAndTomWorkbook writes 客户资料.xlsx in dir: a sheet per salesperson,
// Lily's (Acme) first, then Tom's (Bolt).
func lilyAndTomWorkbook(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "客户资料.xlsx")
	head := []any{"Company", "Email", "Owner"}
	writeWorkbook(t, path, nil, []string{"Lily", "Tom"},
		[][]any{head, {"Acme", "ann@acme.com", "lily@acme-export.com"}},
		[][]any{head, {"Bolt", "bob@bolt.com", "tom@acme-export.com"}})
	return path
}
