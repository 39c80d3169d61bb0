package store

import (
	"context"
	"testing"
	"time"
)

// A change of owner by hand records whom it took the customer from: handed
// from Lily to Mark, it was taken from Lily and from nobody else (Tom, a
// colleague, still speaks for himself); handed on from Mark, from Mark. An
// event from before the owner before it was recorded counts as taken from
// anyone: when unsure, a follow-up stops.
func TestHandedAwaySinceNamesWhomTheCustomerWasTakenFrom(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	save(t, db, at(mail("h1@x", "a@one.com", "inquiry", t0), "team", "INBOX", 1, t0))
	id := customerOf(t, db, "h1@x")
	set := func(owner string, at time.Time) {
		t.Helper()
		if err := db.SetCustomer(ctx, id, CustomerChange{Owner: &owner}, at, "manager"); err != nil {
			t.Fatal(err)
		}
	}
	away := func(person string, since time.Time) bool {
		t.Helper()
		ok, err := db.HandedAwaySince(ctx, id, person, since)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	const lily, tom, mark = "lily@t.com", "tom@t.com", "mark@t.com"
	set(lily, t0)
	if away(lily, t0) || away(tom, t0) {
		t.Fatal("given to Lily from nobody: taken from someone")
	}
	set(mark, t0.Add(time.Hour))
	if !away(lily, t0) || away(tom, t0) || away(mark, t0) {
		t.Fatalf("Lily to Mark: from Lily %v, Tom %v, Mark %v", away(lily, t0), away(tom, t0), away(mark, t0))
	}
	if away(lily, t0.Add(2*time.Hour)) {
		t.Fatal("a hand-over before since counts")
	}
	if _, err := db.w.Exec(`UPDATE pool_events SET previous = NULL WHERE customer_id = ? AND event = 'owner'`, id); err != nil {
		t.Fatal(err)
	}
	if !away(tom, t0) {
		t.Fatal("a hand-over that did not record whom it was from is not taken as from Tom")
	}
}
