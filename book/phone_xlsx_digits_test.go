package book

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A phone typed without its + (8613800138000) is a number to Excel: in a
// styled cell of General format the reader shows it as 8.613800138E+12,
// but the workbook holds every digit, and they are kept.
func TestXLSXLongPhoneNumberKeepsItsDigits(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Company", "Email", "Phone", "Country"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"Acme", "", int64(8613800138000), "China"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"Gulf", "g@gulf.ae", int64(971501234567), "UAE"})
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle("Sheet1", "C2", "C3", bold); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(rows, ParseOptions{})
	if err != nil || len(s.Records) != 2 {
		t.Fatalf("parse: %+v %v", s, err)
	}
	want := []string{"+8613800138000", "+971501234567"}
	for i, r := range s.Records {
		if len(r.Phones) != 1 || r.Phones[0] != want[i] || strings.Contains(strings.Join(r.Warnings, ";"), "scientific") {
			t.Errorf("row %d: phones %v, warnings %q", r.Row, r.Phones, r.Warnings)
		}
	}
}
