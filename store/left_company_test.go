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

// The address's own mail proves someone is there: a "left the company"
// note older than its latest mail flags nothing (the first sync of years
// of mail finds an old one), and its later mail clears the flag.
func TestLeftCompanyOlderThanTheirMail(t *testing.T) {
	ctx := context.Background()
	left := func(key string) keepwarm.Message {
		m := msg(key)
		m.Kind = keepwarm.KindLeftCompany
		return m
	}
	blocked := func(db *DB) map[string]string {
		t.Helper()
		b, err := db.BlockedAddresses(ctx, []string{"bob@acme.com"})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	old, later := t0.AddDate(-3, 0, 0), t0
	// The note first, then his mail a day later.
	db := openTest(t)
	save(t, db, at(left("left-1@acme.com"), "team", "INBOX", 1, later))
	if b := blocked(db); b["bob@acme.com"] != "left the company" {
		t.Fatalf("the note did not flag: %v", b)
	}
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 2, later.AddDate(0, 0, 1)))
	if b := blocked(db); len(b) != 0 {
		t.Errorf("his later mail left him blocked: %v", b)
	}
	// His mail first (another folder, another batch), then the old note.
	db = openTest(t)
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 1, later))
	save(t, db, at(left("left-1@acme.com"), "team", "Archive", 1, old))
	if b := blocked(db); len(b) != 0 {
		t.Errorf("a note older than his mail blocked him: %v", b)
	}
	// In one batch, either order.
	for _, order := range [][2]int{{0, 1}, {1, 0}} {
		db = openTest(t)
		in := [2]keepwarm.Incoming{at(msg("a1@acme.com"), "team", "INBOX", 1, later), at(left("left-1@acme.com"), "team", "INBOX", 2, old)}
		save(t, db, in[order[0]], in[order[1]])
		if b := blocked(db); len(b) != 0 {
			t.Errorf("one batch %v: a note older than his mail blocked him: %v", order, b)
		}
	}
	// A note after his mail flags.
	save(t, db, at(left("left-2@acme.com"), "team", "INBOX", 3, later.Add(time.Hour)))
	if b := blocked(db); b["bob@acme.com"] != "left the company" {
		t.Errorf("a note after his mail: %v", b)
	}
}

// A person takes back "left the company": the address may be written to
// again, and the audit log says who did it.
func TestClearLeftCompany(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	left := msg("left-1@acme.com")
	left.Kind = keepwarm.KindLeftCompany
	save(t, db, at(left, "team", "INBOX", 1, t0))
	if _, err := db.ClearLeftCompany(ctx, "nobody@acme.com", t0, "boss@team.example"); keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		t.Fatalf("an unknown address: %v", err)
	}
	cleared, err := db.ClearLeftCompany(ctx, " Bob@acme.com ", t0.Add(time.Hour), "boss@team.example")
	if err != nil {
		t.Fatal(err)
	}
	customer := cleared.Customer
	if b, err := db.BlockedAddresses(ctx, []string{"bob@acme.com"}); err != nil || len(b) != 0 {
		t.Fatalf("still blocked: %v %v", b, err)
	}
	var actor, action, subject, before string
	if err := db.r.QueryRow(`SELECT actor, action, subject, before FROM web_audit WHERE customer_id = ?`, customer).Scan(&actor, &action, &subject, &before); err != nil {
		t.Fatal(err)
	}
	if actor != "boss@team.example" || action != ActionContactNotLeft || subject != "bob@acme.com" || before != "left the company (noted "+t0.UTC().Format("2006-01-02")+")" {
		t.Errorf("audit line: %s %s %s %q", actor, action, subject, before)
	}
	if _, err := db.ClearLeftCompany(ctx, "bob@acme.com", t0, "boss@team.example"); keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("a contact not flagged: %v", err)
	}
}

