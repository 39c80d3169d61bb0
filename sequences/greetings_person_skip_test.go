package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Lily stops Hans's Christmas greeting weeks ahead, at the address he
// writes from most. He then writes more from his gmail address, which
// would make that the one greeted: the greeting stopped for the person
// stays stopped at both addresses.
func TestDontSendHoldsAtThePersonsOtherAddress(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"christmas"}, nil
	hans := customer{key: "domain:globex.de", name: "Globex GmbH", grade: "A", country: "DE", tz: "Europe/Berlin", lang: "en",
		email: "hans.meier@globex.de", contact: "Hans Meier"}
	custID, _ := r.add(hans)
	gmail := hans
	gmail.email = "hans.meier@gmail.com"
	r.addContact(custID, gmail)
	r.wrote(hans, time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC))
	r.wrote(gmail, time.Date(2026, 10, 6, 9, 0, 0, 0, time.UTC))
	r.start(nil)

	plan := r.planOf("2026-12")
	it := plan[hans.email+" christmas"]
	if it.Status != sequences.PlanPlanned {
		t.Fatalf("Hans at globex.de: %q %s", it.Status, it.Reason)
	}
	if _, _, err := r.job.SkipPlanned(r.ctx, it.Key, lily, r.clock.Now(), func(int64) error { return nil }); err != nil {
		t.Fatal(err)
	}

	// Twice more from gmail in November: gmail now wins on its own.
	for i, d := range []time.Time{time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 9, 9, 0, 0, 0, time.UTC)} {
		id := "w" + string(rune('3'+i)) + "-" + gmail.email
		m := keepwarm.Message{Key: id, MessageID: id, Subject: "Samples", SubjectKey: "samples",
			Date: d, Kind: keepwarm.KindInbound, CustomerKey: gmail.key,
			From: keepwarm.Address{Name: gmail.contact, Email: gmail.email}, To: []keepwarm.Address{{Email: lily}},
			Contacts: []keepwarm.Address{{Name: gmail.contact, Email: gmail.email}}, RawHeader: []byte("Message-ID: <" + id + ">\r\n")}
		in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: nextWroteUID(), InternalDate: d}}
		if _, err := r.db.SaveBatch(context.Background(), keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: in.Copy.UID, SyncedAt: d}, []keepwarm.Incoming{in}); err != nil {
			t.Fatal(err)
		}
	}
	r.clock.Set(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	plan = r.planOf("2026-12")
	if it := plan[gmail.email+" christmas"]; it.Status != sequences.PlanSkip ||
		it.Reason != "already skipped at hans.meier@globex.de, the same person's other address: one greeting, not two" {
		t.Errorf("Hans at gmail after Don't send at globex.de: %q %s", it.Status, it.Reason)
	}
	r.clock.Set(time.Date(2026, 12, 22, 0, 0, 0, 0, time.UTC))
	r.replay(time.Date(2026, 12, 24, 0, 0, 0, 0, time.UTC), time.Hour)
	if a, b := len(r.inbox(hans.email)), len(r.inbox(gmail.email)); a+b != 0 {
		t.Errorf("Hans got %d greeting(s) at globex.de and %d at gmail after Lily's Don't send", a, b)
	}
}
