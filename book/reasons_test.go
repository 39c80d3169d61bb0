package book

import (
	"strings"
	"testing"
)

// A rejected row's reason names the column to fix, with its header, on a
// sheet of thirty columns as on one of three.
func TestRejectionsNameTheColumn(t *testing.T) {
	owners := func(s string) (string, bool) { return "", false }
	s, err := Parse([][]string{
		{"Company", "Email", "Phone", "Level", "Sales Rep"},
		{"Acme", "a@acme.com", "", "VIP", ""},
		{"Beta", "b@beta.com", "", "", "Chen, Lily"},
		{"Gamma", "", "", "", ""},
	}, ParseOptions{Owner: owners})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{
		2: `unknown grade "VIP" in column D (Level)`,
		3: `owner "Chen, Lily" in column E (Sales Rep) is not a configured salesperson`,
		4: `no email or phone in columns B (Email), C (Phone)`,
	}
	if len(s.Rejected) != len(want) {
		t.Fatalf("rejected %+v", s.Rejected)
	}
	for _, r := range s.Rejected {
		if !strings.Contains(r.Reason, want[r.Row]) {
			t.Errorf("row %d: %q, want %q", r.Row, r.Reason, want[r.Row])
		}
	}
}
