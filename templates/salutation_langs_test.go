package templates

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
)

// A template in Italian, Dutch, Turkish, Polish, Japanese, Korean,
// Vietnamese or Indonesian opens in its own language, never with an
// English "Dear Marco", and quotes under its own attribution line.
func TestSalutationInMoreLanguages(t *testing.T) {
	for _, c := range []struct{ name, lang, want string }{
		{"Marco Rossi", "it", "Buongiorno Marco"},
		{"", "it", "Gentili Signori"},
		{"Sig. Rossi", "it", "Buongiorno Sig. Rossi"},
		{"Jan de Vries", "nl", "Beste Jan"},
		{"", "nl", "Geachte heer, mevrouw"},
		{"Ahmet Yılmaz", "tr", "Merhaba Ahmet"},
		{"", "tr", "Sayın Yetkili"},
		{"Jan Kowalski", "pl", "Dzień dobry"},
		{"", "pl", "Szanowni Państwo"},
		{"山田太郎", "ja", "山田太郎様"},
		{"", "ja", "ご担当者様"},
		{"김철수", "ko", "김철수님"},
		{"Nguyen Van An", "vi", "Kính gửi Nguyen Van An"},
		{"Budi Santoso", "id", "Yth. Budi Santoso"},
		{"", "id", "Dengan hormat"},
	} {
		if got := Salutation(NewContact(c.name, "x@buyer.example"), c.lang); got != c.want {
			t.Errorf("%q (%s): %q, want %q", c.name, c.lang, got, c.want)
		}
	}
	if got := Addressed(NewContact("Jan Kowalski", "x@buyer.example"), "pl"); got != "" {
		t.Errorf("Addressed pl: %q", got)
	}
	at := time.Date(2026, 11, 16, 9, 6, 0, 0, time.UTC)
	for _, lang := range []string{"ja", "ko", "pl", "vi", "id"} {
		if got := Attribution(keepwarm.Address{Name: "Lily Chen", Email: "lily@seller.example"}, at, lang); strings.HasPrefix(got, "On ") || strings.Contains(got, "wrote") {
			t.Errorf("Attribution %s: %q", lang, got)
		}
	}
}

// A manager's Italian template opens in Italian; one in a language
// keepwarm writes no opening in (Swedish) does not render with an English
// "Dear Marco": it fails saying to write the opening in the template.
func TestTemplateOpeningIsInItsLanguage(t *testing.T) {
	own := fstest.MapFS{
		"resend.it.tmpl": &fstest.MapFile{Data: []byte("subject: Re: offerta\n--- text\n{{.Contact.Salutation}},\n\nle scrivo per sapere se ha ricevuto la nostra offerta.\n\n{{.Owner.Signature}}\n")},
		"resend.sv.tmpl": &fstest.MapFile{Data: []byte("subject: Re: offert\n--- text\n{{.Contact.Salutation}},\n\njag skriver för att höra om du har fått vår offert.\n\n{{.Owner.Signature}}\n")},
		"resend.fi.tmpl": &fstest.MapFile{Data: []byte("subject: Re: tarjous\n--- text\nHei {{.Contact.FirstName}},\n\nkirjoitan kysyäkseni tarjouksesta.\n\n{{.Owner.Signature}}\n")},
	}
	set, err := Load(Defaults(), own)
	if err != nil {
		t.Fatal(err)
	}
	data := SampleData()
	data.Contact = NewContact("Marco Rossi", "marco@x.it")
	r, err := set.Render("resend", "it", data)
	if err != nil || !strings.HasPrefix(r.Text, "Buongiorno Marco,\n") {
		t.Fatalf("it: %v\n%s", err, r.Text)
	}
	if r, err := set.Render("resend", "sv", data); err == nil || !strings.Contains(err.Error(), `no salutation for language "sv": write the opening in the template`) {
		t.Fatalf("sv: %v\n%s", err, r.Text)
	}
	if r, err := set.Render("resend", "fi", data); err != nil || !strings.HasPrefix(r.Text, "Hei Marco,") {
		t.Fatalf("fi: %v\n%s", err, r.Text)
	}
	// The book's own salutation is the salesperson's words: it goes.
	data.Contact.Salutation = "Hej Marco"
	if r, err := set.Render("resend", "sv", data); err != nil || !strings.HasPrefix(r.Text, "Hej Marco,") {
		t.Fatalf("sv with a salutation: %v\n%s", err, r.Text)
	}
}

// The shipped Arabic resend to a buyer the book knows as "Mr. Ahmed" names
// him, never "السادة الكرام" (Dear Sirs), the opening for nobody.
func TestArabicResendNamesATitledContact(t *testing.T) {
	set, err := Load(Defaults())
	if err != nil {
		t.Fatal(err)
	}
	data := SampleData()
	data.Contact = NewContact("Mr. Ahmed", "ahmed@alnoor.ae")
	r, err := set.Render("resend", "ar", data)
	if err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(r.Text, "\n"); first != "مرحبًا السيد Ahmed،" {
		t.Errorf("opening %q\n%s", first, r.Text)
	}
}
