package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// Mail of three customers: Ana at Alpha, Bob at Beta, Carl at Gamma.
func alphaMail(key string, when time.Time) keepwarm.Message {
	m := reply(key, when)
	m.From = keepwarm.Address{Email: "ana@alpha.example"}
	return withCustomer(m, "domain:alpha.example", "ana@alpha.example")
}

// teamTo is the team's mail to the given addresses, of the customer of the
// first.
func teamTo(key string, when time.Time, customer string, to ...string) keepwarm.Message {
	m := reply(key, when)
	m.Kind = keepwarm.KindOutbound
	m.From = keepwarm.Address{Email: "tom@team.example"}
	m.To, m.Contacts = nil, nil
	for _, a := range to {
		m.To = append(m.To, keepwarm.Address{Email: a})
		if strings.HasSuffix(a, "@"+strings.TrimPrefix(customer, "domain:")) {
			m.Contacts = append(m.Contacts, keepwarm.Address{Email: a})
		}
	}
	m.CustomerKey = customer
	return m
}

func threadCustomerOf(t *testing.T, db *DB, key string) string {
	t.Helper()
	var c string
	if err := db.r.Get(&c, `SELECT coalesce(c.key, '') FROM messages m JOIN threads t ON t.id = m.thread_id
		LEFT JOIN customers c ON c.id = t.customer_id WHERE m.key = ?`, key); err != nil {
		t.Fatal(err)
	}
	return c
}

// A salesperson forwards Alpha's catalogue mail to a prospect at Beta
// (References and Outlook's Thread-Index lead to Alpha's thread); Beta
// answers the forward. In either order of arrival, Beta's mail is Beta's
// thread and Alpha's thread holds Alpha's mail alone.
func TestThreadingForwardToAnotherCustomer(t *testing.T) {
	for _, order := range []string{"sent first", "answer first"} {
		t.Run(order, func(t *testing.T) {
			db := openTest(t)
			a1 := withTI(alphaMail("a1", t0), "conv-T")
			f1 := withTI(teamTo("f1", t0.Add(day), "domain:beta.example", "bob@beta.example"), "conv-T")
			f1.Subject, f1.SubjectKey, f1.References = "FW: Catalogue", "catalogue", []string{"a1"}
			b1 := reply("b1", t0.Add(2*day), "a1", "f1")
			b1.From = keepwarm.Address{Email: "bob@beta.example"}
			b1 = withTI(withCustomer(b1, "domain:beta.example", "bob@beta.example"), "conv-T")
			save(t, db, at(a1, "team", "INBOX", 1, t0))
			if order == "sent first" {
				save(t, db, at(f1, "tom", "Sent", 1, f1.Date))
				save(t, db, at(b1, "team", "INBOX", 2, b1.Date))
			} else {
				save(t, db, at(b1, "team", "INBOX", 2, b1.Date))
				save(t, db, at(f1, "tom", "Sent", 1, f1.Date))
			}
			got := threadGroups(t, db)
			if len(got) != 2 || got[0] != "a1" || got[1] != "b1 f1" {
				t.Fatalf("threads %q; want [a1] [b1 f1]", got)
			}
			if c := threadCustomerOf(t, db, "f1"); c != "domain:beta.example" {
				t.Fatalf("the forward's thread is %q's", c)
			}
			if c := threadCustomerOf(t, db, "a1"); c != "domain:alpha.example" {
				t.Fatalf("Alpha's thread is %q's", c)
			}
			// Alpha's own next mail still finds Alpha's thread.
			a2 := alphaMail("a2", t0.Add(3*day))
			a2.References, a2.InReplyTo = []string{"a1"}, []string{"a1"}
			save(t, db, at(a2, "team", "INBOX", 3, a2.Date))
			if got := threadGroups(t, db); len(got) != 2 || got[0] != "a1 a2" {
				t.Fatalf("threads %q; want [a1 a2] [b1 f1]", got)
			}
		})
	}
}

