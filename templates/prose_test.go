package templates_test

import (
	"strings"
	"testing"

	"keepwarm/templates"
)

// Prose is a rendered text's own words: not the quote, the signature, the
// names or the products' pitches.
func TestProseIsTheTemplatesOwnWords(t *testing.T) {
	set := loadFiles(t, map[string]string{"x.de.tmpl": "subject: Angebot\n--- text\n{{.Contact.Salutation}},\n\nkurze Nachfrage.\n{{range .Products}}{{.Name}}: {{.Pitch}}\n{{end}}\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n"})
	d := templates.SampleData()
	d.Owner.Signature = "Lily Chen\nIhr Partner für LED"
	d.Original.Text = "Können Sie mir ein Angebot schicken?"
	d.Products = []templates.Product{{Name: "LED-Panel", Pitch: "Ihr Vorteil: zehn Jahre Garantie"}}
	r, err := set.Render("x", "de", d)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Können Sie", "Ihr Partner", "Ihr Vorteil"} {
		if !strings.Contains(r.Text, w) {
			t.Fatalf("the text has no %q:\n%s", w, r.Text)
		}
		if strings.Contains(r.Prose(), w) {
			t.Errorf("Prose has %q:\n%s", w, r.Prose())
		}
	}
	if !strings.Contains(r.Prose(), "kurze Nachfrage") {
		t.Errorf("Prose lost the template's words:\n%s", r.Prose())
	}
}
