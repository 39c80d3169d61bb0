package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// Bob of Acme (Lily's) answers Lily's quotation from his private address,
// into Lily's thread: a customer the mail makes, whose first mail is in
// her customer's thread. Neither round robin (which would hand it to Tom,
// next in turn) nor the pool takes it: it is Lily's, and so its reply
// clock and the nudge about it. A new sender whose first mail is in its
// own thread still goes round robin; a customer Tom holds already stays
// his.
func TestNewCustomerInAnOwnedThreadIsItsOwners(t *testing.T) {
	const lily, tom = "lily@team.example", "tom@team.example"
	for _, roundRobin := range []bool{true, false} {
		t.Run(map[bool]string{true: "round robin", false: "pool"}[roundRobin], func(t *testing.T) {
			db, ctx := openTest(t), context.Background()
			opt := AssignOptions{Salespeople: []string{tom, lily}, RoundRobin: roundRobin, Rules: book.DefaultRules(),
				MailboxOwners: map[string]string{"lily": lily}}
			assign := func(when time.Time) []string {
				t.Helper()
				as, err := db.AssignPool(ctx, when, opt)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, a := range as {
					got = append(got, a.Event+"/"+a.Salesperson+"/"+a.Note)
				}
				return got
			}
			save(t, db, at(msg("q@acme"), "lily", "INBOX", 1, t0.Add(-time.Hour)))
			save(t, db, at(lilyAnswer("ans@team", "q@acme"), "lily", "Sent", 1, t0.Add(-50*time.Minute)))
			if got := assign(t0.Add(-40 * time.Minute)); !slices.Equal(got, []string{"assigned/" + lily + "/answered first"}) {
				t.Fatalf("the rig: Acme's assignment %q", got)
			}

			priv := mail("priv@gmail", "bob.m@gmail.com", "Re: Quotation for pumps", t0)
			priv.InReplyTo, priv.References = []string{"ans@team"}, []string{"q@acme", "ans@team"}
			save(t, db, at(priv, "lily", "INBOX", 2, t0))
			other := mail("new@x", "buyer@new.com", "inquiry", t0)
			save(t, db, at(other, "team", "INBOX", 1, t0))
			if th := count(t, db, `SELECT count(DISTINCT thread_id) FROM messages WHERE key IN ('q@acme', 'priv@gmail')`); th != 1 {
				t.Fatal("the rig: Bob's private mail is not in Acme's thread")
			}
			want := []string{"assigned/" + lily + "/wrote in their customer's thread", "assigned/" + tom + "/round robin"}
			if !roundRobin {
				want[1] = "pooled//inquiry from an unknown sender"
			}
			got := assign(t0.Add(time.Minute))
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("assignments %q, want %q", got, want)
			}
			if o := count(t, db, `SELECT count(*) FROM customers WHERE key = 'addr:bob.m@gmail.com' AND owner = ?`, lily); o != 1 {
				t.Fatal("Bob's private address is not Lily's")
			}
			measure(t, db, t0.Add(2*time.Minute))
			if c := clockOf(t, db, "priv@gmail"); c.Owner != lily || !c.Open() {
				t.Fatalf("the clock of Bob's private mail: %+v", c)
			}

			// A customer Tom holds already stays his, in Lily's thread too.
			fwd := mail("fwd@ff", "ops@fastfreight.com", "Re: Quotation for pumps", t0.Add(time.Hour))
			fwd.InReplyTo, fwd.References = []string{"ans@team"}, []string{"q@acme", "ans@team"}
			fwd.Cc = []keepwarm.Address{{Email: "bob@acme.com"}}
			save(t, db, at(mail("ff1@ff", "ops@fastfreight.com", "rates", t0), "team", "INBOX", 2, t0))
			if _, err := db.w.Exec(`UPDATE customers SET owner = ? WHERE key = 'domain:fastfreight.com'`, tom); err != nil {
				t.Fatal(err)
			}
			save(t, db, at(fwd, "lily", "INBOX", 3, t0.Add(time.Hour)))
			assign(t0.Add(time.Hour + time.Minute))
			if o := count(t, db, `SELECT count(*) FROM customers WHERE key = 'domain:fastfreight.com' AND owner = ?`, tom); o != 1 {
				t.Fatal("the forwarder Tom holds changed hands")
			}
		})
	}
}
