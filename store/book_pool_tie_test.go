package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// Two salespeople who answer a pooled inquiry in the same second (copies
// of one INTERNALDATE second): the one whose mail was stored first, the
// lower message id, gets the customer, whichever of them sorts first by
// address or mailbox.
func TestAssignPoolGivesASameSecondTieToTheFirstStored(t *testing.T) {
	for _, first := range []string{"alice", "zed"} {
		second := map[string]string{"alice": "zed", "zed": "alice"}[first]
		db, ctx := openTest(t), context.Background()
		opt := AssignOptions{Salespeople: []string{"alice@t.com", "zed@t.com"}, Rules: book.DefaultRules(),
			MailboxOwners: map[string]string{"alice": "alice@t.com", "zed": "zed@t.com"}}
		save(t, db, at(mail("in@x", "a@one.com", "inquiry", t0), "team", "INBOX", 1, t0))
		if as, err := db.AssignPool(ctx, t0.Add(time.Minute), opt); err != nil || len(as) != 1 || as[0].Event != "pooled" {
			t.Fatalf("%+v %v, want pooled", as, err)
		}
		when := t0.Add(20 * time.Minute)
		for _, who := range []string{first, second} {
			out := mail(who+"@x", who+"@t.com", "re: inquiry", when)
			out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:one.com"
			out.Contacts = []keepwarm.Address{{Email: "a@one.com"}}
			save(t, db, at(out, who, "Sent", 1, when))
		}
		as, err := db.AssignPool(ctx, t0.Add(21*time.Minute), opt)
		if err != nil || len(as) != 1 || as[0].Salesperson != first+"@t.com" {
			t.Fatalf("%s stored first: %+v %v, want assigned to %s@t.com", first, as, err, first)
		}
	}
}
