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

var freeMail = func(d string) bool { return d == "gmail.com" || d == "163.com" }

// mail is an inbound message from addr with the customer key the parser
// would give it.
func mail(key, from, subject string, when time.Time) keepwarm.Message {
	m := msg(key)
	m.From = keepwarm.Address{Email: from}
	m.Contacts = []keepwarm.Address{{Email: from}}
	m.Subject, m.SubjectKey, m.Date = subject, strings.ToLower(subject), when
	d := book.EmailDomain(from)
	m.CustomerKey = "domain:" + d
	if freeMail(d) {
		m.CustomerKey = "addr:" + from
	}
	return m
}

func importRows(t *testing.T, db *DB, now time.Time, rows [][]string, opt ImportOptions) ImportReport {
	t.Helper()
	s, err := book.Parse(rows, book.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	opt.FreeMail = freeMail
	rep, err := db.ImportBook(context.Background(), now, s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func actions(rep ImportReport) string {
	var b []string
	for _, r := range rep.Rows {
		b = append(b, fmt.Sprintf("%02d:%s", r.Row, r.Action))
	}
	return strings.Join(b, " ")
}

func customerOf(t *testing.T, db *DB, messageKey string) int64 {
	t.Helper()
	var id int64
	if err := db.r.Get(&id, `SELECT customer_id FROM messages WHERE key = ?`, messageKey); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestImportMeetsMailBothWays(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db,
		at(mail("m1@x", "bob@acme.com", "pumps", t0), "team", "INBOX", 1, t0),
		at(mail("m2@x", "ana@gmail.com", "valves", t0), "team", "INBOX", 2, t0))
	acme, ana := customerOf(t, db, "m1@x"), customerOf(t, db, "m2@x")

	rows := [][]string{
		{"Company", "Contact", "Email", "Phone", "Country", "Grade"},
		{"Acme Corp", "Bob Stone", "BOB@acme.com", "+1 555 010 2000", "USA", "B"},
		{"Ana Trading", "Ana Ruiz", "ana@gmail.com", "", "Spain", ""},
		{"Globex", "Hans Meier", "hans@globex.de; hans.private@gmail.com", "030 1234567", "Germany", "A"},
	}
	rep := importRows(t, db, t0.Add(time.Hour), rows, ImportOptions{Owner: "lily@team.example"})
	if got := actions(rep); got != "02:updated 03:updated 04:created" {
		t.Fatalf("import: %s\n%+v", got, rep.Rows)
	}
	if rep.Rows[0].CustomerID != acme || rep.Rows[1].CustomerID != ana {
		t.Fatalf("import did not update the customers mail created: %+v", rep.Rows)
	}
	c, err := db.Customer(ctx, acme)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Acme Corp" || c.Grade != "B" || c.Country != "US" || c.TimeZone != "" /* of several zones: its mail picks */ || c.Owner != "lily@team.example" ||
		len(c.Phones) != 1 || c.Phones[0].Number != "+15550102000" || c.Contacts[0].Salutation != "Dear Bob" {
		t.Fatalf("acme after import: %+v", c)
	}
	globex := rep.Rows[2].CustomerID

	// Mail from the imported addresses, and from a new colleague at the
	// imported company's domain, lands on the imported customer.
	save(t, db,
		at(mail("m3@x", "hans.private@gmail.com", "re: offer", t0.Add(2*time.Hour)), "team", "INBOX", 3, t0.Add(2*time.Hour)),
		at(mail("m4@x", "otto@globex.de", "samples", t0.Add(3*time.Hour)), "team", "INBOX", 4, t0.Add(3*time.Hour)))
	if customerOf(t, db, "m3@x") != globex || customerOf(t, db, "m4@x") != globex {
		t.Fatalf("mail from imported contacts went to customers %d and %d, not %d", customerOf(t, db, "m3@x"), customerOf(t, db, "m4@x"), globex)
	}
	entries, err := db.Book(ctx)
	if err != nil || len(entries) != 3 {
		t.Fatalf("book: %d entries, %v", len(entries), err)
	}

	// The same file again changes nothing.
	rep = importRows(t, db, t0.Add(4*time.Hour), rows, ImportOptions{Owner: "lily@team.example"})
	if got := actions(rep); got != "02:skipped 03:skipped 04:skipped" {
		t.Fatalf("second import: %s\n%+v", got, rep.Rows)
	}

	// A row of their owner tying two stored customers together joins them
	// (a --pool row naming no owner would be a conflict: they are Lily's).
	rep = importRows(t, db, t0.Add(5*time.Hour), [][]string{
		{"Company", "Email"}, {"Acme Corp", "bob@acme.com, ana@gmail.com"},
	}, ImportOptions{Owner: "lily@team.example"})
	if rep.Rows[0].Action != ImportMerged || rep.Rows[0].CustomerID != acme || !strings.Contains(rep.Rows[0].Reason, "joined customers") {
		t.Fatalf("joining row: %+v", rep.Rows)
	}
	if customerOf(t, db, "m2@x") != acme {
		t.Fatal("the joined customer's mail did not move")
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	db := openTest(t)
	rep := importRows(t, db, t0, [][]string{{"Company", "Email"}, {"Acme", "bob@acme.com"}}, ImportOptions{DryRun: true, Pool: true})
	if rep.Counts[ImportCreated] != 1 || count(t, db, `SELECT count(*) FROM customers`) != 0 {
		t.Fatalf("dry run: %+v", rep)
	}
}

func ensureEnrollments(t *testing.T, db *DB) {
	t.Helper()
	// 0005 (sequences) may not be in this tree yet: a stand-in with the
	// columns this test fills.
	_, err := db.w.Exec(`CREATE TABLE IF NOT EXISTS enrollments (id INTEGER PRIMARY KEY, thread_id INTEGER NOT NULL,
		customer_id INTEGER NOT NULL, sequence TEXT NOT NULL, status TEXT NOT NULL, anchor_id INTEGER NOT NULL,
		anchor_at INTEGER NOT NULL, clock_at INTEGER NOT NULL, due_at INTEGER NOT NULL, created_at INTEGER NOT NULL,
		updated_at INTEGER NOT NULL)`)
	if err != nil {
		t.Fatal(err)
	}
}

func TestMergeMovesThreadsEnrollmentsAndHistory(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	ensureEnrollments(t, db)
	save(t, db,
		at(mail("a1@x", "hans@globex.de", "LED panels", t0), "team", "INBOX", 1, t0),
		at(mail("b1@x", "hans.meier@gmail.com", "LED panels samples", t0.Add(time.Hour)), "team", "INBOX", 2, t0.Add(time.Hour)))
	keep, drop := customerOf(t, db, "a1@x"), customerOf(t, db, "b1@x")
	var dropThread int64
	db.r.Get(&dropThread, `SELECT thread_id FROM messages WHERE key = 'b1@x'`)
	if _, err := db.w.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at)
		VALUES (?, ?, 'follow-up', 'active', 0, 0, 0, 0, 0, 0)`, dropThread, drop); err != nil {
		t.Fatal(err)
	}
	if err := db.Review(ctx, drop, t0.Add(2*time.Hour), "lily@team.example", "C", "samples sent"); err != nil {
		t.Fatal(err)
	}

	res, err := db.MergeCustomers(ctx, keep, drop, t0.Add(3*time.Hour), "boss@team.example")
	if err != nil {
		t.Fatal(err)
	}
	if res.Moved["threads"] != 1 || res.Moved["messages"] != 1 || res.Moved["enrollments"] != 1 || res.Moved["contacts"] != 1 || res.Moved["reviews"] != 1 {
		t.Fatalf("moved: %+v", res)
	}
	hist, err := db.History(ctx, keep, 10)
	if err != nil || len(hist) != 2 || hist[0].Subject != "LED panels samples" || hist[1].Subject != "LED panels" {
		t.Fatalf("history of the merged customer: %+v %v", hist, err)
	}
	threads, _ := db.ListThreads(ctx, ThreadFilter{Customer: "globex.de"})
	if len(threads) != 2 {
		t.Fatalf("threads of the merged customer: %+v", threads)
	}
	c, _ := db.Customer(ctx, keep)
	if c.Grade != "C" || len(c.Contacts) != 2 {
		t.Fatalf("kept customer: %+v", c)
	}
	log, _ := db.Log(ctx, keep)
	if len(log.Merges) != 1 || log.Merges[0].DroppedKey != "addr:hans.meier@gmail.com" || len(log.Reviews) != 1 {
		t.Fatalf("log: %+v", log)
	}
	// Later mail under the dropped customer's key lands on the survivor;
	// the dropped one is gone from the book but still found by its key.
	save(t, db, at(mail("b2@x", "hans.meier@gmail.com", "order", t0.Add(4*time.Hour)), "team", "INBOX", 3, t0.Add(4*time.Hour)))
	if customerOf(t, db, "b2@x") != keep {
		t.Fatal("mail after the merge went to the dropped customer")
	}
	if id, err := db.FindCustomer(ctx, "addr:hans.meier@gmail.com", ""); err != nil || id != keep {
		t.Fatalf("find dropped key: %d %v", id, err)
	}
	entries, _ := db.Book(ctx)
	if len(entries) != 1 {
		t.Fatalf("book after merge: %d entries", len(entries))
	}
	if _, err := db.MergeCustomers(ctx, keep, drop, t0, ""); keepwarm.ErrorCode(err) != keepwarm.EINVALID {
		t.Fatalf("merging again: %v", err)
	}
}

func TestPoolClaimDeadlineAndCap(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rules := book.DefaultRules()
	rules.PoolCap = 2
	save(t, db,
		at(mail("p1@x", "a@one.com", "inquiry", t0), "team", "INBOX", 1, t0),
		at(mail("p2@x", "b@two.com", "inquiry", t0), "team", "INBOX", 2, t0),
		at(mail("p3@x", "c@three.com", "inquiry", t0), "team", "INBOX", 3, t0))
	one, two, three := customerOf(t, db, "p1@x"), customerOf(t, db, "p2@x"), customerOf(t, db, "p3@x")
	as, err := db.AssignPool(ctx, t0, AssignOptions{Salespeople: []string{"lily@t.com"}, Rules: rules})
	if err != nil || len(as) != 3 || as[0].Event != "pooled" {
		t.Fatalf("assign: %+v %v", as, err)
	}
	lily := "lily@t.com"
	for _, id := range []int64{one, two} {
		if err := db.ClaimCustomer(ctx, id, lily, t0, rules); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.ClaimCustomer(ctx, three, lily, t0, rules); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "cap is 2") {
		t.Fatalf("third claim over the cap: %v", err)
	}
	if err := db.ClaimCustomer(ctx, one, "tom@t.com", t0, rules); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Fatalf("claiming an owned customer: %v", err)
	}
	// Two answers by day 10: an auto-reply does not count, a real one does.
	auto := mail("p2-auto@x", "b@two.com", "out of office", t0.Add(5*book.Day))
	auto.Kind = keepwarm.KindAutoReply
	save(t, db, at(auto, "team", "INBOX", 4, t0.Add(5*book.Day)),
		at(mail("p1-re@x", "a@one.com", "re: inquiry", t0.Add(10*book.Day)), "team", "INBOX", 5, t0.Add(10*book.Day)))

	state := func(now time.Time, id int64) (book.ClaimState, string) {
		entries, err := db.Book(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if c, ok := e.Claim(); ok && e.ID == id {
				return rules.State(c, now), book.ReturningIn(c.Deadline, now)
			}
		}
		return "", ""
	}
	day27 := t0.Add(27 * book.Day)
	if s, text := state(day27, two); s != book.ClaimWarn || text != "returning in 3 days" {
		t.Fatalf("day 27: %s %q", s, text)
	}
	if s, _ := state(day27, one); s != book.ClaimConverted {
		t.Fatalf("the customer that answered: %s", s)
	}
	// The answered claim no longer counts against the cap.
	if err := db.ClaimCustomer(ctx, three, lily, t0.Add(11*book.Day), rules); err != nil {
		t.Fatalf("claim after a conversion: %v", err)
	}
	if ids, err := db.ReturnExpiredClaims(ctx, t0.Add(30*book.Day-time.Second)); err != nil || len(ids) != 0 {
		t.Fatalf("before the deadline: %v %v", ids, err)
	}
	ids, err := db.ReturnExpiredClaims(ctx, t0.Add(30*book.Day))
	if err != nil || !slices.Equal(ids, []int64{two}) {
		t.Fatalf("at the deadline: %v %v", ids, err)
	}
	c, _ := db.Customer(ctx, two)
	if c.Owner != "" || c.ClaimedAt != nil {
		t.Fatalf("returned customer: %+v", c)
	}
	if c, _ := db.Customer(ctx, one); c.Owner != lily {
		t.Fatal("the converted customer went back to the pool")
	}
	log, _ := db.Log(ctx, two)
	if len(log.Pool) != 3 || log.Pool[0].Event != "returned" {
		t.Fatalf("pool history: %+v", log.Pool)
	}
}

func TestAssignPoolRoundRobinAndFirstWriter(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	out := mail("o1@x", "lily@t.com", "our new catalogue", t0)
	out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:prospect.com"
	out.Contacts = []keepwarm.Address{{Email: "buyer@prospect.com"}}
	save(t, db, at(out, "lily", "Sent", 1, t0))
	save(t, db,
		at(mail("r1@x", "a@one.com", "inquiry", t0), "team", "INBOX", 1, t0),
		at(mail("r2@x", "b@two.com", "inquiry", t0), "team", "INBOX", 2, t0),
		at(mail("r3@x", "c@three.com", "inquiry", t0), "team", "INBOX", 3, t0))
	opt := AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, RoundRobin: true, Rules: book.DefaultRules()}
	as, err := db.AssignPool(ctx, t0, opt)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range as {
		got = append(got, a.Salesperson+"/"+a.Note)
	}
	want := []string{"lily@t.com/wrote first", "lily@t.com/round robin", "tom@t.com/round robin", "lily@t.com/round robin"}
	if !slices.Equal(got, want) {
		t.Fatalf("assignments: %q", got)
	}
	save(t, db, at(mail("r4@x", "d@four.com", "inquiry", t0), "team", "INBOX", 4, t0))
	if as, _ := db.AssignPool(ctx, t0, opt); len(as) != 1 || as[0].Salesperson != "tom@t.com" {
		t.Fatalf("the rotation does not carry on: %+v", as)
	}
}

// One run that hands out more inquiries than the salespeople may hold
// stops at the cap, counting the claims it made itself.
func TestAssignPoolStopsAtTheCapWithinOneRun(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	var batch []keepwarm.Incoming
	for i := range 5 {
		m := mail(fmt.Sprintf("cap%d@x", i), fmt.Sprintf("buyer@c%d.com", i), "inquiry", t0)
		batch = append(batch, at(m, "team", "INBOX", uint32(i+1), t0))
	}
	save(t, db, batch...)
	rules := book.DefaultRules()
	rules.PoolCap = 2
	as, err := db.AssignPool(ctx, t0, AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, RoundRobin: true, Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range as {
		got = append(got, a.Event+"/"+a.Salesperson)
	}
	want := []string{"assigned/lily@t.com", "assigned/tom@t.com", "assigned/lily@t.com", "assigned/tom@t.com", "pooled/"}
	if !slices.Equal(got, want) {
		t.Fatalf("assignments: %q, want %q", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM customers WHERE owner = 'lily@t.com' AND claimed_at IS NOT NULL`); n != 2 {
		t.Fatalf("lily holds %d claims, want the cap of 2", n)
	}
}

func TestReviewsDueOverAReplayedMonth(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rules := book.DefaultRules()
	rows := [][]string{{"Company", "Email", "Grade", "Owner"}}
	for _, g := range book.Grades {
		rows = append(rows, []string{"Grade " + string(g), "buyer@grade-" + strings.ToLower(string(g)) + ".example", string(g), "lily@t.com"})
	}
	rows = append(rows, []string{"Tom's", "x@tom.example", "A", "tom@t.com"}, []string{"Ungraded", "u@u.example", "", "lily@t.com"})
	importRows(t, db, t0, rows, ImportOptions{Pool: true})
	reviews := map[string]int{}
	lists := map[int]string{}
	for day := 1; day <= 31; day++ {
		now := t0.Add(time.Duration(day) * book.Day)
		due, err := db.DueReviews(ctx, now, rules, "lily@t.com")
		if err != nil {
			t.Fatal(err)
		}
		var gs []string
		for _, d := range due {
			gs = append(gs, d.Grade)
			reviews[d.Grade]++
			if err := db.Review(ctx, d.ID, now, "lily@t.com", "", ""); err != nil {
				t.Fatal(err)
			}
		}
		slices.Sort(gs)
		lists[day] = strings.Join(gs, "")
	}
	if reviews["A"] != 31 || reviews["B"] != 4 || reviews["C"] != 2 || reviews["D"] != 1 || reviews["E"] != 0 {
		t.Fatalf("reviews per grade in a month: %v", reviews)
	}
	for day, want := range map[int]string{1: "A", 2: "A", 7: "AB", 14: "AB", 15: "AC", 28: "AB", 30: "ACD"} {
		if lists[day] != want {
			t.Errorf("day %d: due %q, want %q", day, lists[day], want)
		}
	}
	// A regrade on review moves the next due date to the new cadence.
	due, _ := db.DueReviews(ctx, t0.Add(32*book.Day), rules, "tom@t.com")
	if len(due) != 1 {
		t.Fatalf("tom's due: %+v", due)
	}
	if err := db.Review(ctx, due[0].ID, t0.Add(32*book.Day), "boss", "D", "project postponed"); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.DueReviews(ctx, t0.Add(61*book.Day), rules, "tom@t.com"); len(due) != 0 {
		t.Fatalf("regraded D is due after 29 days: %+v", due)
	}
	if due, _ := db.DueReviews(ctx, t0.Add(62*book.Day), rules, "tom@t.com"); len(due) != 1 || due[0].Grade != "D" {
		t.Fatalf("regraded D not due after 30 days: %+v", due)
	}
}

func TestOrdersImportAndRevenues(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importRows(t, db, t0, [][]string{{"Company", "Email", "Grade"}, {"Acme", "bob@acme.com", "C"}, {"Globex", "hans@globex.de", "B"}}, ImportOptions{Pool: true})
	orders, rej, err := book.ParseOrders([][]string{
		{"Customer", "Date", "Amount", "Currency"},
		{"bob@acme.com", "2026-01-10", "8,000.00", "USD"},
		{"Acme", "2026-06-10", "2,000.00", "USD"},
		{"globex.de", "2026-03-01", "1,000", "USD"},
		{"nobody@nowhere.example", "2026-03-01", "5", "USD"},
	}, "USD")
	if err != nil || len(rej) != 0 {
		t.Fatal(err, rej)
	}
	for i, want := range []OrdersReport{{Added: 3}, {Known: 3}} {
		rep, err := db.ImportOrders(ctx, t0, orders, "")
		if err != nil || rep.Added != want.Added || rep.Known != want.Known || len(rep.Rejected) != 1 || rep.Rejected[0].Row != 5 {
			t.Fatalf("import %d: %+v %v", i, rep, err)
		}
	}
	revs, err := db.Revenues(ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(revs) != 2 {
		t.Fatalf("revenues: %+v %v", revs, err)
	}
	rows, total := book.Pareto(revs, 0.8, t0)
	if total != 11_000_00 || len(rows) != 1 || rows[0].Customer != "Acme" || rows[0].Orders != 2 {
		t.Fatalf("pareto: %d %+v", total, rows)
	}
}

// "Wrote first" knows a salesperson by more than their configured address:
// an alias or login of theirs, or mail in their own mailbox's Sent. Mail
// from a shared team mailbox, whose owner is the manager, makes nobody the
// owner.
func TestAssignPoolKnowsTheWriterByAliasAndMailbox(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	sent := func(key, from, mailbox, customer string, uid uint32) {
		t.Helper()
		out := mail(key, from, "our new catalogue", t0)
		out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:"+customer
		out.Contacts = []keepwarm.Address{{Email: "buyer@" + customer}}
		save(t, db, at(out, mailbox, "Sent", uid, t0))
	}
	sent("a1@x", "lily.chen@t.com", "team", "alias.com", 1)   // Lily's alias, from the team mailbox
	sent("a2@x", "export@t-brand.com", "tom", "brand.com", 1) // Tom's brand address, in his own Sent
	sent("a3@x", "sales@t.com", "team", "shared.com", 2)      // the team mailbox's own address
	opt := AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, Rules: book.DefaultRules(),
		People:        map[string]string{"lily.chen@t.com": "lily@t.com", "sales@t.com": "boss@t.com"},
		MailboxOwners: map[string]string{"team": "boss@t.com", "tom": "tom@t.com", "lily": "lily@t.com"}}
	as, err := db.AssignPool(ctx, t0, opt)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range as {
		c, err := db.Customer(ctx, a.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		got[c.Domain] = a.Salesperson + "/" + a.Note
	}
	if got["alias.com"] != "lily@t.com/wrote first" || got["brand.com"] != "tom@t.com/wrote first" {
		t.Fatalf("assignments: %q", got)
	}
	if _, ok := got["shared.com"]; ok {
		t.Fatalf("the team mailbox's mail made an owner: %q", got)
	}
	if c, _ := db.Customer(ctx, customerOf(t, db, "a3@x")); c.Owner != "" {
		t.Fatalf("shared.com owner %q", c.Owner)
	}
}
