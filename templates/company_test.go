package templates_test

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

// A customer the book knows only by its domain is greeted without a
// visibly filled-in company: "you and your team", never "your team at your
// company"; a template in a language keepwarm has no default for still
// names it in that language, never in English.
func TestGreetingsWithoutACompanyName(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	domainOnly := keepwarm.Customer{Key: "domain:globex.de", Name: "globex.de", Domain: "globex.de"}
	for _, tm := range set.Templates() {
		d := templates.SampleData()
		d.Customer, d.Company, d.Occasion = domainOnly, "", "the holidays"
		r, err := tm.Render(d)
		if err != nil {
			t.Fatalf("%s: %v", tm.File, err)
		}
		for _, bad := range []string{"your company", "at your", "von Ihrem Unternehmen", "de su empresa", "de votre entreprise", "globex.de"} {
			if strings.Contains(r.Text, bad) {
				t.Errorf("%s writes %q:\n%s", tm.File, bad, r.Text)
			}
		}
	}
	d := templates.SampleData()
	d.Customer, d.Company = domainOnly, ""
	ru, err := templates.Load(fstest.MapFS{"new-year.ru.tmpl": {Data: []byte("subject: С Новым годом\n--- text\n{{.Contact.Salutation}}!\n\nЖелаю всем сотрудникам {{.Customer.Name}} здоровья.\n")}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := ru.Render("new-year", "ru", d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(r.Text, "your company") || !strings.Contains(r.Text, "сотрудникам вашей компании") {
		t.Errorf("ru: %s", r.Text)
	}
}

// {{date}} in a language keepwarm has no default template for writes the
// date as that language does, never an English month name.
func TestDateInAnyTemplateLanguage(t *testing.T) {
	files := fstest.MapFS{}
	for _, lang := range []string{"it", "nl", "tr", "pl", "ko", "vi", "id", "cs", "en"} {
		files["x."+lang+".tmpl"] = &fstest.MapFile{Data: []byte("subject: x\n--- text\nla mia email del {{date .Original.Date}}\n")}
	}
	set, err := templates.Load(files)
	if err != nil {
		t.Fatal(err)
	}
	d := templates.SampleData()
	d.Original.Date = time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{"it": "3/11/2026", "nl": "3-11-2026", "tr": "03.11.2026", "pl": "03.11.2026",
		"ko": "2026. 11. 3.", "vi": "03/11/2026", "id": "03/11/2026", "cs": "2026-11-03", "": "3 November 2026"} {
		r, err := set.Render("x", lang, d)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(strings.TrimSpace(r.Text), " "+want) {
			t.Errorf("%s: %q, want the date %q", lang, r.Text, want)
		}
	}
}

// A company written with a comma or brackets in its name ("Acme Widgets,
// Inc.", "Globex (Shanghai) Co., Ltd.") is a company, never a person:
// the formal opening, never "Dear Acme".
func TestCompanyWithCommaOrBracketsIsNoPerson(t *testing.T) {
	for _, c := range []struct{ name, email string }{
		{"Acme Widgets, Inc.", "sales2@acme.com"},
		{"Globex, LLC", "jd@globex.com"},
		{"Globex (Shanghai) Co., Ltd.", "lily@globex.cn"},
		{"Shenzhen Bright Electronics Co, Ltd", "x@bright.cn"},
		{"Bright Electronics (HK) Limited", "y@bright.hk"},
		{"Hans Meier, Globex GmbH", "hans@globex.de"},
	} {
		if p := templates.PersonOf(c.name, c.email); p.FirstName != "" || p.Name != "" {
			t.Errorf("%q <%s>: %+v, want no person", c.name, c.email, p)
		}
	}
	for lang, want := range map[string]string{"": "Dear Sir or Madam", "de": "Sehr geehrte Damen und Herren", "zh": "尊敬的客户"} {
		for _, name := range []string{"Acme Widgets, Inc.", "Globex (Shanghai) Co., Ltd."} {
			if got := templates.Salutation(templates.NewContact(name, "sales2@acme.com"), lang); got != want {
				t.Errorf("%q (%s): %q, want %q", name, lang, got, want)
			}
		}
	}
}
