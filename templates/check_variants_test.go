package templates_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"keepwarm/templates"
)

// A template that renders for the sample customer yet fails for one a
// real send meets (a second product only some customers have) is named by
// SendProblems with its line, its field and the customer it fails for,
// and is no Check problem: it fails only those customers' steps, and a
// problem would turn off every follow-up.
func TestCheckRendersTheCustomersASendMeets(t *testing.T) {
	set, err := templates.Load(fstest.MapFS{"product-intro.tmpl": {Data: []byte("subject: {{(index .Products 0).Name}}\n" +
		"requires: Products\n--- text\n{{.Contact.Salutation}},\n\nhere is our {{(index .Products 0).Name}}.\nOur {{(index .Products 1).Name}} is also popular.\n\n{{.Owner.Signature}}\n")}})
	if err != nil {
		t.Fatal(err)
	}
	if probs := templates.Check(set); len(probs) != 0 {
		t.Fatalf("Check = %+v", probs)
	}
	probs := templates.SendProblems(set)
	if len(probs) != 1 || probs[0].File != "product-intro.tmpl" || probs[0].Line != 7 || !strings.Contains(probs[0].Field, "index .Products 1") ||
		!strings.Contains(probs[0].Msg, "fails for a customer with one product") {
		t.Fatalf("SendProblems = %+v", probs)
	}
	// The defaults pass every variant.
	def, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if probs := append(templates.Check(def), templates.SendProblems(def)...); len(probs) != 0 {
		t.Fatalf("defaults: %+v", probs)
	}
}
