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

// Round robin hands out no more than daily_claims pool customers to one
// salesperson in 24 hours, counting what they claimed themselves: over it,
// the next one in turn gets the inquiry, and when everybody is at the cap
// it lands in the pool, there to be claimed. A manual claim counts what
// round robin handed them. A day later the turn goes on.
func TestRoundRobinKeepsTheDailyClaimCap(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	const lily, tom = "lily@t.com", "tom@t.com"
	rules := book.DefaultRules()
	rules.DailyClaims = 2
	inquiry := func(n int, when time.Time) int64 {
		t.Helper()
		key := fmt.Sprintf("rr%d@x", n)
		save(t, db, at(mail(key, fmt.Sprintf("buyer@rr%d.com", n), "inquiry", when), "team", "INBOX", uint32(n), when))
		return customerOf(t, db, key)
	}
	assign := func(when time.Time) []string {
		t.Helper()
		as, err := db.AssignPool(ctx, when, AssignOptions{Salespeople: []string{lily, tom}, RoundRobin: true, Rules: rules})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range as {
			got = append(got, a.Event+"/"+a.Salesperson+"/"+a.Note)
		}
		return got
	}
	// Lily claims an inquiry from the pool herself.
	first := inquiry(1, t0)
	if _, err := db.AssignPool(ctx, t0, AssignOptions{Salespeople: []string{lily, tom}, Rules: rules}); err != nil {
		t.Fatal(err)
	}
	if err := db.ClaimCustomer(ctx, first, lily, t0, rules); err != nil {
		t.Fatal(err)
	}
	one := t0.Add(time.Hour)
	for n := 2; n <= 5; n++ {
		inquiry(n, one)
	}
	want := []string{"assigned/" + lily + "/round robin", "assigned/" + tom + "/round robin", "assigned/" + tom + "/round robin",
		"pooled//every salesperson is at the daily claim cap"}
	if got := assign(one); !slices.Equal(got, want) {
		t.Fatalf("assignments: %q, want %q", got, want)
	}
	pooled := customerOf(t, db, "rr5@x")
	err := db.ClaimCustomer(ctx, pooled, tom, one.Add(time.Minute), rules)
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "claimed or was handed 2 pool customers") {
		t.Fatalf("Tom's claim over the cap round robin filled: %v", err)
	}
	// A day after the round robin's hand-outs the turn goes on where it
	// stopped; the pooled inquiry stays in the pool for whoever claims it.
	later := one.Add(book.Day + time.Minute)
	inquiry(6, later)
	if got := assign(later); !slices.Equal(got, []string{"assigned/" + lily + "/round robin"}) {
		t.Fatalf("the day after: %q", got)
	}
	if err := db.ClaimCustomer(ctx, pooled, tom, later, rules); err != nil {
		t.Fatalf("Tom claims the pooled inquiry the day after: %v", err)
	}
}

// Round robin says which caps left an inquiry in the pool: Lily holds as
// many pool customers as she may, and Tom was handed his one for the day.
func TestRoundRobinSaysWhichCapIsFull(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	rules := book.DefaultRules()
	rules.PoolCap, rules.DailyClaims = 2, 5
	inquiry := func(n int, when time.Time) {
		save(t, db, at(mail(fmt.Sprintf("f%d@x", n), fmt.Sprintf("buyer@f%d.com", n), "inquiry", when), "team", "INBOX", uint32(n), when))
	}
	for n := 1; n <= 3; n++ {
		inquiry(n, t0)
	}
	as, err := db.AssignPool(ctx, t0, AssignOptions{Salespeople: []string{"lily@t.com"}, RoundRobin: true, Rules: rules})
	if err != nil || len(as) != 3 || as[2].Note != "every salesperson is at the pool cap" {
		t.Fatalf("at the pool cap: %+v %v", as, err)
	}
	next := t0.Add(book.Day + time.Hour)
	rules.DailyClaims = 1
	both := AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, RoundRobin: true, Rules: rules}
	inquiry(4, next)
	if as, err := db.AssignPool(ctx, next, both); err != nil || len(as) != 1 || as[0].Salesperson != "tom@t.com" {
		t.Fatalf("Tom under both caps: %+v %v", as, err)
	}
	inquiry(5, next)
	as, err = db.AssignPool(ctx, next, both)
	if err != nil || len(as) != 1 || as[0].Note != "every salesperson is at the pool cap or the daily claim cap" {
		t.Fatalf("one at each cap: %+v %v", as, err)
	}
}

// Round robin passes over a salesperson who is away, as it passes one at a
// cap: Lily on leave gets no new inquiry, Tom and Ana take turns. When
// everybody is away it hands out as before (their backups answer), and
// when those at their desks are at a cap the inquiry waits in the pool.
func TestRoundRobinPassesOverWhoIsAway(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	const lily, tom, ana = "lily@t.com", "tom@t.com", "ana@t.com"
	leave := keepwarm.Absence{Person: lily, From: t0.Add(-book.Day), Until: t0.Add(14 * book.Day)}
	n := 0
	assign := func(away []keepwarm.Absence, rules book.Rules, inquiries int) []string {
		t.Helper()
		for range inquiries {
			n++
			save(t, db, at(mail(fmt.Sprintf("aw%d@x", n), fmt.Sprintf("buyer@aw%d.com", n), "inquiry", t0), "team", "INBOX", uint32(n), t0))
		}
		as, err := db.AssignPool(ctx, t0, AssignOptions{Salespeople: []string{lily, tom, ana}, RoundRobin: true, Rules: rules, Away: away})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range as {
			got = append(got, a.Event+"/"+a.Salesperson+"/"+a.Note)
		}
		return got
	}
	rules := book.DefaultRules()
	want := []string{"assigned/" + tom + "/round robin", "assigned/" + ana + "/round robin", "assigned/" + tom + "/round robin"}
	if got := assign([]keepwarm.Absence{leave}, rules, 3); !slices.Equal(got, want) {
		t.Fatalf("Lily away: %q, want %q", got, want)
	}
	everybody := []keepwarm.Absence{leave, {Person: tom, From: t0.Add(-time.Hour)}, {Person: ana, From: t0.Add(-time.Hour), Until: t0.Add(time.Hour)}}
	if got := assign(everybody, rules, 1); !slices.Equal(got, []string{"assigned/" + ana + "/round robin"}) {
		t.Fatalf("everybody away: %q", got)
	}
	rules.PoolCap = 3 // Tom and Ana hold two each, Lily none
	want = []string{"assigned/" + tom + "/round robin", "assigned/" + ana + "/round robin", "pooled//every salesperson at their desk is at the pool cap"}
	if got := assign([]keepwarm.Absence{leave}, rules, 3); !slices.Equal(got, want) {
		t.Fatalf("those at their desks at the cap: %q, want %q", got, want)
	}
}
