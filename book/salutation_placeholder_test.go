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

// A salutation cell of two lines ("Dear Mr. Meier,\nDear Ms. Schulz", an
// Alt+Enter in Excel) is left out with a warning, as `customers contact
// --salutation` and the web's contact form refuse it: its second line would
// go into every letter's body. One line stays.
func TestParseLeavesOutASalutationWithALineBreak(t *testing.T) {
	path := writeXLSX(t, t.TempDir(), "book.xlsx", [][]any{
		{"Company", "Contact", "Email", "Salutation"},
		{"One", "Hans Meier", "a@one.com", "Dear Mr. Meier,\nDear Ms. Schulz"},
		{"Two", "Bob Lee", "b@two.com", "Dear Bob\r\n"},
		{"Three", "Ann Ray", "c@three.com", "尊敬的王经理\r\n及各位"},
	}, nil)
	rows, err := ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(rows, ParseOptions{Now: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)})
	if err != nil || len(s.Records) != 3 {
		t.Fatalf("parse: %+v %v", s, err)
	}
	for _, i := range []int{0, 2} {
		r := s.Records[i]
		if w := strings.Join(r.Warnings, ";"); r.Salutation != "" || len(r.Warnings) != 1 ||
			!strings.Contains(w, "has a line break: the cell is left out (the contact is greeted by name); write it on one line, such as \"Dear Mr. Meier\"") {
			t.Errorf("row %d: salutation %q, warnings %q", r.Row, r.Salutation, w)
		}
	}
	if r := s.Records[1]; r.Salutation != "Dear Bob" || len(r.Warnings) != 0 {
		t.Errorf("a line break only at the end: %+v", r)
	}
}