// "Reply" on an old mail of Alpha to write to Gamma starts Gamma's thread;
// a reply-all that keeps Alpha's buyer in Cc stays in Alpha's thread.
func TestThreadingReplyToOldMailOfAnotherCustomer(t *testing.T) {
	db := openTest(t)
	save(t, db, at(alphaMail("a1", t0), "team", "INBOX", 1, t0))
	g1 := teamTo("g1", t0.Add(day), "domain:gamma.example", "carl@gamma.example")
	g1.References, g1.InReplyTo = []string{"a1"}, []string{"a1"}
	all := teamTo("r1", t0.Add(day), "domain:fwd.example", "agent@fwd.example")
	all.Cc = []keepwarm.Address{{Email: "ana@alpha.example"}}
	all.References, all.InReplyTo = []string{"a1"}, []string{"a1"}
	save(t, db, at(g1, "tom", "Sent", 1, g1.Date), at(all, "tom", "Sent", 2, all.Date))
	got := threadGroups(t, db)
	if len(got) != 2 || got[0] != "a1 r1" || got[1] != "g1" {
		t.Fatalf("threads %q; want [a1 r1] [g1]", got)
	}
	if c := threadCustomerOf(t, db, "g1"); c != "domain:gamma.example" {
		t.Fatalf("the new mail's thread is %q's", c)
	}
}

// Two customers' mailers that write the same Message-ID: two messages, in
// two threads, and a reply to the second lands with the second.
func TestThreadingReusedMessageIDOfAnotherCustomer(t *testing.T) {
	db := openTest(t)
	ana := alphaMail("1@localhost", t0)
	carl := reply("1@localhost", t0.Add(5*day))
	carl.From = keepwarm.Address{Email: "carl@gamma.example"}
	carl.Subject, carl.SubjectKey = "Inquiry valves", "inquiry valves"
	carl = withCustomer(carl, "domain:gamma.example", "carl@gamma.example")
	save(t, db, at(ana, "team", "INBOX", 1, t0))
	save(t, db, at(carl, "team", "INBOX", 2, carl.Date))
	if n := count(t, db, `SELECT count(*) FROM messages`); n != 2 {
		t.Fatalf("messages = %d; want 2", n)
	}
	if n := count(t, db, `SELECT count(DISTINCT thread_id) FROM messages`); n != 2 {
		t.Fatalf("threads = %d; want 2", n)
	}
	if c := threadCustomerOf(t, db, "1@localhost"); c != "domain:alpha.example" {
		t.Fatalf("Ana's thread is %q's", c)
	}
	var dupThread string
	if err := db.r.Get(&dupThread, `SELECT coalesce(c.key, '') FROM messages m JOIN threads t ON t.id = m.thread_id
		LEFT JOIN customers c ON c.id = t.customer_id WHERE m.key LIKE 'dup:%'`); err != nil {
		t.Fatal(err)
	}
	if dupThread != "domain:gamma.example" {
		t.Fatalf("Carl's mail is in %q's thread", dupThread)
	}
	// The key of the id stays with the first message's thread.
	var keyThread, anaThread int64
	ctx := context.Background()
	if err := db.r.GetContext(ctx, &keyThread, `SELECT thread_id FROM thread_keys WHERE key = 'mid:1@localhost'`); err != nil {
		t.Fatal(err)
	}
	if err := db.r.GetContext(ctx, &anaThread, `SELECT thread_id FROM messages WHERE key = '1@localhost'`); err != nil {
		t.Fatal(err)
	}
	if keyThread != anaThread {
		t.Fatalf("mid:1@localhost leads to thread %d; want Ana's %d", keyThread, anaThread)
	}
}

// A buyer who answers the team's mail from a private address stays in the
// thread (the answer stops the follow-up there); the same address answering
// another customer's own mail does not join it.
func TestThreadingAnswerFromAnotherAddress(t *testing.T) {
	db := openTest(t)
	q1 := teamTo("q1", t0, "domain:alpha.example", "ana@alpha.example")
	save(t, db, at(q1, "tom", "Sent", 1, t0))
	save(t, db, at(alphaMail("a1", t0.Add(time.Hour)), "team", "INBOX", 1, t0.Add(time.Hour)))
	private := func(key string, when time.Time, to string) keepwarm.Message {
		m := reply(key, when, to)
		m.From = keepwarm.Address{Email: "ana.home@gmail.com"}
		return withCustomer(m, "addr:ana.home@gmail.com", "ana.home@gmail.com")
	}
	save(t, db, at(private("p1", t0.Add(day), "q1"), "team", "INBOX", 2, t0.Add(day)),
		at(private("p2", t0.Add(day), "a1"), "team", "INBOX", 3, t0.Add(day)))
	got := threadGroups(t, db)
	if len(got) != 3 || got[0] != "a1" || got[1] != "p1 q1" || got[2] != "p2" {
		t.Fatalf("threads %q; want [a1] [p1 q1] [p2]", got)
	}
}
