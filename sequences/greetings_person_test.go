package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// One buyer known at two addresses of one customer (the company's and a
// gmail one, both written from) gets one Christmas greeting, at the
// address they write from most; the other address's says where it went.
// Two contacts of one customer who only share a first name are two people.
func TestOneGreetingAPersonAtTwoAddresses(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"christmas"}, nil
	hans := customer{key: "domain:globex.de", name: "Globex GmbH", grade: "A", country: "DE", tz: "Europe/Berlin", lang: "en",
		email: "hans.meier@globex.de", contact: "Hans Meier"}
	custID, _ := r.add(hans)
	gmail := hans
	gmail.email = "hans.meier@gmail.com"
	ahmed1 := hans
	ahmed1.email, ahmed1.contact = "ahmed@globex.de", "Ahmed"
	ahmed2 := hans
	ahmed2.email, ahmed2.contact = "ahmed.k@globex.de", "Ahmed"
	for _, c := range []customer{gmail, ahmed1, ahmed2} {
		r.addContact(custID, c)
	}
	for _, c := range []customer{hans, gmail, ahmed1, ahmed2} {
		r.wrote(c, time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC))
	}
	// From the gmail address twice: that is where Hans is greeted.
	again := keepwarm.Message{Key: "w2-" + gmail.email, MessageID: "w2-" + gmail.email, Subject: "Samples", SubjectKey: "samples",
		Date: time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC), Kind: keepwarm.KindInbound, CustomerKey: gmail.key,
		From: keepwarm.Address{Name: gmail.contact, Email: gmail.email}, To: []keepwarm.Address{{Email: lily}},
		Contacts: []keepwarm.Address{{Name: gmail.contact, Email: gmail.email}}, RawHeader: []byte("Message-ID: <w2-" + gmail.email + ">\r\n")}
	in := keepwarm.Incoming{Message: again, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: nextWroteUID(), InternalDate: again.Date}}
	if _, err := r.db.SaveBatch(context.Background(), keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: in.Copy.UID, SyncedAt: again.Date}, []keepwarm.Incoming{in}); err != nil {
		t.Fatal(err)
	}
	r.start(nil)

	plan := r.planOf("2026-12")
	if it := plan[gmail.email+" christmas"]; it.Status != sequences.PlanPlanned {
		t.Errorf("Hans at gmail (written from twice): %q %s", it.Status, it.Reason)
	}
	if it := plan[hans.email+" christmas"]; it.Status != sequences.PlanSkip || it.Reason != "greeted at hans.meier@gmail.com, the same person's other address: one greeting, not two" {
		t.Errorf("Hans at globex.de: %q %s", it.Status, it.Reason)
	}
	for _, c := range []customer{ahmed1, ahmed2} {
		if it := plan[c.email+" christmas"]; it.Status != sequences.PlanPlanned {
			t.Errorf("%s (another Ahmed may be another person): %q %s", c.email, it.Status, it.Reason)
		}
	}
	r.clock.Set(time.Date(2026, 12, 22, 0, 0, 0, 0, time.UTC))
	r.replay(time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC), time.Hour)
	if a, b := len(r.inbox(hans.email)), len(r.inbox(gmail.email)); a+b != 1 || b != 1 {
		t.Errorf("Hans got %d greeting(s) at globex.de and %d at gmail, want one at gmail", a, b)
	}
}

// Acme comes from the customer book with Bob; Lily's mail had his
// colleague Peter in Cc, so sync made Peter a contact of Acme too. With
// only_contacts_who_wrote = false the book's people are greeted, not
// everyone ever on the customer's mail: Bob gets Thanksgiving, Peter,
// whom the book never named, does not.
func TestAContactOnlyInCcIsNotGreetedAsTheBooks(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"thanksgiving"}, nil
	r.add(usBuyer)
	bob := keepwarm.Address{Name: usBuyer.contact, Email: usBuyer.email}
	peter := keepwarm.Address{Name: "Peter Schmidt", Email: "peter@acme-us.com"}
	r.mailTo("own-1", time.Date(2026, 10, 5, 14, 0, 0, 0, time.UTC), 1, "Dear Bob,\n\nour offer.\n\nLily", []keepwarm.Address{bob}, []keepwarm.Address{peter})
	r.start(nil)
	plan, err := r.job.PlanMonth(r.ctx, "2026-11", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var to []string
	for _, it := range plan.Items {
		if it.Occasion == "thanksgiving" {
			to = append(to, it.To.Email)
		}
	}
	if len(to) != 1 || to[0] != usBuyer.email {
		t.Fatalf("Thanksgiving greetings to %v; want Bob's alone", to)
	}
}

// Ahmed Khan is marked "muslim" in the customer book at the company's
// address; sync also knows him at his gmail address, without marks. The
// mark is the person's: no "Merry Christmas" at either address, and
// nothing reaches the gmail INBOX.
func TestAFaithMarkedAtOneAddressWithholdsAtThePersonsOther(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"christmas"}, nil
	ahmed := customer{key: "domain:acme.co.uk", name: "Acme Ltd", grade: "A", country: "GB", tz: "Europe/London", lang: "en",
		email: "ahmed.khan@acme.co.uk", contact: "Ahmed Khan"}
	custID, _ := r.add(ahmed)
	gmail := ahmed
	gmail.email = "ahmed.khan@gmail.com"
	r.addContact(custID, gmail)
	for _, c := range []customer{ahmed, gmail} {
		r.wrote(c, time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC))
	}
	r.mark(map[string]string{ahmed.email: "muslim"})
	r.start(nil)

	plan := r.planOf("2026-12")
	for _, c := range []customer{ahmed, gmail} {
		if it, ok := plan[c.email+" christmas"]; ok && it.Status == sequences.PlanPlanned {
			t.Errorf("Christmas planned for Ahmed (marked muslim) at %s: %s", c.email, it.Reason)
		}
	}
	r.clock.Set(time.Date(2026, 12, 22, 0, 0, 0, 0, time.UTC))
	r.replay(time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC), time.Hour)
	if a, b := len(r.inbox(ahmed.email)), len(r.inbox(gmail.email)); a+b != 0 {
		t.Errorf("Ahmed got %d Christmas greeting(s) at acme.co.uk and %d at gmail, want none", a, b)
	}
}

// addContact knows c's address as another of customer custID's contacts,
// with a mailbox of its own on the IMAP server.
func (r *greetRig) addContact(custID int64, c customer) {
	r.t.Helper()
	if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at) VALUES (?, ?, ?, ?)`,
		custID, c.email, c.contact, r.clock.Now().Unix()); err != nil {
		r.t.Fatal(err)
	}
	r.imap.AddUser(r.t, c.email, imapPass)
}
