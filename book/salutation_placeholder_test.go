package book

import (
	"strings"
	"testing"
	"time"
)

// A salutation exported from another program's mail merge ("Dear
// «First_Name»", "Dear *|FNAME|*") is left out with a warning: every mail
// in the salesperson's name would open with it as typed. A real one stays.
func TestParseLeavesOutASalutationHoldingAPlaceholder(t *testing.T) {
	path := writeXLSX(t, t.TempDir(), "book.xlsx", [][]any{
		{"Company", "Contact", "Email", "Salutation"},
		{"One", "Hans Meier", "a@one.com", "Dear «First_Name»"},
		{"Two", "Bob Lee", "b@two.com", "Dear *|FNAME|*"},
		{"Three", "Ann Ray", "c@three.com", "Dear Ms. Ray [Purchasing]"},
	}, nil)
	rows, err := ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(rows, ParseOptions{Now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)})
	if err != nil || len(s.Records) != 3 {
		t.Fatalf("parse: %+v %v", s, err)
	}
	for _, r := range s.Records[:2] {
		if w := strings.Join(r.Warnings, ";"); r.Salutation != "" || !strings.Contains(w, "another mail program's placeholder") || !strings.Contains(w, "the cell is left out") {
			t.Errorf("row %d: salutation %q, warnings %q", r.Row, r.Salutation, w)
		}
	}
	if r := s.Records[2]; r.Salutation != "Dear Ms. Ray [Purchasing]" || len(r.Warnings) != 0 {
		t.Errorf("a real salutation: %+v", r)
	}
}
