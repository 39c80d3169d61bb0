package sequences_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// A manager's holiday.zh.tmpl and holiday.de.tmpl name the occasion in
// their own language: "祝您中秋节快乐", "Alles Gute zum Mondfest", never
// "祝您Mid-Autumn Festival快乐"; the English template keeps the English
// name.
func TestHolidayTemplateNamesTheOccasionInItsLanguage(t *testing.T) {
	files := fstest.MapFS{}
	defaults := templates.Defaults()
	names, err := fs.Glob(defaults, "*.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		b, err := fs.ReadFile(defaults, n)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = &fstest.MapFile{Data: b}
	}
	files["holiday.zh.tmpl"] = &fstest.MapFile{Data: []byte("subject: {{.Occasion}}快乐\n--- text\n{{.Contact.Salutation}}：\n\n祝您{{.Occasion}}快乐！\n\n{{.Owner.Signature}}\n")}
	files["holiday.de.tmpl"] = &fstest.MapFile{Data: []byte("subject: Alles Gute zum {{.Occasion}}\n--- text\n{{.Contact.Salutation}},\n\nalles Gute zum {{.Occasion}}!\n\n{{.Owner.Signature}}\n")}
	set, err := templates.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ lang, occasion, want, not string }{
		{"zh", "Mid-Autumn Festival", "祝您中秋节快乐", "Mid-Autumn"},
		{"zh", "Tuen Ng Festival", "祝您端午节快乐", "Tuen Ng"},
		{"de", "Mid-Autumn Festival", "alles Gute zum Mondfest", "Mid-Autumn"},
		{"en", "Mid-Autumn Festival", "for Mid-Autumn Festival", "中秋"},
	} {
		var r keepwarm.Recipient
		r.Contact.Name, r.Contact.Email, r.Language = "王伟", "wang@bright.cn", c.lang
		out, _, err := sequences.RenderGreeting(set, "holiday", "", c.occasion, r, "", sequences.GreetingSender{From: keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.Text, c.want) || strings.Contains(out.Text+out.Subject, c.not) {
			t.Errorf("%s %s: %q / %q, want %q", c.lang, c.occasion, out.Subject, out.Text, c.want)
		}
	}
}
