package book

import "testing"

func TestPlaceholderCompany(t *testing.T) {
	for _, s := range []string{"N/A", "n.a.", "NA", "-", "--", "/", "?", "None", "无", "个人", "私人", "Private", "individual", "Unknown", "TBD", "0", "  "} {
		if !PlaceholderCompany(s) {
			t.Errorf("%q is taken for a company", s)
		}
	}
	for _, s := range []string{"Acme", "3M", "N/A Trading", "个人护理用品有限公司", "Nana GmbH", "ABB"} {
		if PlaceholderCompany(s) {
			t.Errorf("%q is taken for a placeholder", s)
		}
	}
}
