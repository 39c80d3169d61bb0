package templates_test

import (
	"testing"

	"keepwarm/templates"
)

// The birthday subject names the person as the opening does: a formal
// opening's "Herr Meier" or "Mr. Smith", never the first name alone under
// it; a neutral German opening's whole name; no name under "Dear Sir or
// Madam".
func TestBirthdaySubjectNamesThePersonAsTheOpeningDoes(t *testing.T) {
	set, err := templates.Load(templates.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, email, salutation, lang, want string }{
		{"Hans Meier", "hans@globex.de", "Sehr geehrter Herr Meier", "de", "Herzlichen Glückwunsch zum Geburtstag, Herr Meier!"},
		{"Hans Meier", "hans@globex.de", "", "de", "Herzlichen Glückwunsch zum Geburtstag, Hans Meier!"},
		{"John Smith", "john@acme.example", "Dear Mr. Smith", "", "Happy birthday, Mr. Smith!"},
		{"Bob Smith", "bob@acme.example", "Hi Bob", "", "Happy birthday, Bob!"},
		{"John Smith", "john@acme.example", "", "", "Happy birthday, John!"},
		{"Juan López", "juan@lopez.es", "Estimado Sr. López", "es", "¡Feliz cumpleaños, Sr. López!"},
		{"Claire Martin", "claire@martin.fr", "Madame Martin", "fr", "Joyeux anniversaire, Madame Martin !"},
		{"Claire Martin", "claire@martin.fr", "Madame, Monsieur", "fr", "Joyeux anniversaire !"},
		{"John Smith", "john@acme.example", "Dear Sir or Madam", "", "Happy birthday!"},
		{"", "info@acme.example", "", "de", "Herzlichen Glückwunsch zum Geburtstag!"},
		{"Hiroshi Tanaka", "hiroshi@tanaka.jp", "Hiroshi-san", "", "Happy birthday, Hiroshi-san!"},
	} {
		d := templates.SampleData()
		d.Contact = templates.NewContact(c.name, c.email)
		d.Contact.Salutation = c.salutation
		r, err := set.Render("birthday", c.lang, d)
		if err != nil {
			t.Fatal(err)
		}
		if r.Subject != c.want {
			t.Errorf("%q to %q (%s): subject %q, want %q", c.salutation, c.name, c.lang, r.Subject, c.want)
		}
	}
	for s, want := range map[string]string{"王总您好": "王总", "尊敬的王伟": "王伟", "Здравствуйте, Иван": "Иван", "Dear all": "", "Hello": "", "Sehr geehrter Herr": ""} {
		if got := templates.Addressed(templates.Contact{Salutation: s}, ""); got != want {
			t.Errorf("Addressed(%q) = %q, want %q", s, got, want)
		}
	}
}

// An opening whose greeting words no prefix names ("Dearest Anna", "Good
// evening Mr. Smith", "Buenos dias Juan" without its accent) addresses the
// name after them, never the greeting as if it were a name.
func TestAddressedDropsEveryGreetingWord(t *testing.T) {
	for _, c := range []struct {
		c          templates.Contact
		lang, want string
	}{
		{templates.Contact{Salutation: "Dearest Anna", FirstName: "Anna"}, "", "Anna"},
		{templates.Contact{Salutation: "Good evening Mr. Smith"}, "", "Mr. Smith"},
		{templates.Contact{Salutation: "Morning Hans"}, "", "Hans"},
		{templates.Contact{Salutation: "Buenos dias Juan"}, "es", "Juan"},
		{templates.Contact{Salutation: "Ladies and Gentlemen"}, "", ""},
		{templates.Contact{Salutation: "Sehr geehrte Damen und Herren"}, "de", ""},
		{templates.Contact{Salutation: "Dear Mr. Smith"}, "", "Mr. Smith"},
	} {
		if got := templates.Addressed(c.c, c.lang); got != c.want {
			t.Errorf("Addressed(%q) = %q, want %q", c.c.Salutation, got, c.want)
		}
	}
}
