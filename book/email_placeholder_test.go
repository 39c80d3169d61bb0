package book

import (
	"slices"
	"strings"
	"testing"
)

// An email cell saying there is none (无, 暂无, -, /, N/A, none) is read as
// empty, as such a phone or company cell is: the row goes in by its phone
// or its other email, and says so. A malformed address still rejects it.
func TestParseReadsAPlaceholderEmailCellAsEmpty(t *testing.T) {
	s, err := Parse([][]string{
		{"Company", "Email", "Email 2", "Phone", "Country"},
		{"Ali Trading", "无", "", "+971501234567", "UAE"},
		{"Acme", "bob@acme.com", "N/A", "", "USA"},
		{"Bolt", "-", "/", "+971501234568", "UAE"},
		{"Cairo Cables", "暂无", "none", "+20 2 1234 5678", "Egypt"},
		{"Bad", "x@@bad", "", "+971501234569", "UAE"},
	}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 4 || len(s.Rejected) != 1 || s.Rejected[0].Row != 6 {
		t.Fatalf("records %+v rejected %+v", s.Records, s.Rejected)
	}
	if r := s.Records[0]; len(r.Emails) != 0 || len(r.Phones) != 1 || !strings.Contains(strings.Join(r.Warnings, "; "), `email cell "无" in column Email read as empty`) {
		t.Errorf("row 2: %+v", r)
	}
	if r := s.Records[1]; !slices.Equal(r.Emails, []string{"bob@acme.com"}) || !strings.Contains(strings.Join(r.Warnings, "; "), `email cell "N/A" in column Email 2 read as empty`) {
		t.Errorf("row 3: %+v", r)
	}
}
