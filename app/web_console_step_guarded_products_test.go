package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A sequence step's template whose product list is wholly inside {{with
// .Products}} or {{if .Products}} is saved: what the mail says without
// products is the manager's choice, as with {{with .Company}}, and the
// step goes to such a customer as written. One that lists them in a bare
// {{range .Products}} after words leading to it is still refused with
// "requires: Products" named: "here are our new items:" would be left
// with nothing after it. One whose words are all inside the guard, so
// that without products it is its opening and sign-off alone, is saved
// with a warning in its preview: such a customer's mail is not sent.
func TestConsoleSavesAStepWhoseProductsAreGuardedWhole(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	b, mei, tmpl := consoleBackend(t, now)
	file := filepath.Join(tmpl, "product-intro.tmpl")

	bare := "subject: Our products\n--- text\n{{.Contact.Salutation}},\n\nhere are our new items:\n{{range .Products}}* {{.Name}}\n{{end}}\n{{.Owner.Signature}}\n"
	_, probs, err := b.SaveTemplate(ctx, mei, "product-intro.tmpl", bare, "", now)
	var refused bool
	for _, p := range probs {
		refused = refused || strings.Contains(p.Msg, `renders with Products empty: add "requires: Products"`)
	}
	if err != nil || !refused {
		t.Fatalf("save of a bare range with words before it: %v %+v", err, probs)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Fatalf("the refused template was written: %v", err)
	}

	for _, body := range []string{
		"subject: Our products\n--- text\n{{.Contact.Salutation}},\n\nthank you for your visit.{{with .Products}} Here are our new items:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n{{.Owner.Signature}}\n",
		"subject: Our products\n--- text\n{{.Contact.Salutation}},\n\nthank you for your visit.{{if .Products}} Here are our new items:\n{{range .Products}}* {{.Name}}\n{{end}}{{end}}\n{{.Owner.Signature}}\n",
	} {
		if _, probs, err := b.SaveTemplate(ctx, mei, "product-intro.tmpl", body, FileVersion(file), now); err != nil || len(probs) > 0 {
			t.Fatalf("save of %q: %v %+v", body, err, probs)
		}
		if got, err := os.ReadFile(file); err != nil || string(got) != body {
			t.Fatalf("product-intro.tmpl holds %q (%v), want %q", got, err, body)
		}
	}

	// All its words inside {{with .Products}}: to a customer no product
	// matches it is the salutation and the signature alone, and is skipped.
	// Saved all the same, a wish under the name and all (holding is the
	// safe side); the preview says such a customer's mail is not sent.
	for _, silent := range []string{
		"subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n{{with .Products}}\nhere are our new items:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\nBest regards,\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n",
		"subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n{{with .Products}}\nhere are our new items:\n{{range .}}* {{.Name}}\n{{end}}{{end}}\n\nBest wishes,\n{{.Owner.Signature}}\n\nMerry Christmas and a Happy New Year!\n\n{{.Original.Quote}}\n",
	} {
		if _, probs, err := b.SaveTemplate(ctx, mei, "product-intro.tmpl", silent, FileVersion(file), now); err != nil || len(probs) > 0 {
			t.Fatalf("save of a step saying nothing without products: %v %+v", err, probs)
		}
		if got, _ := os.ReadFile(file); string(got) != silent {
			t.Fatalf("product-intro.tmpl holds %q, want %q", got, silent)
		}
		pv, err := b.PreviewTemplate(ctx, mei, "product-intro.tmpl", silent, 0)
		var warned bool
		for _, p := range pv.Problems {
			warned = warned || strings.Contains(p.Msg, "says nothing but its opening and sign-off to a customer no product matches") &&
				strings.Contains(p.Msg, "the sequence goes on to its next step")
		}
		if err != nil || !warned {
			t.Fatalf("preview of a step saying nothing without products: %v %+v", err, pv.Problems)
		}
	}
}
