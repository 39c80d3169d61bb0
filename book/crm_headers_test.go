package book

import (
	"slices"
	"strings"
	"testing"
)

// CRM and address-book exports name their columns "Contact Email",
// "E-mail 2 Address", "Mobile Phone", 手机号码, 联系邮箱, First Name and
// Last Name: they are read, not ignored.
func TestParseReadsCRMHeaders(t *testing.T) {
	s, err := Parse([][]string{
		{"Company", "First Name", "Last Name", "Contact Email", "E-mail 2 Address", "Mobile Phone", "Business Phone", "Email Opt Out"},
		{"Acme", "Bob", "Stone", "bob@acme.com", "sales@acme.com", "+1 555 010 2000", "+1 555 010 3000", "false"},
	}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 1 {
		t.Fatalf("records %+v rejected %+v", s.Records, s.Rejected)
	}
	r := s.Records[0]
	if !slices.Equal(r.Emails, []string{"bob@acme.com", "sales@acme.com"}) || len(r.Phones) != 2 || r.Contact != "Bob Stone" {
		t.Fatalf("record: %+v", r)
	}
	if !slices.Equal(s.Ignored, []string{"Email Opt Out"}) {
		t.Fatalf("ignored: %q", s.Ignored)
	}
	s, err = Parse([][]string{{"公司", "联系邮箱", "手机号码"}, {"深圳灯具", "wang@szlamp.cn", "13800138000"}}, ParseOptions{DefaultRegion: "CN"})
	if err != nil || len(s.Records) != 1 || !slices.Equal(s.Records[0].Emails, []string{"wang@szlamp.cn"}) || len(s.Records[0].Phones) != 1 {
		t.Fatalf("Chinese CRM headers: %+v %v", s, err)
	}
}

// An email cell copied from a mail client holds display names: the
// addresses are read, the first name becomes the contact when the row
// names none; a cell that is no address names its column and the cell.
func TestParseReadsEmailsWithDisplayNames(t *testing.T) {
	s, err := Parse([][]string{
		{"Company", "Email"},
		{"Globex", "Hans Meier <hans@globex.de>"},
		{"Initech", `"Doe, Jane" <jane@initech.com>; Bill <bill@initech.com>, info@initech.com`},
		{"Bad", "+86 138 0013 8000"},
	}, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Records) != 2 {
		t.Fatalf("records %+v rejected %+v", s.Records, s.Rejected)
	}
	if r := s.Records[0]; !slices.Equal(r.Emails, []string{"hans@globex.de"}) || r.Contact != "Hans Meier" {
		t.Fatalf("Hans: %+v", r)
	}
	if r := s.Records[1]; !slices.Equal(r.Emails, []string{"jane@initech.com", "bill@initech.com", "info@initech.com"}) || r.Contact != "Doe, Jane" {
		t.Fatalf("Initech: %+v", r)
	}
	if len(s.Rejected) != 1 || !strings.Contains(s.Rejected[0].Reason, `column Email holds "+86 138 0013 8000"`) {
		t.Fatalf("rejected: %+v", s.Rejected)
	}
}
