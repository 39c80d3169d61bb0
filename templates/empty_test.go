package templates

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A template whose text renders to nothing (cleared to be rewritten, or
// all of it inside an {{if}} that is false for this customer) is refused:
// a mail with only a subject says a machine sent it. The check names it.
func TestATemplateThatRendersEmptyIsRefused(t *testing.T) {
	for name, body := range map[string]string{
		"cleared":       "subject: {{reply .Original.Subject}}\n--- text\n\n",
		"empty if":      "subject: hi\n--- text\n{{if .Customer.Country}}{{.Contact.Salutation}},{{end}}\n",
		"html cleared":  "subject: hi\n--- text\n{{.Contact.Salutation}},\n--- html\n   \n",
		"only a spaces": "subject: hi\n--- text\n   \n\t\n",
	} {
		t.Run(name, func(t *testing.T) {
			set, err := Load(fstest.MapFS{"x.tmpl": {Data: []byte(body)}})
			if err != nil {
				t.Fatal(err)
			}
			data := SampleData()
			data.Customer.Country = ""
			_, err = set.Render("x", "", data)
			if err == nil || !strings.Contains(err.Error(), "is empty") {
				t.Fatalf("rendered without error: %v", err)
			}
			if name != "empty if" {
				if probs := Check(set); len(probs) != 1 || probs[0].File != "x.tmpl" {
					t.Fatalf("check: %+v", probs)
				}
			}
		})
	}
}
