package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// An address whose auto-reply says its person left the company is flagged:
// follow-ups no longer write to it, greetings skip it, and the digest's
// bounce list proposes the new contact it named.
func TestSaveBatchLeftCompany(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	left := msg("left-1@acme.com")
	left.Kind, left.NewContact = keepwarm.KindLeftCompany, "anna@acme.com"
	save(t, db,
		at(msg("a1@acme.com"), "team", "INBOX", 1, t0),
		at(left, "team", "INBOX", 2, t0.Add(time.Hour)),
	)
	blocked, err := db.BlockedAddresses(ctx, []string{"Bob@acme.com", "anna@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	if len(blocked) != 1 || blocked["bob@acme.com"] != "left the company" {
		t.Errorf("blocked = %v", blocked)
	}
	got, err := db.BouncedContacts(ctx, "", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Email != "bob@acme.com" || !got[0].LeftCompany || got[0].Successor != "anna@acme.com" ||
		!got[0].BouncedAt.Equal(t0.Add(time.Hour)) || got[0].Customer != "domain:acme.com" {
		t.Errorf("digest list = %+v", got)
	}
	recips, err := db.GreetingRecipients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range recips {
		if r.Contact.Email == "bob@acme.com" {
			found = true
			if !r.LeftCompany || r.Bounced {
				t.Errorf("greeting recipient: left %v bounced %v", r.LeftCompany, r.Bounced)
			}
		}
	}
	if !found {
		t.Error("bob@acme.com is not a greeting recipient row")
	}
	// A later left-company note without an address keeps the one known.
	again := msg("left-2@acme.com")
	again.Kind = keepwarm.KindLeftCompany
	save(t, db, at(again, "team", "INBOX", 3, t0.Add(2*time.Hour)))
	if got, _ := db.BouncedContacts(ctx, "", t0); len(got) != 1 || got[0].Successor != "anna@acme.com" {
		t.Errorf("after a second note: %+v", got)
	}
}
