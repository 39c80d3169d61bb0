package templates

import (
	"strings"
	"testing"
	"testing/fstest"
)

// A misspelt field is reported with its line and the field it most likely
// meant; the list of fields names what a template may use.
func TestMisspeltFieldSaysWhatItMeant(t *testing.T) {
	body := "subject: Re: {{.Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nyour order from {{.Customer.Nmae}}\n"
	set, err := Load(fstest.MapFS{"resend.tmpl": {Data: []byte(body)}})
	if err != nil {
		t.Fatal(err)
	}
	probs := Check(set)
	if len(probs) != 1 || probs[0].Line != 5 || probs[0].Field != ".Customer.Nmae" ||
		!strings.Contains(probs[0].Msg, "did you mean .Customer.Name?") {
		t.Fatalf("%+v", probs)
	}
	var names []string
	for _, f := range FieldsOf(SampleData()) {
		names = append(names, f.Name+"="+f.Value)
	}
	all := strings.Join(names, "\n")
	for _, want := range []string{".Contact.Salutation=", ".Customer.Name=Buyer GmbH", ".Original.Subject=Quotation for LED panels", ".Occasion=Christmas"} {
		if !strings.Contains(all, want) {
			t.Errorf("fields lack %q:\n%s", want, all)
		}
	}
}
