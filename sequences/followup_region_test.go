package sequences_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// A thread is read as Portuguese ("pt": a mail does not say Brazil); the
// book gives the contact Brazilian Portuguese. The team's
// resend.pt-br.tmpl is the one sent, not the built-in resend.pt.tmpl.
func TestAResendGoesFromTheRegionsFileTheBookGives(t *testing.T) {
	w := newFUWorld(t, "A")
	team := fstest.MapFS{"resend.pt-br.tmpl": {Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nvocê recebeu minha cotação? (pt-br)\n\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n")}}
	set, err := templates.Load(templates.Defaults(), team)
	if err != nil {
		t.Fatal(err)
	}
	w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
	w.setSalutation("hans@buyer.de", "", "pt-br")
	w.quotationTo("q-2@seller.example", "Prezado Hans,\n\nsegue em anexo a nossa cotação para os painéis de LED, com o preço e o prazo de entrega. A cotação é válida por trinta dias.\n\nAtenciosamente\nLily",
		[]keepwarm.Address{hansAddr}, nil)
	r := w.resendOf("q-2@seller.example")
	if r.Status == keepwarm.OutboxSkipped || !strings.Contains(r.Text, "(pt-br)") {
		t.Fatalf("resend %s (%q):\n%s", r.Status, r.LastError, r.Text)
	}
}

// The book gives no contact language; the customer is Portuguese and in
// Brazil (imported as "pt-BR", or with country BR alone, both stored
// "pt"). The team's resend.pt-br.tmpl is the one sent, not the built-in
// resend.pt.tmpl; a customer in Portugal still gets resend.pt.tmpl.
func TestAResendGoesFromTheRegionsFileOfTheCustomersCountry(t *testing.T) {
	for _, c := range []struct{ country, want string }{{"BR", "(pt-br)"}, {"PT", "cotação?\n"}} {
		t.Run(c.country, func(t *testing.T) {
			w := newFUWorld(t, "A")
			team := fstest.MapFS{"resend.pt-br.tmpl": {Data: []byte("subject: {{reply .Original.Subject}}\n--- text\n{{.Contact.Salutation}},\n\nvocê recebeu minha cotação? (pt-br)\n\n{{.Owner.Signature}}\n\n{{.Original.Quote}}\n")}}
			set, err := templates.Load(templates.Defaults(), team)
			if err != nil {
				t.Fatal(err)
			}
			w.rejob(func(c *sequences.FollowUpConfig) { c.Templates = set })
			lang, country := "pt", c.country
			if err := w.db.SetCustomer(context.Background(), w.cid, store.CustomerChange{Language: &lang, Country: &country}, day0, "test"); err != nil {
				t.Fatal(err)
			}
			w.quotationTo("q-2@seller.example", "Prezado Hans,\n\nsegue em anexo a nossa cotação para os painéis de LED, com o preço e o prazo de entrega. A cotação é válida por trinta dias.\n\nAtenciosamente\nLily",
				[]keepwarm.Address{hansAddr}, nil)
			r := w.resendOf("q-2@seller.example")
			if r.Status == keepwarm.OutboxSkipped || strings.Contains(r.Text, "(pt-br)") != (c.want == "(pt-br)") {
				t.Fatalf("resend %s (%q):\n%s", r.Status, r.LastError, r.Text)
			}
		})
	}
}
