package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm/book"
)

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
