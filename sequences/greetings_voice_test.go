package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// mailTo stores Lily's mail to Bob's customer as sync would from her Sent,
// to and cc as written, with its text.
func (r *greetRig) mailTo(key string, at time.Time, uid uint32, text string, to, cc []keepwarm.Address) {
	r.t.Helper()
	m := keepwarm.Message{
		Key: key, MessageID: key, Subject: "Offer", SubjectKey: "offer", Date: at,
		Kind: keepwarm.KindOutbound, CustomerKey: usBuyer.key, Snippet: text,
		From: keepwarm.Address{Name: "Lily Chen", Email: lily}, To: to, Cc: cc,
		Contacts:  append(append([]keepwarm.Address(nil), to...), cc...),
		RawHeader: []byte("Message-ID: <" + key + ">\r\n"),
	}
	in := keepwarm.Incoming{Message: m, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "Sent", Role: keepwarm.RoleSent,
		UIDValidity: 1, UID: uid, InternalDate: at}}
	if _, err := r.db.SaveBatch(r.ctx, keepwarm.FolderState{Mailbox: "lily", Folder: "Sent", UIDValidity: 1, LastUID: uid, SyncedAt: at},
		[]keepwarm.Incoming{in}); err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.raw.Exec(`INSERT OR REPLACE INTO message_texts (message_id, text, cut) SELECT id, ?, 0 FROM messages WHERE key = ?`, text, key); err != nil {
		r.t.Fatal(err)
	}
}

// A birthday greeting opens with the line Lily wrote to Bob alone, never
// with one she wrote to someone else: her latest mail greeted Mr. Schmidt
// with Bob in Cc, or Bob and Hans together. Bob's greeting keeps her
// language and opens "Dear Bob".
func TestGreetingDoesNotReuseAnOpeningWrittenToSomeoneElse(t *testing.T) {
	bob := keepwarm.Address{Name: usBuyer.contact, Email: usBuyer.email}
	schmidt := keepwarm.Address{Name: "Peter Schmidt", Email: "peter@acme-us.com"}
	for _, c := range []struct {
		name, text string
		to, cc     []keepwarm.Address
	}{
		{"Cc", "Dear Mr. Schmidt,\n\nplease find our offer for the LED panels attached.\n\nBest regards\nLily Chen",
			[]keepwarm.Address{schmidt}, []keepwarm.Address{bob}},
		{"both", "Dear Bob and Peter,\n\nplease find our offer for the LED panels attached.\n\nBest regards\nLily Chen",
			[]keepwarm.Address{bob, schmidt}, nil},
		{"all", "Dear all,\n\nplease find our offer for the LED panels attached.\n\nBest regards\nLily Chen",
			[]keepwarm.Address{bob}, []keepwarm.Address{schmidt}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, start := bobsBirthdayRig(t)
			if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at)
				SELECT id, ?, ?, ? FROM customers WHERE key = ?`, schmidt.Email, schmidt.Name, start.Unix(), usBuyer.key); err != nil {
				t.Fatal(err)
			}
			r.mailTo("own-1", start.AddDate(0, -1, 0), 1, c.text, c.to, c.cc)
			r.start(nil)
			r.replay(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC), 10*time.Minute)
			got := r.inbox(usBuyer.email)
			if len(got) != 1 {
				t.Fatalf("Bob's INBOX holds %d greetings", len(got))
			}
			if !strings.Contains(got[0].Body, "Dear Bob,") || strings.Contains(got[0].Body, "Schmidt") ||
				strings.Contains(got[0].Body, "Peter") || strings.Contains(got[0].Body, "all") {
				t.Errorf("Bob's greeting opens with a line written to others:\n%s", got[0].Body)
			}
		})
	}
}

// The opening Lily wrote to Bob alone is his greeting's.
func TestGreetingReusesTheOpeningWrittenToTheContact(t *testing.T) {
	r, start := bobsBirthdayRig(t)
	r.mailTo("own-1", start.AddDate(0, -1, 0), 1, "Dear Mr. Smith,\n\nplease find our offer for the LED panels attached.\n\nBest regards\nLily Chen",
		[]keepwarm.Address{{Name: usBuyer.contact, Email: usBuyer.email}}, nil)
	r.start(nil)
	r.replay(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Body, "Dear Mr. Smith,") {
		t.Fatalf("Bob's greeting does not open as Lily wrote to him: %+v", got)
	}
}

// A name written in capitals with a title ("MR BOB SMITH") is greeted by
// the first name, written as a name: "Dear Bob,".
func TestGreetingNamesTheContactNotTheTitle(t *testing.T) {
	start := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	r := newGreetRig(t, mailtest.NewMemServer(t), start)
	bob := usBuyer
	bob.birthday, bob.contact = "1980-11-25", "MR BOB SMITH"
	r.add(bob)
	r.cfg.Occasions = []string{"birthday"}
	r.start(nil)
	r.replay(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Body, "Dear Bob,") {
		t.Fatalf("Bob's greeting: %+v", got)
	}
}

// A letter whose template writes "Dear {{.Contact.FirstName}}," is not
// planned for a contact without a name (the purchasing department's
// address): it would open "Dear ,". The plan says why; so does the last
// check before sending, for a letter queued with such an opening.
func TestALetterOpeningWithAnEmptyNameIsNotSent(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	r.add(customer{key: "domain:globex.de", name: "Globex GmbH", grade: "A", country: "DE", tz: "Europe/Berlin",
		email: "einkauf@globex.de", contact: "Einkauf"})
	r.start(map[string]string{"2026-12.tmpl": "subject: News\n--- text\nDear {{.Contact.FirstName}},\n\nour news.\n\n{{.Owner.Signature}}\n"})
	letter := letterPlan(t, r, "2026-12", r.clock.Now())
	if letter.Status != sequences.PlanSkip || !strings.Contains(letter.Reason, `opens "Dear ,"`) {
		t.Fatalf("plan: %+v", letter)
	}
	r.replay(time.Date(2026, 12, 2, 18, 0, 0, 0, time.UTC), time.Hour)
	if n := r.sentTo("einkauf@globex.de"); n != 0 {
		t.Fatalf("%d letters went to einkauf@", n)
	}
	why, err := r.job.Precheck(r.ctx, keepwarm.OutboxItem{Origin: sequences.OriginLetter, Mode: keepwarm.ModeDraft,
		To: []keepwarm.Address{{Email: "einkauf@globex.de"}}, Text: "Dear  ,\n\nour news."}, r.clock.Now())
	if err != nil || !strings.Contains(why, "it is not sent") {
		t.Fatalf("precheck: %q %v", why, err)
	}
}
