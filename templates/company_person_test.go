package templates_test

import (
	"strings"
	"testing"

	"keepwarm"
	"keepwarm/templates"
)

// A private buyer the book keys by address and names after the person
// (a sheet row with a contact and no company) has no company to name:
// "you and your team", never "everyone at Juan García".
func TestPersonNamedCustomerIsNoCompany(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cust    keepwarm.Customer
		contact templates.Contact
	}{
		{keepwarm.Customer{Key: "addr:juan.garcia@gmail.com", Name: "Juan García"}, templates.NewContact("Juan García", "juan.garcia@gmail.com")},
		// the contact's mail carries no name: the address says whose it is
		{keepwarm.Customer{Key: "addr:juan.garcia@gmail.com", Name: "Juan García"}, templates.NewContact("", "juan.garcia@gmail.com")},
		{keepwarm.Customer{Key: "phone:+34600000000", Name: "Juan  garcía"}, templates.NewContact("Juan García", "juan.garcia@gmail.com")},
		{keepwarm.Customer{Key: "addr:wangwei@qq.com", Name: "王伟"}, templates.NewContact("王伟", "wangwei@qq.com")},
	} {
		for _, tm := range set.Templates() {
			d := templates.SampleData()
			d.Customer, d.Company, d.Contact, d.Occasion = c.cust, "", c.contact, "the holidays"
			r, err := tm.Render(d)
			if err != nil {
				t.Fatalf("%s: %v", tm.File, err)
			}
			for _, bad := range []string{"at Juan", "von Juan", "de Juan", "Juan García的", "for Juan", "offer Juan", "für Juan", "pour Juan", "para Juan",
				"贵公司", "貴公司", "王伟的", "your company"} {
				if strings.Contains(r.Subject+"\n"+r.Text+r.HTML, bad) {
					t.Errorf("%s (%s) writes %q:\n%s\n%s", tm.File, c.cust.Key, bad, r.Subject, r.Text)
				}
			}
		}
	}
	// A company the book keys by a free-mail address keeps its name.
	d := templates.SampleData()
	d.Customer = keepwarm.Customer{Key: "addr:juan.garcia@gmail.com", Name: "Iluminación García SL"}
	d.Company, d.Contact = "", templates.NewContact("Juan García", "juan.garcia@gmail.com")
	r, err := set.Render("christmas", "es", d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Text, "Iluminación García SL") {
		t.Errorf("a company at a free-mail address lost its name:\n%s", r.Text)
	}
}
