package book

import "testing"

// Excel's "CSV (Macintosh)" ends its lines with CR alone.
func TestReadCSVWithOldMacLineEndings(t *testing.T) {
	rows, err := ReadCSV([]byte("Company,Email\rAcme,a@acme.com\r\rBeta,b@beta.com\r"))
	if err != nil || len(rows) != 4 || rows[1][1] != "a@acme.com" || rows[2] != nil || rows[3][0] != "Beta" {
		t.Fatalf("rows: %q %v", rows, err)
	}
}
