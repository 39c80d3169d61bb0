package sequences_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// wroteAs stores one mail c sent Lily at at, as sync does from her INBOX,
// under its own Message-ID key.
func (r *greetRig) wroteAs(c customer, key string, at time.Time) {
	r.t.Helper()
	m := keepwarm.Message{
		Key: key, MessageID: key, Subject: "Order", SubjectKey: "order", Date: at,
		Kind: keepwarm.KindInbound, CustomerKey: c.key,
		From: keepwarm.Address{Name: c.contact, Email: c.email}, To: []keepwarm.Address{{Email: lily}},
		Contacts:  []keepwarm.Address{{Name: c.contact, Email: c.email}},
		RawHeader: []byte("Message-ID: <" + key + ">\r\n"),
	}
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: nextWroteUID(), InternalDate: at}}
	st := keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: in.Copy.UID, SyncedAt: at}
	if _, err := r.db.SaveBatch(context.Background(), st, []keepwarm.Incoming{in}); err != nil {
		r.t.Fatal(err)
	}
}

// Peter, Globex's old buyer, wrote ten mails in 2024 and moved on;
// nobody marked him as left. Maria, the new buyer, has written twice,
// the last time last week. The monthly letter goes to Maria, who wrote
// most recently, as the README says, not "Dear Peter".
func TestTheLetterGoesToTheContactWhoWroteMostRecently(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	r.cfg.Occasions = nil // letters only
	peter := customer{key: "domain:globex.de", name: "Globex GmbH", grade: "A", country: "DE", tz: "Europe/Berlin",
		lang: "en", email: "peter.braun@globex.de", contact: "Peter Braun"}
	id, _ := r.add(peter)
	maria := peter
	maria.email, maria.contact = "maria.klein@globex.de", "Maria Klein"
	if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at, from_book) VALUES (?, ?, ?, 0, 1)`, id, maria.email, maria.contact); err != nil {
		t.Fatal(err)
	}
	r.imap.AddUser(t, maria.email, imapPass)
	for i := range 10 {
		r.wroteAs(peter, fmt.Sprintf("peter-%d@globex.de", i), time.Date(2024, time.Month(1+i), 10, 9, 0, 0, 0, time.UTC))
	}
	r.wroteAs(maria, "maria-1@globex.de", time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	r.wroteAs(maria, "maria-2@globex.de", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	r.start(decemberLetter)
	l := letterPlan(t, r, "2026-12", r.clock.Now())
	if l.To.Email != maria.email || l.Status != sequences.PlanPlanned {
		t.Fatalf("Globex's letter: to %s, %s: %s; want planned to %s", l.To.Email, l.Status, l.Reason, maria.email)
	}
}
