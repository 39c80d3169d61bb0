package config

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// Several [mailbox] (or [salesperson]) blocks written with one bracket, as
// a first-time user often does: the parser's "Key 'mailbox' has already
// been defined" names neither the fix nor the lines; the error says to
// write [[mailbox]], and where.
func TestSingleBracketBlocksSayWriteDoubleBrackets(t *testing.T) {
	if _, err := Parse([]byte(Example)); err != nil {
		t.Fatalf("the example: %v", err)
	}
	header := func(name string) *regexp.Regexp {
		return regexp.MustCompile(`(?m)^\[\[` + name + `\]\]`)
	}
	first := func(name string) func(string) string {
		return func(s string) string {
			loc := header(name).FindStringIndex(s)
			return s[:loc[0]] + "[" + name + "]" + s[loc[1]:]
		}
	}
	// lines gives the 1-based line numbers of a block's headers in the
	// example, so the test follows the example as it grows.
	lines := func(name string) []int {
		var n []int
		for _, loc := range header(name).FindAllStringIndex(Example, -1) {
			n = append(n, strings.Count(Example[:loc[0]], "\n")+1)
		}
		return n
	}
	mb, sp := lines("mailbox"), lines("salesperson")
	if len(mb) != 2 || len(sp) != 2 {
		t.Fatalf("the example has %d [[mailbox]] and %d [[salesperson]] blocks, want 2 of each", len(mb), len(sp))
	}
	for _, c := range []struct {
		name, want string
		edit       func(string) string
	}{
		{"every [mailbox]", fmt.Sprintf("mailbox: must be [[mailbox]] blocks: write [[mailbox]] on a line of its own above each one's keys (line %d and line %d write [mailbox])", mb[0], mb[1]),
			func(s string) string { return header("mailbox").ReplaceAllString(s, "[mailbox]") }},
		{"the first [mailbox]", fmt.Sprintf("mailbox: must be [[mailbox]] blocks: write [[mailbox]] on a line of its own above each one's keys (line %d writes [mailbox])", mb[0]),
			first("mailbox")},
		{"every [salesperson]", fmt.Sprintf("salesperson: must be [[salesperson]] blocks: write [[salesperson]] on a line of its own above each one's keys (line %d and line %d write [salesperson])", sp[0], sp[1]),
			func(s string) string { return header("salesperson").ReplaceAllString(s, "[salesperson]") }},
	} {
		_, err := Parse([]byte(c.edit(Example)))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s: %v\nwant: %s", c.name, err, c.want)
		}
	}
	// Another redefinition is left as the parser says it.
	_, err := Parse([]byte(Example + "\n[team]\n"))
	if err == nil || strings.Contains(err.Error(), "[[") {
		t.Errorf("[team] twice: %v", err)
	}
}
