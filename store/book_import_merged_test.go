package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"keepwarm/book"
)

// A Chinese customer sheet merges the company and the owner (合并单元格)
// down the rows of one company's contacts: every row is that company's
// and that salesperson's, not only the first.
func TestImportXLSXMergedCompanyAndOwnerCoverTheirRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"公司名称", "联系人", "邮箱", "业务员"},
		{"Acme", "Bob", "bob.acme@gmail.com", "lily@t.com"},
		{nil, "Ann", "ann.acme@gmail.com", nil},
		{nil, "Joe", "joe.acme@gmail.com", nil},
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range [][2]string{{"A2", "A4"}, {"D2", "D4"}} {
		if err := f.MergeCell("Sheet1", r[0], r[1]); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "客户.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	table, err := book.ReadCustomerTable(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := book.Parse(table, book.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	db, ctx := openTest(t), context.Background()
	rep, err := db.ImportBook(ctx, t0, s, ImportOptions{FreeMail: freeMail})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int64]bool{}
	for _, r := range rep.Rows {
		ids[r.CustomerID] = true
	}
	if len(ids) != 1 || rep.Pooled != 0 {
		t.Fatalf("customers %v, pooled %d: %+v", ids, rep.Pooled, rep.Rows)
	}
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || c.Name != "Acme" || c.Owner != "lily@t.com" || len(c.Contacts) != 3 {
		t.Fatalf("customer: %+v %v", c, err)
	}
}
