package sequences_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"keepwarm"
	"keepwarm/sequences"
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
