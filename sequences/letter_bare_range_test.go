package sequences_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"keepwarm/sequences"
	"keepwarm/templates"
)

// A letter that lists the products in a {{range .Products}} with no
// {{else}}, saved while such a list counted as reading whole, is not sent
// to a customer no product matches: the problem the console, `sequences
// check` and the list above /sequences show says so and how to send it to
// them too, instead of the follow-ups' "add requires" that reads as if it
// still went. A letter whose list is inside {{with .Products}} is no
// problem.
func TestALetterWithABareRangeIsSaidToSkipCustomersWithoutProducts(t *testing.T) {
	set, err := templates.Load(fstest.MapFS{
		"2026-12.tmpl":    {Data: []byte("subject: Spring\n--- text\nHi,\n\nhappy spring from all of us!\n{{range .Products}}* {{.Name}}\n{{end}}\nBest regards\n")},
		"2026-12.de.tmpl": {Data: []byte("subject: Neu\n--- text\nHallo,\n\nalles Gute!{{with .Products}} Neu:{{range .}} {{.Name}}{{end}}{{end}}\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	ps := sequences.LetterEmptyProblems(set, "2026-12")
	if len(ps) != 1 || ps[0].File != "2026-12.tmpl" {
		t.Fatalf("problems %v, want one of 2026-12.tmpl", ps)
	}
	for _, w := range []string{"does not get this letter", "{{else}}", "the digest"} {
		if !strings.Contains(ps[0].Msg, w) {
			t.Errorf("problem %q does not say %q", ps[0].Msg, w)
		}
	}
}
