package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// `sequences check` reads the letters of this month and the next as the
// greetings job will: a hand-written December letter listing the products
// with no guard, and one opening "Dear ," for a contact without a name,
// are named with the fix; a letter of a month past is not.
func TestSequencesCheckWarnsOfTheComingLetters(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	letters := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(letters, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("2026-12.tmpl", "subject: December news\n--- text\n{{.Contact.Salutation}},\n\nOur new products this month: {{join .Products \", \"}}.\n\n{{.Owner.Signature}}\n")
	write("2026-11.tmpl", "subject: November news\n--- text\nDear {{.Contact.FirstName}},\n\nwhat is new this month.\n\n{{.Owner.Signature}}\n")
	write("2026-10.tmpl", "subject: October news\n--- text\n{{.Contact.Salutation}},\n\nnew: {{join .Products \", \"}}.\n\n{{.Owner.Signature}}\n")
	r := newSeqRig(t, srv, "\n[greetings]\nletters_dir = \""+letters+"\"\n")
	out := r.must(day(0), "sequences", "check")
	if !strings.Contains(out, "WARN  letters_dir: 2026-12.tmpl: field .Products: renders with Products empty") ||
		!strings.Contains(out, "WARN  letters_dir: 2026-11.tmpl") || !strings.Contains(out, `"Dear ,"`) ||
		strings.Contains(out, "2026-10.tmpl") {
		t.Fatalf("check:\n%s", out)
	}
	write("2026-12.tmpl", "subject: December news\nrequires: Products\n--- text\n{{.Contact.Salutation}},\n\nOur new products this month: {{join .Products \", \"}}.\n\n{{.Owner.Signature}}\n")
	write("2026-11.tmpl", "subject: November news\n--- text\n{{.Contact.Salutation}},\n\nwhat is new this month.\n\n{{.Owner.Signature}}\n")
	if out := r.must(day(0), "sequences", "check"); strings.Contains(out, "letters_dir") {
		t.Fatalf("warnings left:\n%s", out)
	}
}

// A team's christmas.tmpl from an earlier build lists next year's items
// in a bare {{range .Products}}: since the upgrade a customer no product
// matches does not get the greeting, and `sequences check` says so with
// the fix, not the follow-ups' "add requires" that reads as if it still
// went. With the list inside {{with .Products}} it is sent to everyone
// and not said otherwise; with "requires: Products" it is no problem; a
// follow-up template keeps its own warning.
func TestSequencesCheckSaysAGreetingWithABareRangeIsNotSent(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	tmpl := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(tmpl, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("christmas.tmpl", "subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\nmerry Christmas, and here are our new items for next year:\n{{range .Products}}* {{.Name}}\n{{end}}\n{{.Owner.Signature}}\n")
	write("offer.tmpl", "subject: Offer\n--- text\n{{.Contact.Salutation}},\n\nhere is what we can offer:\n{{range .Products}}* {{.Name}}\n{{end}}\n{{.Owner.Signature}}\n")
	r := newSeqRig(t, srv, "\n[sequences]\ntemplates_dir = \""+tmpl+"\"\n[greetings]\noccasions = [\"christmas\"]\n")
	out := r.must(day(0), "sequences", "check")
	if !regexp.MustCompile(`WARN  christmas\.tmpl: field \.Products: .*does not get this greeting`).MatchString(out) ||
		!strings.Contains(out, "WARN  offer.tmpl: field .Products: renders with Products empty") {
		t.Fatalf("check:\n%s", out)
	}
	write("christmas.tmpl", "subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\nmerry Christmas!{{with .Products}} Here are our new items for next year:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n{{.Owner.Signature}}\n")
	if out := r.must(day(0), "sequences", "check"); strings.Contains(out, "christmas.tmpl") {
		t.Fatalf("a greeting sent to everyone said not to be, or to need \"requires\":\n%s", out)
	}
	write("christmas.tmpl", "subject: Merry Christmas\nrequires: Products\n--- text\n{{.Contact.Salutation}},\n\nmerry Christmas, and here are our new items for next year:\n{{range .Products}}* {{.Name}}\n{{end}}\n{{.Owner.Signature}}\n")
	if out := r.must(day(0), "sequences", "check"); strings.Contains(out, "christmas.tmpl") {
		t.Fatalf("warnings left:\n%s", out)
	}
}

// The README's upgrade note names the greetings beside the letters and
// follow-ups that a bare {{range .Products}} no longer sends to everyone,
// with the words `sequences check` says of them.
func TestReadmeUpgradeNoteNamesGreetingsWithABareRange(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, note, ok := strings.Cut(string(readme), "Changes of meaning to check when upgrading:")
	if !ok {
		t.Fatal("no upgrade note")
	}
	note, _, _ = strings.Cut(note, "`keepwarm backup` now exits 1")
	note = strings.Join(strings.Fields(note), " ")
	for _, want := range []string{"greeting", `"does not get this greeting"`} {
		if !strings.Contains(note, want) {
			t.Errorf("the upgrade note does not say %s: %q", want, note)
		}
	}
	if !strings.Contains(sequences.BareRangeGreetingMsg, "does not get this greeting") {
		t.Error("sequences check does not say what the README quotes")
	}
}

// A team's follow-up template written before the console refused it,
// writing {{.Month}} (a monthly letter's field, always empty in a step),
// is named by `sequences check` as a warning with the fix, and the
// sequences still check: the other follow-ups go on.
func TestSequencesCheckWarnsOfAFieldTheMailNeverHas(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	tmpl := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmpl, "product-intro.tmpl"), []byte("subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour news.\n\n{{.Owner.Signature}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := newSeqRig(t, srv, "\n[sequences]\ntemplates_dir = \""+tmpl+"\"\n")
	out := r.must(day(0), "sequences", "check")
	if !strings.Contains(out, "WARN  product-intro.tmpl: field .Month: is always empty in a follow-up step's") || strings.Contains(out, "FAIL") {
		t.Fatalf("check:\n%s", out)
	}
}

// `sequences check` names the step of a delay the file cannot hold: the
// third step's, counted from its [[step]] header, not "step.after".
func TestSequencesCheckNamesTheStepOfABadDelay(t *testing.T) {
	seqs := t.TempDir()
	body := "name = \"slow\"\ngrades = [\"C\"]\n[[step]]\nafter = \"3d\"\naction = \"task\"\ntask = \"call\"\n[[step]]\nafter = \"7d\"\naction = \"task\"\ntask = \"call\"\n[[step]]\nafter = \"5 days\"\naction = \"task\"\ntask = \"call\"\n"
	if err := os.WriteFile(filepath.Join(seqs, "slow.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r := newSeqRig(t, mailtest.NewMemServer(t), "\n[sequences]\ndir = \""+seqs+"\"\n")
	code, out, _ := r.run(day(0), "sequences", "check")
	if code != 1 || !strings.Contains(out, "slow.toml:12: field step[2].after:") {
		t.Fatalf("check: exit %d\n%s", code, out)
	}
}
