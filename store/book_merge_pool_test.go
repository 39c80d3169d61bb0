package store

import (
	"context"
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
