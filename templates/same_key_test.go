package templates_test

import (
	"testing"
	"testing/fstest"

	"keepwarm/templates"
)

// A team's resend.en.tmpl is the English resend, as resend.tmpl is: it
// takes the built-in resend.tmpl's place (the team's files come over the
// built-in ones), instead of being dropped without a word because
// "resend.en.tmpl" sorts before "resend.tmpl". Two files of one key in
// the same layer keep the one that sorted last, as before, and the other
// is named as set aside.
func TestATeamEnglishFileTakesTheBuiltInsPlace(t *testing.T) {
	team := fstest.MapFS{"resend.en.tmpl": {Data: []byte("subject: From the team\n--- text\nHello {{.Contact.Salutation}}\n")}}
	set, err := templates.Load(templates.Defaults(), team)
	if err != nil {
		t.Fatal(err)
	}
	tpl, ok := set.Lookup("resend", "")
	if !ok || tpl.File != "resend.en.tmpl" {
		t.Fatalf("the English resend is %+v", tpl)
	}
	if by, ok := set.Shadowed("resend.tmpl"); !ok || by != "resend.en.tmpl" {
		t.Errorf("resend.tmpl set aside by %q (%v)", by, ok)
	}
	if _, ok := set.Shadowed("resend.en.tmpl"); ok {
		t.Error("the file sent is named as set aside")
	}

	team["resend.tmpl"] = &fstest.MapFile{Data: []byte("subject: Also the team\n--- text\nHi {{.Contact.Salutation}}\n")}
	if set, err = templates.Load(templates.Defaults(), team); err != nil {
		t.Fatal(err)
	}
	if tpl, _ := set.Lookup("resend", ""); tpl.File != "resend.tmpl" {
		t.Fatalf("the English resend of two team files is %s", tpl.File)
	}
	if by, ok := set.Shadowed("resend.en.tmpl"); !ok || by != "resend.tmpl" {
		t.Errorf("resend.en.tmpl set aside by %q (%v)", by, ok)
	}
}
