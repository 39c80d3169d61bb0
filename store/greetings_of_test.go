package store

import (
	"context"
	"reflect"
	"testing"
	"time"

	"keepwarm"
)

// GreetingRecipientsOf reads one customer's contacts exactly as the whole
// book's read has them (when the team last wrote, when they were last seen), and no other
// customer's.
func TestGreetingRecipientsOfIsOneCustomersShareOfTheBook(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{
		{"Company", "Email", "Contact", "Owner"},
		{"Acme GmbH", "hans@acme.de", "Hans Meier", "lily@team.example"},
		{"Globex Ltd", "jo@globex.co.uk", "Jo Bloggs", "lily@team.example"},
	}, ImportOptions{})
	for i, c := range []struct{ to, key string }{{"hans@acme.de", "domain:acme.de"}, {"jo@globex.co.uk", "domain:globex.co.uk"}} {
		m := msg("out-" + c.to)
		m.Kind, m.From = keepwarm.KindOutbound, keepwarm.Address{Name: "Lily", Email: "lily@team.example"}
		m.To = []keepwarm.Address{{Email: c.to}}
		m.Contacts, m.CustomerKey = m.To, c.key
		save(t, db, at(m, "lily", "Sent", uint32(i+1), t0.Add(time.Duration(i+1)*time.Hour)))
	}
	all, err := db.GreetingRecipients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("the book: %d contacts, want 2", len(all))
	}
	for _, want := range all {
		got, err := db.GreetingRecipientsOf(ctx, want.Customer.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
			t.Errorf("customer %d alone: %+v, want %+v", want.Customer.ID, got, want)
		}
		if want.LastWrittenAt.IsZero() || want.LastSeen.IsZero() {
			t.Errorf("%s: the team's mail to them is not read: %+v", want.Contact.Email, want)
		}
	}
}
