package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// A customer whose inquiry a salesperson had already answered when the
// pool first saw it (a first sync over years of mail, or the inquiry and
// the answer in one sync) is the answerer's: neither round robin nor the
// pool hands it to a colleague.
func TestAssignPoolGivesAnAnsweredInquiryToWhoAnswered(t *testing.T) {
	for _, rr := range []bool{true, false} {
		db, ctx := openTest(t), context.Background()
		save(t, db, at(mail("in@x", "a@one.com", "inquiry", t0), "team", "INBOX", 1, t0))
		t1 := t0.Add(2 * time.Hour)
		out := mail("out@x", "tom@t.com", "re: inquiry", t1)
		out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:one.com"
		out.Contacts = []keepwarm.Address{{Email: "a@one.com"}}
		save(t, db, at(out, "tom", "Sent", 1, t1))
		as, err := db.AssignPool(ctx, t0.Add(3*time.Hour), AssignOptions{
			Salespeople: []string{"lily@t.com", "tom@t.com"}, RoundRobin: rr, Rules: book.DefaultRules(),
			MailboxOwners: map[string]string{"tom": "tom@t.com"},
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 1 || as[0].Event != "assigned" || as[0].Salesperson != "tom@t.com" || as[0].Note != "answered first" {
			t.Fatalf("round robin %v: %+v, want assigned to tom@t.com who answered", rr, as)
		}
		c, err := db.Customer(ctx, as[0].CustomerID)
		if err != nil || c.Owner != "tom@t.com" || c.ClaimedAt != nil {
			t.Fatalf("round robin %v: customer %+v %v, want Tom's without a claim deadline", rr, c, err)
		}
	}
}

// An answer from the shared team mailbox names nobody: the inquiry is
// handed out as before.
func TestAssignPoolPoolsAnInquiryTheTeamMailboxAnswered(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db, at(mail("in@x", "a@one.com", "inquiry", t0), "team", "INBOX", 1, t0))
	t1 := t0.Add(2 * time.Hour)
	out := mail("out@x", "sales@t.com", "re: inquiry", t1)
	out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:one.com"
	out.Contacts = []keepwarm.Address{{Email: "a@one.com"}}
	save(t, db, at(out, "team", "Sent", 1, t1))
	as, err := db.AssignPool(ctx, t0.Add(3*time.Hour), AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, Rules: book.DefaultRules()})
	if err != nil || len(as) != 1 || as[0].Event != "pooled" {
		t.Fatalf("%+v %v, want pooled", as, err)
	}
}

// An inquiry the shared team mailbox answered first and a salesperson
// wrote to after, all before the pool saw it, is that salesperson's.
func TestAssignPoolGivesToTheFirstSalespersonWhoWrote(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db, at(mail("in@x", "a@one.com", "inquiry", t0), "team", "INBOX", 1, t0))
	reply := func(key, from, mailbox string, when time.Time) {
		out := mail(key, from, "re: inquiry", when)
		out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:one.com"
		out.Contacts = []keepwarm.Address{{Email: "a@one.com"}}
		save(t, db, at(out, mailbox, "Sent", 1, when))
	}
	reply("ack@x", "sales@t.com", "team", t0.Add(time.Hour))
	reply("tom@x", "tom@t.com", "tom", t0.Add(2*time.Hour))
	as, err := db.AssignPool(ctx, t0.Add(3*time.Hour), AssignOptions{
		Salespeople: []string{"lily@t.com", "tom@t.com"}, RoundRobin: true, Rules: book.DefaultRules(),
		MailboxOwners: map[string]string{"tom": "tom@t.com"},
	})
	if err != nil || len(as) != 1 || as[0].Salesperson != "tom@t.com" || as[0].Note != "answered first" {
		t.Fatalf("%+v %v, want assigned to tom@t.com, the first salesperson who answered", as, err)
	}
}

