package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
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
