package templates_test

import (
	"strings"
	"testing"
	"testing/fstest"

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
