package store

import (
	"context"
	"testing"
	"time"

	"keepwarm/book"
)

// bookPair imports a pool customer and one owned by owner ("" for the
// pool too) and returns their ids.
func bookPair(t *testing.T, db *DB, owner string) (pool, other int64) {
	t.Helper()
	rep := importRows(t, db, t0, [][]string{{"Company", "Email"}, {"Acme (gmail buyer)", "acme.buyer@gmail.com"}}, ImportOptions{Pool: true})
	pool = rep.Rows[0].CustomerID
	opt := ImportOptions{Owner: owner, Pool: owner == ""}
	rep = importRows(t, db, t0, [][]string{{"Company", "Email"}, {"Acme GmbH", "hans@acme.de"}}, opt)
	return pool, rep.Rows[0].CustomerID
}

// A won account merged into a claimed duplicate does not go back to the
// pool at the claim's deadline.
func TestMergeKeepsAWonAccountOutOfThePool(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	lily, rules := "lily@t.com", book.DefaultRules()
	claimed, won := bookPair(t, db, lily)
	if err := db.MarkWon(ctx, won, t0, "boss"); err != nil {
		t.Fatal(err)
	}
	if err := db.ClaimCustomer(ctx, claimed, lily, t0.Add(time.Hour), rules); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeCustomers(ctx, claimed, won, t0.Add(2*time.Hour), "boss"); err != nil {
		t.Fatal(err)
	}
	ids, err := db.ReturnExpiredClaims(ctx, t0.Add(time.Hour+rules.ClaimDeadline+time.Hour))
	if err != nil || len(ids) != 0 {
		t.Fatalf("returned after the merge: %v %v", ids, err)
	}
	if c, _ := db.Customer(ctx, claimed); c.Owner != lily || c.WonAt == nil {
		t.Fatalf("merged customer: owner %q won %v", c.Owner, c.WonAt)
	}
}

// A claim merged into a pool customer stays a claim: it counts against the
// cap, shows in the claims list and runs out at its deadline; an unmerge
// gives the pool customer back without it.
func TestMergeCarriesAClaimToAPoolCustomer(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	tom, rules := "tom@t.com", book.DefaultRules()
	keep, drop := bookPair(t, db, "")
	if err := db.ClaimCustomer(ctx, drop, tom, t0.Add(time.Hour), rules); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeCustomers(ctx, keep, drop, t0.Add(2*time.Hour), "boss"); err != nil {
		t.Fatal(err)
	}
	cs, err := db.Claims(ctx, t0.Add(3*time.Hour), rules, tom, false)
	if err != nil || len(cs) != 1 || cs[0].ID != keep {
		t.Fatalf("tom's claims after the merge: %+v %v", cs, err)
	}
	c, _ := db.Customer(ctx, keep)
	if c.Owner != tom || c.PoolDeadline == nil || !c.PoolDeadline.Equal(t0.Add(time.Hour+rules.ClaimDeadline)) {
		t.Fatalf("kept customer: owner %q deadline %v", c.Owner, c.PoolDeadline)
	}
	if _, err := db.UnmergeCustomer(ctx, drop, t0.Add(4*time.Hour), "boss"); err != nil {
		t.Fatal(err)
	}
	if c, _ := db.Customer(ctx, keep); c.Owner != "" || c.ClaimedAt != nil || c.PoolDeadline != nil {
		t.Fatalf("pool customer after the unmerge: owner %q claimed %v deadline %v", c.Owner, c.ClaimedAt, c.PoolDeadline)
	}
}
