package templates_test

import (
	"strings"
	"testing"

	"keepwarm/templates"
)

// A template whose own words say the mail carries a file ("please find
// attached", "anbei", "во вложении", "附件") is named, in whichever section
// and branch it says so: keepwarm attaches nothing, and the customer would
// look for a file that is not there. A template that only quotes the
// customer's mail (whose text may mention an attachment), or says
// "unattached" or "Anhänger", is not; nor are the built-in templates.
func TestAttachmentClaims(t *testing.T) {
	set := loadFiles(t, map[string]string{
		"intro.tmpl":    "subject: Our catalogue\n--- text\n{{.Contact.Salutation}},\n\nplease find attached our new catalogue.\n",
		"intro.de.tmpl": "subject: Katalog\n--- text\n{{.Contact.Salutation}},\n\n{{if .Products}}Anbei unser Katalog.{{end}}\n",
		"intro.ru.tmpl": "subject: Каталог\n--- text\n{{.Contact.Salutation}},\n\nкаталог во вложении.\n",
		"intro.zh.tmpl": "subject: 目录\n--- text\n{{.Contact.Salutation}}：\n\n请查收附件中的目录。\n",
		"news.tmpl":     "subject: News\n--- text\nHi,\nnews.\n--- html\n<p>Hi,</p><p>The price list is <b>enclosed</b>.</p>\n",
		"resend.tmpl":   "subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\ndid you receive my mail?\n\n> {{.Original.Text}}\n",
		"trailer.tmpl":  "subject: Trailers\n--- text\nHi,\nour unattached trailer hitches and Anhänger are in stock.\n",
	})
	got := map[string]string{}
	for _, p := range templates.AttachmentClaims(set) {
		got[p.File] = p.Section + ": " + p.Msg
	}
	want := map[string]string{"intro.tmpl": `text: says "attached"`, "intro.de.tmpl": `text: says "Anbei"`,
		"intro.ru.tmpl": `text: says "во вложении"`, "intro.zh.tmpl": `text: says "附件"`, "news.tmpl": `html: says "enclosed"`}
	for file, w := range want {
		if !strings.HasPrefix(got[file], w) || !strings.Contains(got[file], "keepwarm attaches no file") {
			t.Errorf("%s: %q, want it to start %q", file, got[file], w)
		}
	}
	for file := range got {
		if _, ok := want[file]; !ok {
			t.Errorf("%s named: %s", file, got[file])
		}
	}
	defaults, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	if ps := templates.AttachmentClaims(defaults); len(ps) != 0 {
		t.Errorf("built-in templates claim an attachment: %v", ps)
	}
}