// An inquiry pooled as an unknown sender's that a salesperson then answers
// from their own mailbox, without claiming it first, is theirs from the
// next run on ("answered from the pool"): a colleague who sees it in the
// pool the next day cannot claim a conversation already under way. An
// acknowledgement from the shared team mailbox leaves it in the pool.
func TestAssignPoolGivesAPooledInquiryToWhoAnsweredItThen(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	opt := AssignOptions{Salespeople: []string{"alice@t.com", "bob@t.com"}, Rules: book.DefaultRules(),
		MailboxOwners: map[string]string{"alice": "alice@t.com", "team": "boss@t.com"}}
	save(t, db, at(mail("in@x", "a@one.com", "inquiry", t0), "team", "INBOX", 1, t0))
	if as, err := db.AssignPool(ctx, t0.Add(time.Minute), opt); err != nil || len(as) != 1 || as[0].Event != "pooled" {
		t.Fatalf("%+v %v, want pooled", as, err)
	}
	id := customerOf(t, db, "in@x")
	reply := func(key, from, mailbox string, when time.Time) {
		t.Helper()
		out := mail(key, from, "re: inquiry", when)
		out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:one.com"
		out.Contacts = []keepwarm.Address{{Email: "a@one.com"}}
		save(t, db, at(out, mailbox, "Sent", 1, when))
	}
	reply("ack@x", "sales@t.com", "team", t0.Add(5*time.Minute))
	if as, err := db.AssignPool(ctx, t0.Add(6*time.Minute), opt); err != nil || len(as) != 0 {
		t.Fatalf("after the team mailbox's acknowledgement: %+v %v, want nothing handed out", as, err)
	}
	reply("alice@x", "alice@t.com", "alice", t0.Add(20*time.Minute))
	as, err := db.AssignPool(ctx, t0.Add(21*time.Minute), opt)
	if err != nil || len(as) != 1 || as[0].CustomerID != id || as[0].Event != "assigned" ||
		as[0].Salesperson != "alice@t.com" || as[0].Note != "answered from the pool" {
		t.Fatalf("after Alice's answer: %+v %v, want assigned to alice@t.com, answered from the pool", as, err)
	}
	c, err := db.Customer(ctx, id)
	if err != nil || c.Owner != "alice@t.com" || c.ClaimedAt != nil {
		t.Fatalf("customer %+v %v, want Alice's without a claim deadline", c, err)
	}
	log, err := db.Log(ctx, id)
	if err != nil || len(log.Pool) != 2 || log.Pool[0].Event != "assigned" || log.Pool[0].Note != "answered from the pool" {
		t.Fatalf("pool history %+v %v", log.Pool, err)
	}
	err = db.ClaimCustomer(ctx, id, "bob@t.com", t0.Add(24*time.Hour), book.DefaultRules())
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "alice@t.com") {
		t.Fatalf("Bob's claim the next day: %v, want refused naming alice@t.com", err)
	}
	if as, err := db.AssignPool(ctx, t0.Add(25*time.Hour), opt); err != nil || len(as) != 0 {
		t.Fatalf("a second run: %+v %v, want nothing more", as, err)
	}
}

