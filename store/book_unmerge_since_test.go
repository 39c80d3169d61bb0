package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// Mail that arrived while Lily's customer was merged into Tom's, from her
// customer's contact, goes back with it when the merge is undone: the
// message (in a conversation of its own or in one the unmerge gives back),
// its reply clock, now Lily's to answer, and the follow-up started on it,
// paused, so Tom's name does not keep writing to Lily's customer.
func TestUnmergeGivesBackTheMailThatCameDuringTheMerge(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	const lily, tom = "lily@team.example", "tom@team.example"
	save(t, db,
		at(mail("old@x", "bob@acme.com", "pumps", t0), "team", "INBOX", 1, t0),
		at(mail("sue@x", "sue@acmeltd.com", "valves", t0), "team", "INBOX", 2, t0))
	drop, keep := customerOf(t, db, "old@x"), customerOf(t, db, "sue@x")
	for id, owner := range map[int64]string{keep: tom, drop: lily} {
		if _, err := db.w.Exec(`UPDATE customers SET owner = ? WHERE id = ?`, owner, id); err != nil {
			t.Fatal(err)
		}
	}
	merged := t0.Add(24 * time.Hour)
	if _, err := db.MergeCustomers(ctx, keep, drop, merged, "boss"); err != nil {
		t.Fatal(err)
	}
	since := merged.Add(24 * time.Hour)
	re := mail("re-old@x", "bob@acme.com", "re: pumps", since)
	re.InReplyTo = []string{"old@x"}
	re.References = []string{"old@x"}
	save(t, db,
		at(mail("new@x", "bob@acme.com", "motors", since), "team", "INBOX", 3, since),
		at(re, "team", "INBOX", 4, since.Add(time.Minute)),
		at(mail("sue2@x", "sue@acmeltd.com", "valves again", since), "team", "INBOX", 5, since))
	for _, k := range []string{"new@x", "re-old@x", "sue2@x"} {
		if got := customerOf(t, db, k); got != keep {
			t.Fatalf("%s during the merge: customer %d, want %d", k, got, keep)
		}
	}
	measure(t, db, since.Add(2*time.Minute))
	r, err := db.w.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at, owner)
		VALUES ((SELECT thread_id FROM messages WHERE key = 'new@x'), ?, 'follow-up', 'active', 0, 0, 0, 0, ?, ?, ?)`, keep, since.Unix(), since.Unix(), tom)
	if err != nil {
		t.Fatal(err)
	}
	enr, _ := r.LastInsertId()

	undone := since.Add(24 * time.Hour)
	res, err := db.UnmergeCustomer(ctx, drop, undone, "boss")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"new@x", "re-old@x"} {
		if got := customerOf(t, db, k); got != drop {
			t.Errorf("%s after the unmerge: customer %d, want %d (Lily's)", k, got, drop)
		}
		if n := count(t, db, `SELECT count(*) FROM threads t JOIN messages m ON m.thread_id = t.id WHERE m.key = ? AND t.customer_id = ?`, k, drop); n != 1 {
			t.Errorf("%s after the unmerge: its conversation is not Lily's customer's", k)
		}
	}
	if got := customerOf(t, db, "sue2@x"); got != keep {
		t.Errorf("Sue's mail after the unmerge: customer %d, want %d (Tom's)", got, keep)
	}
	measure(t, db, undone.Add(time.Minute))
	for _, k := range []string{"new@x", "re-old@x"} {
		c := clockOf(t, db, k)
		if c.CustomerID != drop || c.Owner != lily {
			t.Errorf("clock of %s: customer %d owner %q, want %d and %s", k, c.CustomerID, c.Owner, drop, lily)
		}
	}
	if c := clockOf(t, db, "sue2@x"); c.CustomerID != keep || c.Owner != tom {
		t.Errorf("clock of Sue's mail: customer %d owner %q, want %d and %s", c.CustomerID, c.Owner, keep, tom)
	}
	e, err := db.GetEnrollment(ctx, enr)
	if err != nil || e.CustomerID != drop || e.Status != keepwarm.EnrollPaused || !strings.Contains(e.Reason, "undone") {
		t.Fatalf("the follow-up started during the merge: %+v %v, want Lily's customer's and paused", e, err)
	}
	if !strings.Contains(strings.Join(res.Notes, "; "), "since the merge") {
		t.Errorf("notes %v, want them to say what came since the merge went back", res.Notes)
	}
}

// unmergeBook is Lily's customer (Bob, acme.com) merged into Tom's (Sue,
// acmeltd.com) at merged.
func unmergeBook(t *testing.T, db *DB, merged time.Time) (drop, keep int64) {
	t.Helper()
	save(t, db,
		at(mail("old@x", "bob@acme.com", "pumps", t0), "team", "INBOX", 1, t0),
		at(mail("sue@x", "sue@acmeltd.com", "valves", t0), "team", "INBOX", 2, t0))
	drop, keep = customerOf(t, db, "old@x"), customerOf(t, db, "sue@x")
	for id, owner := range map[int64]string{keep: "tom@team.example", drop: "lily@team.example"} {
		if _, err := db.w.Exec(`UPDATE customers SET owner = ? WHERE id = ?`, owner, id); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.MergeCustomers(context.Background(), keep, drop, merged, "boss"); err != nil {
		t.Fatal(err)
	}
	return drop, keep
}

// lilySends is Lily's mail from her Sent to the addresses given, in the
// conversation of parent if any.
func lilySends(key, parent, subject string, when time.Time, to, cc []string) keepwarm.Message {
	m := mail(key, "lily@team.example", subject, when)
	m.Kind, m.CustomerKey = keepwarm.KindOutbound, "domain:"+book.EmailDomain(to[0])
	m.To, m.Cc, m.Contacts = nil, nil, nil
	for _, a := range to {
		m.To = append(m.To, keepwarm.Address{Email: a})
		m.Contacts = append(m.Contacts, keepwarm.Address{Email: a})
	}
	for _, a := range cc {
		m.Cc = append(m.Cc, keepwarm.Address{Email: a})
		m.Contacts = append(m.Contacts, keepwarm.Address{Email: a})
	}
	if parent != "" {
		m.InReplyTo, m.References = []string{parent}, []string{parent}
	}
	return m
}

// A quotation Lily sent Bob in a new conversation while his customer was
// merged into Tom's, not answered yet, goes back with the conversation and
// the follow-up started on it, paused: outbound mail is its recipients'.
func TestUnmergeGivesBackAQuotationSentDuringTheMerge(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	merged := t0.Add(24 * time.Hour)
	drop, keep := unmergeBook(t, db, merged)
	since := merged.Add(24 * time.Hour)
	save(t, db, at(lilySends("quote@x", "", "quotation motors", since, []string{"bob@acme.com"}, nil), "team", "Sent", 1, since))
	if got := customerOf(t, db, "quote@x"); got != keep {
		t.Fatalf("the quotation during the merge: customer %d, want %d", got, keep)
	}
	r, err := db.w.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at, owner)
		VALUES ((SELECT thread_id FROM messages WHERE key = 'quote@x'), ?, 'follow-up', 'active', 0, 0, 0, 0, ?, ?, ?)`, keep, since.Unix(), since.Unix(), "tom@team.example")
	if err != nil {
		t.Fatal(err)
	}
	enr, _ := r.LastInsertId()
	if _, err := db.UnmergeCustomer(ctx, drop, since.Add(24*time.Hour), "boss"); err != nil {
		t.Fatal(err)
	}
	if got := customerOf(t, db, "quote@x"); got != drop {
		t.Errorf("the quotation after the unmerge: customer %d, want %d (Lily's)", got, drop)
	}
	if n := count(t, db, `SELECT count(*) FROM threads t JOIN messages m ON m.thread_id = t.id WHERE m.key = 'quote@x' AND t.customer_id = ?`, drop); n != 1 {
		t.Errorf("the quotation's conversation is not Lily's customer's after the unmerge")
	}
	e, err := db.GetEnrollment(ctx, enr)
	if err != nil || e.CustomerID != drop || e.Status != keepwarm.EnrollPaused {
		t.Fatalf("the follow-up on the quotation: %+v %v, want Lily's customer's and paused", e, err)
	}
}