// "Has not left" holds against the same note again: a part-time or role
// autoresponder answers each follow-up step with the note a person has
// already taken back, and that must not flag the address again. A later
// note naming another address instead is news and flags; so does none
// older than the decision.
func TestNotLeftHoldsAgainstTheSameNote(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	left := func(key, successor, folder string, uid uint32, when time.Time) keepwarm.Incoming {
		m := msg(key)
		m.Kind, m.NewContact, m.Date = keepwarm.KindLeftCompany, successor, when
		return at(m, "team", folder, uid, when)
	}
	blocked := func() map[string]string {
		t.Helper()
		b, err := db.BlockedAddresses(ctx, []string{"bob@acme.com"})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	save(t, db, left("left-1@acme.com", "anna@acme.com", "INBOX", 1, t0))
	if _, err := db.ClearLeftCompany(ctx, "bob@acme.com", t0.Add(time.Hour), "boss@team.example"); err != nil {
		t.Fatal(err)
	}
	// The autoresponder answers the next step with the same note.
	save(t, db, left("left-2@acme.com", "anna@acme.com", "INBOX", 2, t0.AddDate(0, 0, 3)))
	if b := blocked(); len(b) != 0 {
		t.Fatalf("the same note flagged him again after \"has not left\": %v", b)
	}
	// One naming nobody says no more than the one taken back.
	save(t, db, left("left-3@acme.com", "", "INBOX", 3, t0.AddDate(0, 0, 4)))
	if b := blocked(); len(b) != 0 {
		t.Fatalf("a note naming nobody flagged him again: %v", b)
	}
	// An old note the sync finds later, from before the decision, neither.
	save(t, db, left("left-0@acme.com", "carl@acme.com", "Archive", 1, t0.Add(-time.Hour)))
	if b := blocked(); len(b) != 0 {
		t.Fatalf("a note older than the decision flagged him again: %v", b)
	}
	// A note naming someone else: he may have left since.
	save(t, db, left("left-4@acme.com", "carl@acme.com", "INBOX", 4, t0.AddDate(0, 1, 0)))
	if b := blocked(); b["bob@acme.com"] != "left the company" {
		t.Fatalf("a note naming another successor did not flag: %v", b)
	}
	if got, _ := db.BouncedContacts(ctx, "", t0); len(got) != 1 || got[0].Successor != "carl@acme.com" {
		t.Errorf("digest list = %+v", got)
	}
}

// A follow-up the flag ended (nobody left to write to) does not start again
// by itself when a person takes the flag back: ClearLeftCompany names it,
// and only it, for the salesperson to enrol the thread again.
func TestNotLeftNamesTheFollowUpsTheFlagEnded(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	left := msg("left-1@acme.com")
	left.Kind = keepwarm.KindLeftCompany
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 1, t0.Add(-48*time.Hour)), at(left, "team", "INBOX", 2, t0))
	var thread, customer int64
	if err := db.r.QueryRow(`SELECT thread_id, customer_id FROM messages WHERE key = 'a1@acme.com'`).Scan(&thread, &customer); err != nil {
		t.Fatal(err)
	}
	enrol := func(status keepwarm.EnrollmentStatus, to, reason string, at time.Time) int64 {
		t.Helper()
		e, err := db.Enroll(ctx, keepwarm.Enrollment{ThreadID: thread, CustomerID: customer, Sequence: "default", Status: status,
			AnchorAt: at, ClockAt: at, DueAt: at, To: []keepwarm.Address{{Email: to}}, Reason: reason, CreatedAt: at, UpdatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		return e.ID
	}
	ended := enrol(keepwarm.EnrollBounced, "bob@acme.com", "no recipient may be written to: left the company", t0.Add(time.Hour))
	enrol(keepwarm.EnrollBounced, "bob@acme.com", "no recipient may be written to: bounced", t0.Add(time.Hour))
	enrol(keepwarm.EnrollBounced, "carl@acme.com", "no recipient may be written to: left the company", t0.Add(time.Hour))
	enrol(keepwarm.EnrollBounced, "bob@acme.com", "no recipient may be written to: left the company", t0.Add(-time.Hour))
	got, err := db.ClearLeftCompany(ctx, "bob@acme.com", t0.Add(24*time.Hour), "boss@team.example")
	if err != nil {
		t.Fatal(err)
	}
	if got.Customer != customer || len(got.Ended) != 1 || got.Ended[0].ID != ended || got.Ended[0].ThreadID != thread {
		t.Errorf("ClearLeftCompany = %+v, want the follow-up #%d of thread %d", got, ended, thread)
	}
}
