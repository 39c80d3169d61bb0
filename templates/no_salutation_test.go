package templates

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

// A Swedish template whose text opens by hand but whose html part writes
// {{.Contact.Salutation}} is refused as the text would be: the buyer's
// html view never opens with a stand-in for the missing opening.
func TestNoSalutationIsCaughtInTheHTMLPart(t *testing.T) {
	own := fstest.MapFS{
		"resend.sv.tmpl": &fstest.MapFile{Data: []byte("subject: Re: offert\n--- text\nHej {{.Contact.FirstName}},\n\nText.\n\n{{.Owner.Signature}}\n--- html\n<p title=\"{{.Contact.Salutation}}\">{{.Contact.Salutation}},</p><p>Text.</p>\n")},
	}
	set, err := Load(Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	r, err := set.Render("resend", "sv", SampleData())
	if !IsNoSalutation(err) {
		t.Fatalf("rendered: %v\n%s", err, r.HTML)
	}
	var p Problem
	if errors.As(err, &p); p.Section != "html" {
		t.Errorf("section %q", p.Section)
	}
	found := false
	for _, p := range NameProblems(set) {
		found = found || p.File == "resend.sv.tmpl" && strings.Contains(p.Msg, `no salutation for language "sv"`)
	}
	if !found {
		t.Errorf("NameProblems: %v", NameProblems(set))
	}
	// With the book's own salutation the html goes.
	d := SampleData()
	d.Contact.Salutation = "Hej Anna"
	if r, err := set.Render("resend", "sv", d); err != nil || !strings.Contains(r.HTML, "Hej Anna,") {
		t.Fatalf("with a salutation: %v\n%s", err, r.HTML)
	}
}

// Check does not count a template in a language keepwarm writes no
// opening in that uses {{.Contact.Salutation}} as a problem of the set (it
// would stop every follow-up of the team): NameProblems warns of it, and
// the rest of the file is still checked.
func TestCheckLeavesNoSalutationToTheWarnings(t *testing.T) {
	own := fstest.MapFS{
		"birthday.sv.tmpl": &fstest.MapFile{Data: []byte("subject: Grattis\n--- text\n{{.Contact.Salutation}},\n\nGrattis!\n{{.Owner.Signature}}\n")},
		"resend.da.tmpl":   &fstest.MapFile{Data: []byte("subject: Re: tilbud\n--- text\n{{.Contact.Salutation}},\n\n{{.Contact.Nmae}}\n")},
	}
	set, err := Load(Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	probs := Check(set)
	if len(probs) != 1 || probs[0].File != "resend.da.tmpl" || probs[0].Field != ".Contact.Nmae" {
		t.Fatalf("Check: %v", probs)
	}
	var warned []string
	for _, p := range NameProblems(set) {
		if strings.Contains(p.Msg, "no salutation for language") {
			warned = append(warned, p.File)
		}
	}
	if strings.Join(warned, " ") != "birthday.sv.tmpl" {
		t.Errorf("warned of %v", warned)
	}
}