// Lily's mail to Bob with Sue in Cc, or to Sue alone, in a conversation the
// unmerge gives back, is the kept customer's too: it stays, and the notes
// count it.
func TestUnmergeLeavesMailToTheKeptCustomersContacts(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	merged := t0.Add(24 * time.Hour)
	drop, keep := unmergeBook(t, db, merged)
	since := merged.Add(24 * time.Hour)
	save(t, db,
		at(lilySends("both@x", "old@x", "re: pumps", since, []string{"bob@acme.com"}, []string{"sue@acmeltd.com"}), "team", "Sent", 1, since),
		at(lilySends("sue-only@x", "old@x", "re: pumps", since, []string{"sue@acmeltd.com"}, nil), "team", "Sent", 2, since))
	res, err := db.UnmergeCustomer(ctx, drop, since.Add(24*time.Hour), "boss")
	if err != nil {
		t.Fatal(err)
	}
	if got := customerOf(t, db, "old@x"); got != drop {
		t.Fatalf("Bob's first mail after the unmerge: customer %d, want %d", got, drop)
	}
	for _, k := range []string{"both@x", "sue-only@x"} {
		if got := customerOf(t, db, k); got != keep {
			t.Errorf("%s after the unmerge: customer %d, want %d (Tom's, Sue is his)", k, got, keep)
		}
	}
	if notes := strings.Join(res.Notes, "; "); !strings.Contains(notes, "contacts of both stay") {
		t.Errorf("notes %q, want them to count the mail with contacts of both", notes)
	}
}

