package sequences_test

import (
	"os"
	"path/filepath"
	"slices"
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

// A letter whose products are all guarded is still rendered without them
// for the letters page: one whose subject is then empty fails for a
// customer no product matches (and would hold back the whole month), and
// one whose words are all inside {{with .Products}} says nothing but its
// opening: both are named; one that reads whole is not.
func TestALetterGuardedWholeIsStillCheckedWithoutProducts(t *testing.T) {
	set, err := templates.Load(fstest.MapFS{
		"2026-12.tmpl":    {Data: []byte("subject: {{with .Products}}New for you: {{(index . 0).Name}}{{end}}\n--- text\n{{.Contact.Salutation}},\n\nthank you.\n")},
		"2026-12.de.tmpl": {Data: []byte("subject: Neu\n--- text\n{{.Contact.Salutation}},\n{{with .Products}}\nNeu:{{range .}} {{.Name}}{{end}}{{end}}\n\nMit freundlichen Grüßen\n{{.Owner.Signature}}\n")},
		"2026-12.fr.tmpl": {Data: []byte("subject: Nouveautés\n--- text\n{{.Contact.Salutation}},\n\nmerci !{{with .Products}} Nouveau :{{range .}} {{.Name}}{{end}}{{end}}\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range sequences.LetterEmptyProblems(set, "2026-12") {
		got[p.File] += p.Msg
	}
	if len(got) != 2 || !strings.HasPrefix(got["2026-12.tmpl"], "fails when Products is empty (rendered subject is empty)") ||
		got["2026-12.de.tmpl"] != templates.SaysNothingProductsMsg {
		t.Errorf("problems: %q", got)
	}
}

// A greeting template listing the products in a bare {{range .Products}}
// is said not to be sent to a customer no product matches: the one
// [greetings] templates names for an occasion, and the one an occasion
// falls back to (its alias's, holiday); a follow-up template keeps its
// own warning, and a greeting with "requires: Products" has none.
func TestAGreetingWithABareRangeIsSaidToSkipCustomersWithoutProducts(t *testing.T) {
	list := "--- text\nHi,\n\nhere are our new items:\n{{range .Products}}* {{.Name}}\n{{end}}\nBest regards\n"
	set, err := templates.Load(fstest.MapFS{
		"xmas.tmpl":             {Data: []byte("subject: Merry Christmas\n" + list)},
		"chinese-new-year.tmpl": {Data: []byte("subject: Happy New Year\n" + list)},
		"holiday.tmpl":          {Data: []byte("subject: Season's greetings\nrequires: Products\n" + list)},
		"offer.tmpl":            {Data: []byte("subject: Offer\n" + list)},
	})
	if err != nil {
		t.Fatal(err)
	}
	c := sequences.GreetingsConfig{Occasions: []string{"christmas", "spring-festival"}, Templates: map[string]string{"christmas": "xmas"}}
	got := map[string]string{}
	for _, p := range c.GreetingProductProblems(set, nil, templates.EmptyWarnings(set)) {
		if p.Field == ".Products" {
			got[p.File] = p.Msg
		}
	}
	for _, f := range []string{"xmas.tmpl", "chinese-new-year.tmpl"} {
		if got[f] != sequences.BareRangeGreetingMsg {
			t.Errorf("%s: %q", f, got[f])
		}
	}
	if !strings.HasPrefix(got["offer.tmpl"], "renders with Products empty") {
		t.Errorf("offer.tmpl: %q", got["offer.tmpl"])
	}
	if m, ok := got["holiday.tmpl"]; ok {
		t.Errorf("holiday.tmpl with requires: Products: %q", m)
	}
	if ps := (sequences.GreetingsConfig{}).GreetingProductProblems(set, nil, templates.EmptyWarnings(set)); slices.ContainsFunc(ps, func(p templates.Problem) bool { return p.Msg == sequences.BareRangeGreetingMsg }) {
		t.Error("greetings off, and a template is said not to get a greeting")
	}
}

// A template that is both a greeting's ([greetings] templates) and a
// sequence's step is named for both: the greeting is not sent to a
// customer no product matches, and neither is the follow-up step, whose
// own warning stays. With its list inside {{with .Products}} the step's
// warning stays too, as for any follow-up.
func TestAGreetingThatIsAlsoAStepIsNamedForBoth(t *testing.T) {
	list := "--- text\nHi,\n\nhere are our new items:\n{{range .Products}}* {{.Name}}\n{{end}}\nBest regards\n"
	set, err := templates.Load(fstest.MapFS{
		"year-end-offer.tmpl": {Data: []byte("subject: Year-end offer\n" + list)},
	})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	seq := "name = \"vip\"\ntags = [\"vip\"]\n[[step]]\nafter = \"3d\"\naction = \"email\"\ntemplate = \"year-end-offer\"\n"
	if err := os.WriteFile(filepath.Join(dir, "vip.toml"), []byte(seq), 0o600); err != nil {
		t.Fatal(err)
	}
	defs, probs := sequences.LoadDefinitions(dir)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	c := sequences.GreetingsConfig{Occasions: []string{"christmas"}, Templates: map[string]string{"christmas": "year-end-offer"}}
	var msgs []string
	for _, p := range c.GreetingProductProblems(set, defs, templates.EmptyWarnings(set)) {
		if p.Field == ".Products" {
			msgs = append(msgs, p.Msg)
		}
	}
	if len(msgs) != 2 || !strings.HasPrefix(msgs[0], "renders with Products empty") || msgs[1] != sequences.BareRangeGreetingMsg {
		t.Errorf("problems %q, want the step's and the greeting's", msgs)
	}
}
