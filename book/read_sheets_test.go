package book

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func writeSheets(t *testing.T, path string, hidden []string, sheets ...struct {
	name string
	rows [][]any
}) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s.name)
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, h := range hidden {
		// A workbook shows one sheet at least: the active one stays.
		f.SetActiveSheet(len(sheets) - 1)
		if err := f.SetSheetVisible(h, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

type sheetRows = struct {
	name string
	rows [][]any
}

// A workbook of a sheet per salesperson: the first sheet with a customer
// header is read, and the others with one are named, not dropped unsaid.
// --sheet reads the one named.
func TestReadSheetNamesTheSheetsItDidNotRead(t *testing.T) {
	path := filepath.Join(t.TempDir(), "客户资料.xlsx")
	head := []any{"Company", "Email", "Owner"}
	writeSheets(t, path, nil,
		sheetRows{"说明", [][]any{{"Fill in one customer a row"}}},
		sheetRows{"Lily", [][]any{head, {"Acme", "ann@acme.com", "lily"}}},
		sheetRows{"Tom", [][]any{head, {"Bolt", "bob@bolt.com", "tom"}}},
		sheetRows{"Empty", nil},
	)
	tab, err := ReadSheet(path, "", true, HasCustomerHeader)
	if err != nil {
		t.Fatal(err)
	}
	if tab.Sheet != "Lily" || !slices.Equal(tab.Fitting, []string{"Tom"}) || !slices.Equal(tab.Other, []string{"说明"}) || len(tab.Rows) != 2 {
		t.Fatalf("table: %+v", tab)
	}
	if u := tab.Unread(); !strings.Contains(u, `read sheet "Lily" only`) || !strings.Contains(u, `"Tom"`) || !strings.Contains(u, "--sheet") {
		t.Fatalf("unread: %q", u)
	}
	tab, err = ReadSheet(path, "Tom", true, HasCustomerHeader)
	if err != nil || tab.Sheet != "Tom" || tab.Rows[1][1] != "bob@bolt.com" {
		t.Fatalf("--sheet Tom: %+v %v", tab, err)
	}
	if _, err := ReadSheet(path, "Anna", true, HasCustomerHeader); err == nil || !strings.Contains(err.Error(), `no sheet "Anna"`) {
		t.Fatalf("--sheet Anna: %v", err)
	}
}

// A template whose first sheet is hidden (its dropdown lists, 业务员 and
// 等级) is read from its visible customer sheet.
func TestReadSheetPassesOverAHiddenListsSheet(t *testing.T) {
	path := filepath.Join(t.TempDir(), "template.xlsx")
	writeSheets(t, path, []string{"Lists"},
		sheetRows{"Lists", [][]any{{"业务员", "等级"}, {"Lily", "A"}}},
		sheetRows{"客户", [][]any{{"公司", "邮箱", "等级"}, {"Acme", "ann@acme.com", "A"}}},
	)
	for _, fits := range []func([][]string) bool{nil, HasCustomerHeader} {
		tab, err := ReadSheet(path, "", true, fits)
		if err != nil || tab.Sheet != "客户" || len(tab.Other)+len(tab.Fitting) != 0 {
			t.Fatalf("table: %+v %v", tab, err)
		}
		if _, err := Parse(tab.Rows, ParseOptions{}); err != nil {
			t.Fatal(err)
		}
	}
}
