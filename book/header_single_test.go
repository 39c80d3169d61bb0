package book

import (
	"strings"
	"testing"
)

// A field that holds one value takes one column: of two that name it, the
// one that names it outright ("Company" over "Customer Name", "Salutation"
// over "Greeting", "Grade" over "Level") is read, else the first, and the
// other is listed among the ignored columns saying which is read.
func TestParseReadsOneColumnOfASingleValuedField(t *testing.T) {
	s, err := Parse([][]string{
		{"Customer Name", "Company", "Email", "Greeting", "Salutation", "Level", "Grade", "Country", "Market"},
		{"John Smith", "Acme Ltd", "john@acme.com", "Dear Mr. Smith", "Dear John", "VIP", "A", "UK", "Germany"},
	}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rejected) != 0 || len(s.Records) != 1 {
		t.Fatalf("rejected %+v", s.Rejected)
	}
	r := s.Records[0]
	if r.Company != "Acme Ltd" || r.Salutation != "Dear John" || r.Grade != "A" || r.Country != "GB" {
		t.Fatalf("record %+v, want company Acme Ltd, salutation Dear John, grade A, country GB", r)
	}
	ignored := strings.Join(s.Ignored, " | ")
	for _, want := range []string{"Customer Name (column A: the company is read from column B, Company)",
		"Greeting (column D: the salutation is read from column E, Salutation)",
		"Level (column F: the grade is read from column G, Grade)",
		"Market (column I: the country is read from column H, Country)"} {
		if !strings.Contains(ignored, want) {
			t.Errorf("ignored columns %q, want %q", ignored, want)
		}
	}
}

// Fields that may hold several values still read every column.
func TestParseReadsEveryColumnOfAFieldOfSeveralValues(t *testing.T) {
	s, err := Parse([][]string{
		{"Company", "Email", "E-mail 2", "Phone", "Mobile", "Tags", "Products", "Notes", "Remarks"},
		{"Acme", "a@acme.com", "b@acme.com", "+44 20 7946 0000", "+44 7700 900123", "bolts", "nuts", "n1", "n2"},
	}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := s.Records[0]
	if len(r.Emails) != 2 || len(r.Phones) != 2 || len(r.Tags) != 2 || r.Notes != "n1\nn2" || len(s.Ignored) != 0 {
		t.Fatalf("record %+v, ignored %q", r, s.Ignored)
	}
}
