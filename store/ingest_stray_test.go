package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Spam forged with a salesperson's address brings back non-delivery
// reports and strangers' out-of-office answers to mail the team never
// sent: they make no customer, no contact and nothing in the pool. A bounce
// for an address the team wrote to still flags it, and an out-of-office
// from a customer's known contact still joins the customer.
func TestStrayBounceAndAutoReplyMakeNoCustomer(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	quote := msg("q1@team.example")
	quote.Kind, quote.From = keepwarm.KindOutbound, keepwarm.Address{Email: "lily@team.example"}
	quote.To = []keepwarm.Address{{Email: "bob@acme.com"}}
	save(t, db, at(quote, "lily", "Sent", 1, t0))
	customers := count(t, db, `SELECT count(*) FROM customers`)

	bounce := func(key, rcpt, customer string) keepwarm.Message {
		m := msg(key)
		m.Kind, m.From = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx.victim.example"}
		// as Classify leaves it: the failed recipient is its contact; the
		// returned message's Message-ID is its In-Reply-To
		m.CustomerKey, m.Contacts, m.BouncedRecipient = customer, []keepwarm.Address{{Email: rcpt}}, rcpt
		m.InReplyTo = []string{"spam-" + key + "@team.example"}
		return m
	}
	ooo := msg("ooo1@stranger.example")
	ooo.Kind, ooo.From = keepwarm.KindAutoReply, keepwarm.Address{Email: "anna@stranger.example"}
	ooo.CustomerKey, ooo.Contacts = "domain:stranger.example", []keepwarm.Address{{Email: "anna@stranger.example"}}
	ooo.InReplyTo = []string{"spam-2@team.example"}
	bobAway := msg("ooo2@acme.com")
	bobAway.Kind = keepwarm.KindAutoReply // from bob@acme.com, whom the team wrote to
	save(t, db,
		at(bounce("dsn1@mx", "x@victim.example", "domain:victim.example"), "lily", "INBOX", 1, t0.Add(time.Hour)),
		at(bounce("dsn2@mx", "zed@gmail.com", "addr:zed@gmail.com"), "lily", "INBOX", 2, t0.Add(time.Hour)),
		at(ooo, "lily", "INBOX", 3, t0.Add(time.Hour)),
		at(bounce("dsn3@mx", "bob@acme.com", "domain:acme.com"), "lily", "INBOX", 5, t0.Add(2*time.Hour)),
		at(bobAway, "lily", "INBOX", 6, t0.Add(3*time.Hour)),
	)
	if n := count(t, db, `SELECT count(*) FROM customers`); n != customers {
		t.Errorf("%d customers; want the %d there were: a stray bounce or automatic answer made one", n, customers)
	}
	for _, email := range []string{"x@victim.example", "zed@gmail.com", "anna@stranger.example"} {
		if n := count(t, db, `SELECT count(*) FROM contacts WHERE email = ?`, email); n != 0 {
			t.Errorf("%s is a contact", email)
		}
	}
	if hits, n, err := db.PoolCustomers(ctx, 50, 0); err != nil || n != 1 || len(hits) != 1 || hits[0].Key != "domain:acme.com" {
		t.Errorf("pool: %+v, %d (%v); want Acme alone, whom the team wrote to", hits, n, err)
	}
	if n := count(t, db, `SELECT count(*) FROM messages`); n != 6 {
		t.Errorf("%d messages stored; want all 6 kept", n)
	}
	if at := count(t, db, `SELECT coalesce(bounced_at, 0) FROM contacts WHERE email = 'bob@acme.com'`); int64(at) != t0.Add(2*time.Hour).Unix() {
		t.Errorf("bob@acme.com, whom the team wrote to, bounced_at %d; want flagged", at)
	}
	acme := count(t, db, `SELECT id FROM customers WHERE key = 'domain:acme.com'`)
	if got := count(t, db, `SELECT coalesce(customer_id, 0) FROM messages WHERE message_id = 'ooo2@acme.com'`); got != acme || acme == 0 {
		t.Errorf("Bob's out-of-office is of customer %d; want Acme's %d", got, acme)
	}
}

