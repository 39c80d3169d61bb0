package book

import (
	"slices"
	"strings"
	"testing"
)

// A cell that begins with a quote and holds another that does not end it
// (a hand-written or script-written CSV: Excel doubles quotes) would read
// every later row into that one cell: the file is refused, naming the line.
func TestReadCSVRefusesAStrayQuoteThatSwallowsRows(t *testing.T) {
	for name, text := range map[string]string{
		"stray quote":    "Company,Email\n\"Best\" Trading,a@best.ae\nAcme,b@acme.com\nBeta,c@beta.com\n",
		"never closed":   "Company,Email\nAcme,b@acme.com\n\"Best Trading,a@best.ae\nBeta,c@beta.com\n",
		"semicolon file": "Company;Email\nAcme;b@acme.com\n\"Best\" Trading;a@best.ae\n",
	} {
		rows, err := ReadCSV([]byte(text))
		line := "line 2"
		if name != "stray quote" {
			line = "line 3"
		}
		if err == nil || !strings.Contains(err.Error(), line) || !strings.Contains(err.Error(), "quote") {
			t.Errorf("%s: %q %v, want the file refused naming %s", name, rows, err, line)
		}
	}
}

// A quote inside a cell that does not begin with one (inches, a nickname)
// reads as itself, as before.
func TestReadCSVKeepsAQuoteInsideAnUnquotedCell(t *testing.T) {
	rows, err := ReadCSV([]byte("Company,Email,Notes\nAcme,a@acme.com,3/4\" valves\nBeta \"Best\" Ltd,b@beta.com,\"one, \"\"two\"\"\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"Company", "Email", "Notes"}, {"Acme", "a@acme.com", "3/4\" valves"}, {"Beta \"Best\" Ltd", "b@beta.com", "one, \"two\""}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Fatalf("rows %q, want %q", rows, want)
	}
}

// A cell of several lines (an address, a note) is one row, as Excel shows
// it: the rows after it keep their numbers, and its lines are no blank
// rows. A blank line between rows is still a row.
func TestReadCSVCountsAMultiLineCellAsOneRow(t *testing.T) {
	rows, err := ReadCSV([]byte("Company,Email,Notes\nAcme,a@acme.com,\"one\ntwo\nthree\"\nBeta,not-an-email,\n\nGamma,also-bad,\"x\r\ny\"\nDelta,bad-too,\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(rows, ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, r := range s.Rejected {
		got = append(got, r.Row)
	}
	if !slices.Equal(got, []int{3, 5, 6}) || s.Blank != 1 {
		t.Fatalf("rejected rows %v, blank %d: want rows 3, 5 and 6 and one blank row", got, s.Blank)
	}
}
