package app

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
	"keepwarm/worldcal"
)

// Hans Meier writes from the company's address and from gmail; the
// customer book marks him muslim at the company's. The plan withholds
// Christmas at both addresses: the preview of the Christmas greeting for
// his gmail address says "Not sent" as well, not a clean greeting.
func TestGreetingPreviewSharesAPersonsMarksAcrossAddresses(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	w, msg := hansInquiryApp(t, t0)
	ctx := context.Background()
	gmail := keepwarm.Address{Name: "Hans Meier", Email: "hans.meier@gmail.com"}
	w.save("lily", keepwarm.Message{MessageID: "inq-2@gmail.com", From: gmail,
		To: []keepwarm.Address{{Email: "lily@lumina-export.example"}}, Subject: "Samples", SubjectKey: "samples", Date: t0.Add(time.Hour), Kind: keepwarm.KindInbound,
		CustomerKey: "domain:globex.de", Contacts: []keepwarm.Address{gmail}}, "")
	de, grade := "DE", "B"
	if err := w.a.DB.SetCustomer(ctx, msg.CustomerID, store.CustomerChange{Country: &de, Grade: &grade}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	marks := []string{"muslim"}
	if _, err := w.a.DB.SetContactDetails(ctx, hansMeier.Email, store.ContactDetails{Holidays: &marks}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	cust := customerForGreetings(t, w, msg)
	set, err := templates.Load(fstest.MapFS{
		"christmas.tmpl": {Data: []byte("subject: Merry Christmas\n--- text\n{{.Contact.Salutation}},\n\nmerry Christmas.\n\n{{.Owner.Signature}}\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := lilyGreetingSender
	rules := GreetingRules{Now: t0, Greetings: sequences.GreetingsConfig{Occasions: []string{"christmas"}, Calendars: worldcal.Builtin()}}
	for _, to := range []string{hansMeier.Email, gmail.Email} {
		gp, err := PreviewGreeting(ctx, w.a.DB, set, "christmas", "", "Christmas", &cust, to, s, rules)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(gp.Refusal, "is a christian festival") {
			t.Errorf("preview of Christmas for %s, marked muslim at %s: refusal %q", to, hansMeier.Email, gp.Refusal)
		}
	}
}

// lilyGreetingSender is Lily's mailbox as the greetings job sends from it.
var lilyGreetingSender = sequences.GreetingSender{Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@lumina-export.example"}, Signature: "Lily Chen"}

// customerForGreetings reads msg's customer as the greetings plan does.
func customerForGreetings(t *testing.T, w *fuApp, msg keepwarm.Message) keepwarm.Customer {
	t.Helper()
	cust, err := w.a.DB.CustomerForSequence(context.Background(), msg.CustomerID)
	if err != nil {
		t.Fatal(err)
	}
	return cust
}
