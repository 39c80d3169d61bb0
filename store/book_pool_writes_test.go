package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// A first run of the pool after a large sync hands out thousands of
// customers. Their owners, claims and pool events are written a set at a
// time, not a statement a customer (each ran the triggers on customers and
// pool_events as a program of its own): the same customers, pool events,
// tasks, dirty threads and clocks as written one customer at a time, the
// triggers' work included (a customer with a clock and an open call task
// already).
func TestAssignPoolWritesInSets(t *testing.T) {
	const lily, tom, ann = "lily@t.com", "tom@t.com", "ann@t.com"
	rules := book.DefaultRules()
	rules.PoolCap, rules.DailyClaims = 4, 3
	opt := AssignOptions{Salespeople: []string{lily, tom, ann}, RoundRobin: true, Rules: rules}
	build := func() *DB {
		db := openTest(t)
		var batch []keepwarm.Incoming
		uid := uint32(0)
		for i := range 24 {
			when := t0.Add(time.Duration(i) * time.Minute)
			uid++
			batch = append(batch, at(mail(fmt.Sprintf("in%d@x", i), fmt.Sprintf("buyer@c%d.com", i), "inquiry", when), "team", "INBOX", uid, when))
			if i%3 == 0 { // a salesperson answered it, or wrote first
				out := mail(fmt.Sprintf("out%d@x", i), opt.Salespeople[i%len(opt.Salespeople)], "our offer", when.Add(time.Duration(i%2*2-1)*time.Hour))
				out.Kind, out.CustomerKey = keepwarm.KindOutbound, fmt.Sprintf("domain:c%d.com", i)
				out.Contacts = []keepwarm.Address{{Email: fmt.Sprintf("buyer@c%d.com", i)}}
				uid++
				batch = append(batch, at(out, "team", "Sent", uid, out.Date))
			}
		}
		save(t, db, batch...)
		// A clock for each inquiry, and an open call task of one customer:
		// the triggers have work to do.
		if _, err := db.MeasureReplies(context.Background(), t0, "s", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.w.Exec(`INSERT INTO tasks (key, customer_id, title, due_at, created_at) VALUES ('t1', ?, 'call', 1, 1)`,
			customerOf(t, db, "in4@x")); err != nil {
			t.Fatal(err)
		}
		return db
	}
	dump := func(db *DB) []string {
		var out []string
		for _, q := range []string{
			`SELECT id || '/' || owner || '/' || coalesce(claimed_at, '-') || '/' || coalesce(pool_deadline, '-') || '/' || coalesce(won_at, '-') FROM customers ORDER BY id`,
			`SELECT id || '/' || customer_id || '/' || event || '/' || salesperson || '/' || note || '/' || at FROM pool_events ORDER BY id`,
			`SELECT customer_id || '/' || owner FROM tasks ORDER BY id`,
			`SELECT thread_id FROM reply_dirty ORDER BY thread_id`,
			`SELECT message_id || '/' || report_owner FROM reply_clocks ORDER BY message_id`,
		} {
			var rows []string
			if err := db.r.Select(&rows, q); err != nil {
				t.Fatal(err)
			}
			out = append(out, rows...)
			out = append(out, "--")
		}
		return out
	}
	now := t0.Add(2 * time.Hour)
	run := func(max int) (*DB, int) {
		defer func(was int) { poolWritesMax = was }(poolWritesMax)
		poolWritesMax = max
		statements := 0
		poolWritten = func(int) { statements++ }
		defer func() { poolWritten = nil }()
		db := build()
		as, err := db.AssignPool(context.Background(), now, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 24 {
			t.Fatalf("%d customers handled, want 24", len(as))
		}
		return db, statements
	}
	one, each := run(1) // a customer's writes at a time
	all, sets := run(5000)
	// Owners, claims and events, once for the writers and once before
	// each salesperson's caps are first counted (they read what the pass
	// wrote).
	if max := 3 * (1 + 2*len(opt.Salespeople)); sets > max {
		t.Errorf("%d statements for 24 customers, want at most %d (%d one customer at a time)", sets, max, each)
	}
	a, b := dump(one), dump(all)
	if !slices.Equal(a, b) {
		t.Fatalf("written in sets:\n%q\none customer at a time:\n%q", b, a)
	}
	// Every way of handing out is in the pass.
	for _, want := range []string{"/pooled/", "/round robin/", "/wrote first/", "/answered first/"} {
		if !slices.ContainsFunc(b, func(s string) bool { return strings.Contains(s, want) }) {
			t.Errorf("no %q in the pass: %q", want, b)
		}
	}
	if n := count(t, all, `SELECT count(*) FROM tasks WHERE owner != ''`); n != 1 {
		t.Errorf("the open task did not follow its customer's new owner")
	}
	if n := count(t, all, `SELECT count(*) FROM reply_dirty`); n == 0 {
		t.Errorf("no thread of a handed-out customer's clocks marked to measure again")
	}
}
