package templates_test

import (
	"testing"
	"testing/fstest"

	"keepwarm/templates"
)

const hantResend = "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}}：\n\n想確認一下我寄給您的郵件是否已經收到。\n\n祝好！\n{{.Owner.Signature}}\n"

// A team's Traditional file of any tag (zh-mo, zh-hant-tw) takes the
// built-in resend.zh-hant.tmpl's place and is the one a Traditional
// thread gets; two Traditional files of one name in one layer keep one,
// the other named shadowed by it.
func TestTraditionalFileOfAnyTagIsFound(t *testing.T) {
	for _, file := range []string{"resend.zh-mo.tmpl", "resend.zh-hant-tw.tmpl", "resend.zh-HK.tmpl"} {
		set, err := templates.Load(templates.Defaults(), fstest.MapFS{file: {Data: []byte(hantResend)}})
		if err != nil {
			t.Fatal(err)
		}
		for _, lang := range []string{"zh-hant", "zh-tw", "zh-mo"} {
			if tm, ok := set.Lookup("resend", lang); !ok || tm.File != file {
				t.Errorf("%s: Lookup(resend, %s) = %+v", file, lang, tm)
			}
		}
		if by, ok := set.Shadowed("resend.zh-hant.tmpl"); !ok || by != file {
			t.Errorf("%s: the built-in not shadowed: %q %v", file, by, ok)
		}
	}
	set, err := templates.Load(fstest.MapFS{"resend.zh-hant.tmpl": {Data: []byte(hantResend)}, "resend.zh-tw.tmpl": {Data: []byte(hantResend)}})
	if err != nil {
		t.Fatal(err)
	}
	tm, _ := set.Lookup("resend", "zh-hant")
	other := "resend.zh-hant.tmpl"
	if tm.File == other {
		other = "resend.zh-tw.tmpl"
	}
	if by, ok := set.Shadowed(other); !ok || by != tm.File {
		t.Errorf("%s not shadowed by %s: %q %v", other, tm.File, by, ok)
	}
}