// While Lily's customer (acme.com) is merged into Tom's, a new person at
// acme.com, bob2, answers in her customer's conversation: bob2 became a
// contact of Tom's customer. Undoing the merge gives bob2, the answer and
// its reply clock back to Lily's customer, Lily's to answer.
func TestUnmergeGivesBackAContactWhoFirstWroteDuringTheMerge(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	merged := t0.Add(24 * time.Hour)
	drop, keep := unmergeBook(t, db, merged)
	since := merged.Add(24 * time.Hour)
	re := mail("bob2-re@x", "bob2@acme.com", "re: pumps", since)
	re.InReplyTo = []string{"old@x"}
	re.References = []string{"old@x"}
	save(t, db, at(re, "team", "INBOX", 3, since))
	if got := customerOf(t, db, "bob2-re@x"); got != keep {
		t.Fatalf("bob2's answer during the merge: customer %d, want %d", got, keep)
	}
	measure(t, db, since.Add(time.Minute))
	undone := since.Add(24 * time.Hour)
	if _, err := db.UnmergeCustomer(ctx, drop, undone, "boss"); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM contacts WHERE email = 'bob2@acme.com' AND customer_id = ?`, drop); n != 1 {
		t.Errorf("bob2 after the unmerge is not a contact of Lily's customer")
	}
	if got := customerOf(t, db, "bob2-re@x"); got != drop {
		t.Errorf("bob2's answer after the unmerge: customer %d, want %d (Lily's)", got, drop)
	}
	measure(t, db, undone.Add(time.Minute))
	if c := clockOf(t, db, "bob2-re@x"); c.CustomerID != drop || c.Owner != "lily@team.example" {
		t.Errorf("clock of bob2's answer: customer %d owner %q, want %d and Lily", c.CustomerID, c.Owner, drop)
	}
}
