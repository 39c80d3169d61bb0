package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// Lily mails trade-fair leads the manager imported to the pool without
// claiming them (one cold mail each): none becomes hers. A lead is handed
// to whoever answers it, and an imported lead has asked nothing until it
// writes in, so Tom can still claim Anna under the caps. Once Anna writes
// in, Lily's next mail answers her and Anna is Lily's.
func TestImportedPoolLeadMailedColdStaysInThePool(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rules := book.DefaultRules()
	opt := AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, Rules: rules,
		MailboxOwners: map[string]string{"lily": "lily@t.com", "tom": "tom@t.com"}}
	rows := [][]string{{"Company", "Email"}}
	for i := range 60 {
		rows = append(rows, []string{fmt.Sprintf("Lead %d GmbH", i), fmt.Sprintf("buyer@lead%d.de", i)})
	}
	rows = append(rows, []string{"Anna GmbH", "anna@anna.de"})
	importRows(t, db, t0, rows, ImportOptions{Pool: true})
	cold := func(key, email string, uid uint32, when time.Time) {
		t.Helper()
		out := mail(key, "lily@t.com", "nice to meet you at the fair", when)
		out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:"+email[len("buyer@"):]
		if email == "anna@anna.de" {
			out.CustomerKey = "domain:anna.de"
		}
		out.Contacts = []keepwarm.Address{{Email: email}}
		save(t, db, at(out, "lily", "Sent", uid, when))
	}
	t1 := t0.Add(24 * time.Hour)
	for i := range 60 {
		cold(fmt.Sprintf("fair%d@lily", i), fmt.Sprintf("buyer@lead%d.de", i), uint32(i+1), t1)
	}
	cold("fair@anna", "anna@anna.de", 100, t1)
	if as, err := db.AssignPool(ctx, t1.Add(time.Hour), opt); err != nil || len(as) != 0 {
		t.Fatalf("%d handed out (%v), want none for Lily's cold mail: %+v", len(as), err, as[:min(len(as), 2)])
	}
	var owned int
	if err := db.r.Get(&owned, `SELECT count(*) FROM customers WHERE owner != ''`); err != nil || owned != 0 {
		t.Fatalf("%d customers owned (%v), want all 61 in the pool", owned, err)
	}
	var anna int64
	if err := db.r.Get(&anna, `SELECT id FROM customers WHERE key = 'domain:anna.de'`); err != nil {
		t.Fatal(err)
	}
	if err := db.ClaimCustomer(ctx, anna, "tom@t.com", t1.Add(2*time.Hour), rules); err != nil {
		t.Fatalf("Tom cannot claim Anna, whom Lily only mailed cold: %v", err)
	}
	if err := db.ReleaseCustomer(ctx, anna, t1.Add(3*time.Hour), "tom@t.com"); err != nil {
		t.Fatal(err)
	}

	// Lead 1 writes in (a new mail, not a reply to Lily's); Lily answers.
	t2 := t1.Add(48 * time.Hour)
	in := mail("in@lead1", "buyer@lead1.de", "catalogue please", t2)
	save(t, db, at(in, "team", "INBOX", 1, t2))
	if as, err := db.AssignPool(ctx, t2.Add(time.Minute), opt); err != nil || len(as) != 0 {
		t.Fatalf("%+v %v: handed out on the lead's mail, before anyone answered it", as, err)
	}
	cold("answer@lily", "buyer@lead1.de", 200, t2.Add(time.Hour))
	as, err := db.AssignPool(ctx, t2.Add(2*time.Hour), opt)
	if err != nil || len(as) != 1 || as[0].Salesperson != "lily@t.com" || as[0].Note != "answered from the pool" {
		t.Fatalf("%+v %v, want lead 1 answered from the pool by Lily", as, err)
	}
}

// Lead 0 replies to Lily's cold mail in its thread ("please send the
// catalogue"): the conversation is Lily's. Tom cannot claim the lead
// before her quotation goes out, and his second mail-merge wave, after
// the lead's reply, does not make it his.
func TestImportedPoolLeadsReplyToColdMailMakesItTheSenders(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rules := book.DefaultRules()
	opt := AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, Rules: rules,
		MailboxOwners: map[string]string{"lily": "lily@t.com", "tom": "tom@t.com"}}
	importRows(t, db, t0, [][]string{{"Company", "Email"}, {"Lead 0 GmbH", "buyer@lead0.de"}}, ImportOptions{Pool: true})
	var lead int64
	if err := db.r.Get(&lead, `SELECT id FROM customers WHERE key = 'domain:lead0.de'`); err != nil {
		t.Fatal(err)
	}
	t1 := t0.Add(24 * time.Hour)
	out := mail("fair0@lily", "lily@t.com", "nice to meet you at the fair", t1)
	out.Kind, out.CustomerKey, out.Contacts = keepwarm.KindOutbound, "domain:lead0.de", []keepwarm.Address{{Email: "buyer@lead0.de"}}
	save(t, db, at(out, "lily", "Sent", 1, t1))
	t2 := t1.Add(48 * time.Hour)
	in := mail("in@lead0", "buyer@lead0.de", "re: nice to meet you at the fair", t2)
	in.SubjectKey, in.InReplyTo = "nice to meet you at the fair", []string{"fair0@lily"}
	save(t, db, at(in, "team", "INBOX", 1, t2))
	// Tom's second wave goes out after the reply, before the book job runs
	// (it is weighed with Lily's mail: a later run sees the lead owned).
	wave := mail("wave2@tom", "tom@t.com", "our new catalogue", t2.Add(30*time.Minute))
	wave.Kind, wave.CustomerKey, wave.Contacts = keepwarm.KindOutbound, "domain:lead0.de", []keepwarm.Address{{Email: "buyer@lead0.de"}}
	save(t, db, at(wave, "tom", "Sent", 1, t2.Add(30*time.Minute)))
	as, err := db.AssignPool(ctx, t2.Add(time.Hour), opt)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ClaimCustomer(ctx, lead, "tom@t.com", t2.Add(70*time.Minute), rules); err == nil {
		t.Fatalf("Tom claimed the lead who answered Lily's mail, before her quotation went out")
	}
	c, err := db.Customer(ctx, lead)
	if err != nil {
		t.Fatal(err)
	}
	if c.Owner != "lily@t.com" {
		t.Fatalf("the lead who answered Lily's cold mail is %q's (%+v); want Lily's", c.Owner, as)
	}
}