// A customer mail made and that holds no mail but bounces and automatic
// answers (made so before such mail stopped making customers, or of an
// unknown Cc in a thread the team knows) is no customer anyone may claim:
// the pool leaves it out. A customer from the book without mail, and one
// who wrote, stay in it.
func TestPoolLeavesOutCustomersOfBouncesAlone(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	bounce := msg("dsn1@mx")
	bounce.Kind, bounce.From = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx.team.example"}
	bounce.CustomerKey, bounce.Contacts, bounce.BouncedRecipient = "addr:zed@gmail.com", []keepwarm.Address{{Email: "zed@gmail.com"}}, "zed@gmail.com"
	bounce.InReplyTo = []string{"a1@acme.com"}
	save(t, db, at(msg("a1@acme.com"), "team", "INBOX", 1, t0), at(bounce, "team", "INBOX", 2, t0.Add(time.Hour)))
	if n := count(t, db, `SELECT count(*) FROM customers WHERE key = 'addr:zed@gmail.com' AND source = 'mail'`); n != 1 {
		t.Fatalf("the test needs a customer of a bounce alone; %d", n)
	}
	if _, err := db.w.Exec(`INSERT INTO customers (key, name, domain, created_at, source) VALUES ('domain:imported.example', 'Imported', 'imported.example', 0, 'import')`); err != nil {
		t.Fatal(err)
	}
	hits, n, err := db.PoolCustomers(ctx, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, h := range hits {
		keys = append(keys, h.Key)
	}
	if n != 2 || len(keys) != 2 || keys[0] != "domain:acme.com" || keys[1] != "domain:imported.example" {
		t.Errorf("pool %q, count %d; want Acme, who wrote, and the imported customer", keys, n)
	}
	// Nor does the pool's run read it again at every run.
	var ids []int64
	if err := db.r.Select(&ids, `SELECT id FROM (`+strings.TrimSuffix(strings.TrimSpace(q("book-new-mail-customers")), ";")+`)`); err != nil {
		t.Fatal(err)
	}
	acme := int64(count(t, db, `SELECT id FROM customers WHERE key = 'domain:acme.com'`))
	if len(ids) != 1 || ids[0] != acme {
		t.Errorf("the pool's run reads customers %v; want Acme's %d alone", ids, acme)
	}
}

// Spam sent to many addresses brings back several non-delivery reports of
// the one forged mail: the second finds the first's thread by the mail's
// name, but that mail is stored nowhere, and it makes no customer either.
func TestSecondStrayBounceOfOneMailMakesNoCustomer(t *testing.T) {
	db := openTest(t)
	dsn := func(key, rcpt string, uid uint32) keepwarm.Incoming {
		m := msg(key)
		m.Kind, m.From = keepwarm.KindBounce, keepwarm.Address{Email: "mailer-daemon@mx.victim.example"}
		m.CustomerKey, m.Contacts, m.BouncedRecipient = "domain:victim.example", []keepwarm.Address{{Email: rcpt}}, rcpt
		m.InReplyTo = []string{"spam-1@team.example"}
		return at(m, "lily", "INBOX", uid, t0.Add(time.Hour))
	}
	save(t, db, dsn("dsn1@mx", "x@victim.example", 1))
	save(t, db, dsn("dsn2@mx", "y@victim.example", 2), dsn("dsn3@mx", "z@victim.example", 3))
	if n := count(t, db, `SELECT count(*) FROM customers`); n != 0 {
		t.Errorf("%d customers; want none: the reports return mail nobody stored", n)
	}
	if n := count(t, db, `SELECT count(*) FROM contacts`); n != 0 {
		t.Errorf("%d contacts; want none", n)
	}
}
