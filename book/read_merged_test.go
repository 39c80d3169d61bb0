package book

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// writeMergedXLSX saves rows with the ranges merged, as Excel does: the
// value in the range's first cell alone.
func writeMergedXLSX(t *testing.T, rows [][]any, merges [][2]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range rows {
		if len(row) == 0 {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range merges {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "客户.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// A template merges 公司名称 over a block of five rows for contacts and
// only two are filled: the other three are blank rows, not rows rejected
// for having no email or phone.
func TestMergeBeyondTheFilledRowsLeavesThemBlank(t *testing.T) {
	path := writeMergedXLSX(t, [][]any{
		{"公司名称", "联系人", "邮箱"},
		{"Acme", "Bob", "bob@acme.com"},
		{nil, "Ann", "ann@acme.com"},
	}, [][2]string{{"A2", "A6"}})
	rows, err := ReadCustomerTable(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(rows, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rejected) != 0 || len(s.Records) != 2 || s.Records[1].Company != "Acme" {
		t.Fatalf("records %+v, rejected %+v", s.Records, s.Rejected)
	}
}
