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

// A two-row header: 公司名称 and 国家 merged down both rows, 联系方式
// across 邮箱 and 电话 below it. The header is row 2, read with row 1's
// cells, in the .xlsx and in a CSV saved from it.
func TestTwoRowHeader(t *testing.T) {
	path := writeMergedXLSX(t, [][]any{
		{"公司名称", "国家", "联系方式", nil},
		{nil, nil, "邮箱", "电话"},
		{"Acme", "Germany", "bob@acme.com", "+49 30 1234567"},
	}, [][2]string{{"A1", "A2"}, {"B1", "B2"}, {"C1", "D1"}})
	rows, err := ReadCustomerTable(path)
	if err != nil {
		t.Fatal(err)
	}
	csv := [][]string{{"公司名称", "国家", "联系方式", ""}, {"", "", "邮箱", "电话"}, {"Acme", "Germany", "bob@acme.com", "+49 30 1234567"}}
	for name, rows := range map[string][][]string{"xlsx": rows, "csv": csv} {
		s, err := Parse(rows, ParseOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if s.HeaderRow != 2 || len(s.Rejected) != 0 || len(s.Records) != 1 {
			t.Fatalf("%s: header row %d, records %+v, rejected %+v", name, s.HeaderRow, s.Records, s.Rejected)
		}
		if r := s.Records[0]; r.Company != "Acme" || r.Country != "DE" || len(r.Emails) != 1 || len(r.Phones) != 1 {
			t.Fatalf("%s: %+v", name, r)
		}
	}
	// A sheet with no email or phone column still says so, of its header.
	if _, err := Parse([][]string{{"Company", "Country"}, {"Acme", "Germany"}}, ParseOptions{}); err == nil || err.Error() != "book: row 1 has no email or phone column: keepwarm recognises customers by them" {
		t.Fatalf("no email column: %v", err)
	}
}
