package config

import (
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
	for _, c := range []struct {
		name, want string
		edit       func(string) string
	}{
		{"every [mailbox]", "mailbox: must be [[mailbox]] blocks: write [[mailbox]] on a line of its own above each one's keys (line 395 and line 511 write [mailbox])",
			func(s string) string { return header("mailbox").ReplaceAllString(s, "[mailbox]") }},
		{"the first [mailbox]", "mailbox: must be [[mailbox]] blocks: write [[mailbox]] on a line of its own above each one's keys (line 395 writes [mailbox])",
			first("mailbox")},
		{"every [salesperson]", "salesperson: must be [[salesperson]] blocks: write [[salesperson]] on a line of its own above each one's keys (line 347 and line 389 write [salesperson])",
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