// A customer that went back to the pool (its claim's deadline passed) and
// that a colleague then answers without claiming is the colleague's from
// the next run, as an unknown sender's inquiry would be: a third
// salesperson cannot claim the conversation under way. The mail of who let
// it go does not win it back within the cool-down, nor does mail written
// before it went back.
func TestAssignPoolGivesAReturnedCustomerToWhoAnsweredItThen(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rules := book.DefaultRules()
	opt := AssignOptions{Salespeople: []string{"alice@t.com", "bob@t.com", "carol@t.com"}, Rules: rules,
		MailboxOwners: map[string]string{"alice": "alice@t.com", "bob": "bob@t.com"}}
	save(t, db, at(mail("in@x", "a@one.com", "inquiry", t0), "team", "INBOX", 1, t0))
	if as, err := db.AssignPool(ctx, t0.Add(time.Minute), opt); err != nil || len(as) != 1 || as[0].Event != "pooled" {
		t.Fatalf("%+v %v, want pooled", as, err)
	}
	id := customerOf(t, db, "in@x")
	if err := db.ClaimCustomer(ctx, id, "alice@t.com", t0.Add(time.Hour), rules); err != nil {
		t.Fatal(err)
	}
	uid := uint32(0)
	reply := func(key, from, mailbox string, when time.Time) {
		t.Helper()
		out := mail(key, from, "re: inquiry", when)
		out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:one.com"
		out.Contacts = []keepwarm.Address{{Email: "a@one.com"}}
		uid++
		save(t, db, at(out, mailbox, "Sent", uid, when))
	}
	// Bob helped while Alice held it: that is no answer from the pool.
	reply("bob-early@x", "bob@t.com", "bob", t0.Add(2*time.Hour))
	back := t0.Add(rules.ClaimDeadline + 24*time.Hour)
	if ids, err := db.ReturnExpiredClaims(ctx, back); err != nil || len(ids) != 1 {
		t.Fatalf("returned %v %v; want the customer back in the pool", ids, err)
	}
	if as, err := db.AssignPool(ctx, back.Add(time.Minute), opt); err != nil || len(as) != 0 {
		t.Fatalf("back in the pool: %+v %v, want nothing handed out", as, err)
	}
	reply("alice-late@x", "alice@t.com", "alice", back.Add(time.Hour))
	if as, err := db.AssignPool(ctx, back.Add(2*time.Hour), opt); err != nil || len(as) != 0 {
		t.Fatalf("after Alice's answer within her cool-down: %+v %v, want nothing handed out", as, err)
	}
	reply("bob-late@x", "bob@t.com", "bob", back.Add(3*time.Hour))
	as, err := db.AssignPool(ctx, back.Add(4*time.Hour), opt)
	if err != nil || len(as) != 1 || as[0].CustomerID != id || as[0].Salesperson != "bob@t.com" || as[0].Note != "answered from the pool" {
		t.Fatalf("after Bob's answer: %+v %v, want assigned to bob@t.com, answered from the pool", as, err)
	}
	err = db.ClaimCustomer(ctx, id, "carol@t.com", back.Add(5*time.Hour), rules)
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "bob@t.com") {
		t.Fatalf("Carol's claim: %v, want refused naming bob@t.com", err)
	}
}

// Mail the salesperson who let a customer go wrote within the cool-down
// does not win it back when the cool-down ends: she released it, and a
// colleague may still claim it from the pool. Mail she writes after the
// cool-down counts as anyone's.
func TestAssignPoolKeepsAReleasedCustomerItsReleaserWroteToInTheCoolDown(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rules := book.DefaultRules()
	opt := AssignOptions{Salespeople: []string{"alice@t.com", "bob@t.com"}, Rules: rules,
		MailboxOwners: map[string]string{"alice": "alice@t.com", "bob": "bob@t.com"}}
	save(t, db, at(mail("in@x", "a@one.com", "inquiry", t0), "team", "INBOX", 1, t0))
	if as, err := db.AssignPool(ctx, t0.Add(time.Minute), opt); err != nil || len(as) != 1 || as[0].Event != "pooled" {
		t.Fatalf("%+v %v, want pooled", as, err)
	}
	id := customerOf(t, db, "in@x")
	if err := db.ClaimCustomer(ctx, id, "alice@t.com", t0.Add(time.Hour), rules); err != nil {
		t.Fatal(err)
	}
	back := t0.Add(24 * time.Hour)
	if err := db.ReleaseCustomer(ctx, id, back, "alice@t.com"); err != nil {
		t.Fatal(err)
	}
	uid := uint32(0)
	reply := func(key string, when time.Time) {
		t.Helper()
		out := mail(key, "alice@t.com", "re: inquiry", when)
		out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:one.com"
		out.Contacts = []keepwarm.Address{{Email: "a@one.com"}}
		uid++
		save(t, db, at(out, "alice", "Sent", uid, when))
	}
	reply("alice-bye@x", back.Add(time.Hour))
	after := back.Add(rules.Cooldown + time.Hour)
	if as, err := db.AssignPool(ctx, after, opt); err != nil || len(as) != 0 {
		t.Fatalf("after the cool-down, with only Alice's mail from within it: %+v %v, want nothing handed out", as, err)
	}
	if c, err := db.Customer(ctx, id); err != nil || c.Owner != "" {
		t.Fatalf("customer %+v %v, want it still in the pool", c, err)
	}
	reply("alice-again@x", after.Add(time.Hour))
	as, err := db.AssignPool(ctx, after.Add(2*time.Hour), opt)
	if err != nil || len(as) != 1 || as[0].CustomerID != id || as[0].Salesperson != "alice@t.com" || as[0].Note != "answered from the pool" {
		t.Fatalf("after Alice's mail past the cool-down: %+v %v, want assigned to alice@t.com, answered from the pool", as, err)
	}
}
