package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// Lily's claim on Acme ran out (she wrote to it during the claim); Hans of
// Acme then writes from his gmail address, a new pool customer, and the
// manager merges the two, either way round. The merged customer's pooled
// event (the gmail one's) does not count Lily's claim-period mail: nobody
// gets Acme, Lily least of all within her cool-down.
func TestMergeOfTwoPoolCustomersGivesTheLetGoOneToNobody(t *testing.T) {
	for _, keepAcme := range []bool{true, false} {
		db, ctx := openTest(t), context.Background()
		rules := book.DefaultRules()
		opt := AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, Rules: rules,
			MailboxOwners: map[string]string{"lily": "lily@t.com", "tom": "tom@t.com"}}
		save(t, db, at(mail("in@acme", "a@acme.de", "inquiry", t0.Add(-time.Hour)), "team", "INBOX", 1, t0.Add(-time.Hour)))
		if as, err := db.AssignPool(ctx, t0, opt); err != nil || len(as) != 1 || as[0].Event != "pooled" {
			t.Fatalf("%+v %v, want Acme pooled", as, err)
		}
		acme := customerOf(t, db, "in@acme")
		if err := db.ClaimCustomer(ctx, acme, "lily@t.com", t0, rules); err != nil {
			t.Fatal(err)
		}
		for i, d := range []time.Duration{24 * time.Hour, 10 * 24 * time.Hour} {
			out := mail("lily"+string(rune('a'+i))+"@x", "lily@t.com", "re: inquiry", t0.Add(d))
			out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:acme.de"
			out.Contacts = []keepwarm.Address{{Email: "a@acme.de"}}
			save(t, db, at(out, "lily", "Sent", uint32(i+1), t0.Add(d)))
		}
		if ids, err := db.ReturnExpiredClaims(ctx, t0.Add(rules.ClaimDeadline+time.Hour)); err != nil || len(ids) != 1 {
			t.Fatalf("%v %v, want Acme's claim returned", ids, err)
		}
		t5 := t0.Add(rules.ClaimDeadline + 5*book.Day)
		save(t, db, at(mail("in@gmail", "hans.acme@gmail.com", "inquiry", t5), "team", "INBOX", 2, t5))
		if as, err := db.AssignPool(ctx, t5.Add(time.Minute), opt); err != nil || len(as) != 1 || as[0].Event != "pooled" {
			t.Fatalf("%+v %v, want the gmail sender pooled", as, err)
		}
		gmail := customerOf(t, db, "in@gmail")
		keep, drop := acme, gmail
		if !keepAcme {
			keep, drop = gmail, acme
		}
		if _, err := db.MergeCustomers(ctx, keep, drop, t5.Add(time.Hour), "grace@t.com"); err != nil {
			t.Fatal(err)
		}
		as, err := db.AssignPool(ctx, t5.Add(book.Day), opt)
		if err != nil || len(as) != 0 {
			t.Errorf("keep Acme %v: %+v %v, want nobody handed the merged customer", keepAcme, as, err)
		}
		c, err := db.Customer(ctx, keep)
		if err != nil || c.Owner != "" {
			t.Errorf("keep Acme %v: owner %q %v, want the pool", keepAcme, c.Owner, err)
		}
	}
}

// A merge does not lend the dropped customer's pool history to the kept
// one: Tom let his duplicate of Lily's Acme go back to the pool, and
// Lily's follow-up of Acme, which never left her, goes on after the
// manager merges the two; Tom's own follow-up of the duplicate stops, as
// it would have there. A duplicate still Tom's when it is merged into
// Lily's customer is handed from Tom to Lily: Tom's follow-ups stop, as
// at any hand-over, and the merge says so.
func TestMergeKeepsThePoolHistoryWithItsCustomer(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	const lily, tom = "lily@t.com", "tom@t.com"
	rules := book.DefaultRules()
	save(t, db,
		at(mail("a1@x", "hans@acme.de", "rfq", t0), "team", "INBOX", 1, t0),
		at(mail("b1@x", "mary@acme-group.com", "rfq", t0), "team", "INBOX", 2, t0),
		at(mail("c1@x", "otto@acme-eu.com", "rfq", t0), "team", "INBOX", 3, t0))
	acme, dup, dup2 := customerOf(t, db, "a1@x"), customerOf(t, db, "b1@x"), customerOf(t, db, "c1@x")
	owner := lily
	if err := db.SetCustomer(ctx, acme, CustomerChange{Owner: &owner}, t0, "manager"); err != nil {
		t.Fatal(err)
	}
	lilyStarted := t0.Add(time.Hour)
	t1, t2, t3 := t0.Add(2*time.Hour), t0.Add(3*time.Hour), t0.Add(4*time.Hour)
	if err := db.ClaimCustomer(ctx, dup, tom, t1, rules); err != nil {
		t.Fatal(err)
	}
	tomStarted := t1.Add(time.Minute)
	if err := db.ReleaseCustomer(ctx, dup, t2, tom); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeCustomers(ctx, acme, dup, t3, "manager"); err != nil {
		t.Fatal(err)
	}
	if who, at, gone, err := db.LetGoSince(ctx, acme, lily, lilyStarted); err != nil || gone {
		t.Fatalf("Lily's follow-up of Acme stops: let go by %s at %s (%v)", who, at, err)
	}
	if who, _, gone, err := db.LetGoSince(ctx, acme, tom, tomStarted); err != nil || !gone || who != tom {
		t.Fatalf("Tom's follow-up of the duplicate he let go goes on: %q %v %v", who, gone, err)
	}

	// A duplicate still Tom's when it is merged.
	if err := db.ClaimCustomer(ctx, dup2, tom, t1, rules); err != nil {
		t.Fatal(err)
	}
	res, err := db.MergeCustomers(ctx, acme, dup2, t3.Add(time.Hour), "manager")
	if err != nil {
		t.Fatal(err)
	}
	if away, err := db.HandedAwaySince(ctx, acme, tom, tomStarted); err != nil || !away {
		t.Fatalf("Tom's follow-up of the merged duplicate goes on: %v %v", away, err)
	}
	if to, _, ok, err := db.HandedSince(ctx, acme, tomStarted); err != nil || !ok || to != lily {
		t.Fatalf("handed since: %q %v %v", to, ok, err)
	}
	if away, err := db.HandedAwaySince(ctx, acme, lily, lilyStarted); err != nil || away {
		t.Fatalf("Lily's own customer was handed away from her: %v %v", away, err)
	}
	if !strings.Contains(strings.Join(res.Notes, "; "), "tom@t.com's follow-ups of #") {
		t.Fatalf("the merge does not say Tom's follow-ups stop: %q", res.Notes)
	}
}
