package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// teamOOO is Lily's out-of-office to to, as her Sent folder holds it.
func teamOOO(t *testing.T, id, to string) keepwarm.Message {
	t.Helper()
	header := "From: Lily <lily@team.example>\r\nTo: " + to + "\r\nSubject: Automatic reply: Trade fair news\r\n" +
		"Date: Thu, 01 Oct 2026 09:00:00 +0000\r\nMessage-ID: <" + id + ">\r\nAuto-Submitted: auto-replied\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\n"
	body := "I am on leave until 12 October.\r\n"
	m := aliasTeam.Parse([]byte(header), []byte(body), int64(len(header)+len(body)), keepwarm.RoleSent)
	if m.ParseError != "" || m.Kind != keepwarm.KindAutoReply {
		t.Fatalf("classified %s (%s); the test needs an auto-reply", m.Kind, m.ParseError)
	}
	return m
}

// TestTeamOutOfOfficeMakesNoCustomer: a salesperson's out-of-office to a
// newsletter, spam or a supplier makes no customer for the pool; to a
// known customer it still joins them.
func TestTeamOutOfOfficeMakesNoCustomer(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	_, poolBefore, err := db.PoolCustomers(ctx, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := save(t, db, at(teamOOO(t, "ooo-1@team.example", "news@tradefair-news.example"), "lily", "Sent", 1, t0))
	if r.New != 1 {
		t.Fatalf("saved %+v; want the auto-reply stored", r)
	}
	if n := count(t, db, `SELECT count(*) FROM customers WHERE key = 'domain:tradefair-news.example'`); n != 0 {
		t.Errorf("customers made by Lily's out-of-office = %d, want 0", n)
	}
	if n := count(t, db, `SELECT count(*) FROM contacts WHERE email = 'news@tradefair-news.example'`); n != 0 {
		t.Errorf("contacts made by Lily's out-of-office = %d, want 0", n)
	}
	if _, pool, err := db.PoolCustomers(ctx, 10, 0); err != nil || pool != poolBefore {
		t.Errorf("pool = %d (%v), want %d", pool, err, poolBefore)
	}
	// The absence still reads it.
	seen, err := db.AutoReplies(ctx, t0.Add(-time.Hour), t0.Add(time.Hour), nil)
	if err != nil || len(seen) != 1 || seen[0].From != "lily@team.example" {
		t.Fatalf("AutoReplies = %+v, %v; want Lily's", seen, err)
	}

	// A buyer who wrote before: the out-of-office joins their customer.
	in := msg("inq-1@acme.com")
	save(t, db, at(in, "lily", "INBOX", 1, t0.Add(-time.Hour)))
	save(t, db, at(teamOOO(t, "ooo-2@team.example", "Bob <bob@acme.com>"), "lily", "Sent", 2, t0.Add(time.Minute)))
	if n := count(t, db, `SELECT count(*) FROM messages m JOIN customers c ON c.id = m.customer_id
		WHERE m.message_id = 'ooo-2@team.example' AND c.key = 'domain:acme.com'`); n != 1 {
		t.Errorf("the out-of-office to a known buyer has no customer")
	}
	if n := count(t, db, `SELECT count(*) FROM customers`); n != 1 {
		t.Errorf("customers = %d, want 1 (acme.com)", n)
	}
}