// Tom and Lily both send the team's "nice to meet you at the fair" to lead
// 0, Tom first. Lily's mail joins Tom's thread by its subject, and the
// lead answers Lily's (In-Reply-To her mail): the lead is Lily's, not
// Tom's, whose mail in the same thread came first.
func TestImportedPoolLeadsReplyGoesToTheMailItAnswersNotTheThreadsFirst(t *testing.T) {
	w := newLead0(t)
	w.cold("fair0@tom", "tom@t.com", "tom", w.t1.Add(-time.Hour))
	w.cold("fair0@lily", "lily@t.com", "lily", w.t1)
	w.reply("fair0@lily")
	if n := count(t, w.db, `SELECT count(DISTINCT thread_id) FROM messages WHERE customer_id = ?`, w.lead); n != 1 {
		t.Fatalf("%d threads, want Lily's mail in Tom's thread by its subject (the case under test)", n)
	}
	if got := w.owner(); got != "lily@t.com" {
		t.Fatalf("the lead who answered Lily's mail is %q's; want Lily's, not the first sender's in the thread", got)
	}
}

// A lead's reply whose In-Reply-To names a mail keepwarm never stored (a
// relay rewrote the Message-ID of Lily's cold mail) still answers the mail
// before it in its thread: it is Lily's, not left in the pool for the next
// colleague's mail-merge to take.
func TestImportedPoolLeadsReplyNamingAnUnknownMailAnswersItsThread(t *testing.T) {
	w := newLead0(t)
	w.cold("fair0@lily", "lily@t.com", "lily", w.t1)
	w.reply("rewritten-by-a-relay@gateway.example")
	if n := count(t, w.db, `SELECT count(DISTINCT thread_id) FROM messages WHERE customer_id = ?`, w.lead); n != 1 {
		t.Fatalf("%d threads, want the reply in Lily's thread by its subject (the case under test)", n)
	}
	if got := w.owner(); got != "lily@t.com" {
		t.Fatalf("the lead who answered Lily's mail (its In-Reply-To rewritten) is %q's; want Lily's", got)
	}
}

// lead0 is a lead imported to the pool at t0 (buyer@lead0.de), mailed cold
// from t1 on with "nice to meet you at the fair", who replies at t2.
type lead0 struct {
	t      *testing.T
	db     *DB
	lead   int64
	t1, t2 time.Time
}

func newLead0(t *testing.T) *lead0 {
	t.Helper()
	db := openTest(t)
	importRows(t, db, t0, [][]string{{"Company", "Email"}, {"Lead 0 GmbH", "buyer@lead0.de"}}, ImportOptions{Pool: true})
	w := &lead0{t: t, db: db, t1: t0.Add(24 * time.Hour), t2: t0.Add(72 * time.Hour)}
	if err := db.r.Get(&w.lead, `SELECT id FROM customers WHERE key = 'domain:lead0.de'`); err != nil {
		t.Fatal(err)
	}
	return w
}

// cold saves a salesperson's cold mail to the lead in her Sent.
func (w *lead0) cold(key, from, mailbox string, when time.Time) {
	w.t.Helper()
	out := mail(key, from, "nice to meet you at the fair", when)
	out.Kind, out.CustomerKey, out.Contacts = keepwarm.KindOutbound, "domain:lead0.de", []keepwarm.Address{{Email: "buyer@lead0.de"}}
	save(w.t, w.db, at(out, mailbox, "Sent", 1, when))
}

// reply saves the lead's reply at t2, its In-Reply-To naming inReplyTo.
func (w *lead0) reply(inReplyTo string) {
	w.t.Helper()
	in := mail("in@lead0", "buyer@lead0.de", "re: nice to meet you at the fair", w.t2)
	in.SubjectKey, in.InReplyTo = "nice to meet you at the fair", []string{inReplyTo}
	save(w.t, w.db, at(in, "team", "INBOX", 1, w.t2))
}

// owner runs the pool a minute after the reply and says whose the lead is.
func (w *lead0) owner() string {
	w.t.Helper()
	ctx := context.Background()
	opt := AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, Rules: book.DefaultRules(),
		MailboxOwners: map[string]string{"lily": "lily@t.com", "tom": "tom@t.com"}}
	if _, err := w.db.AssignPool(ctx, w.t2.Add(time.Minute), opt); err != nil {
		w.t.Fatal(err)
	}
	c, err := w.db.Customer(ctx, w.lead)
	if err != nil {
		w.t.Fatal(err)
	}
	return c.Owner
}
