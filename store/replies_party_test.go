package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// Bob asks in a thread; Lily answers with Reply-all, the freight forwarder
// first: To ops@fastfreight.com, Bob in Cc (or second in To). Classify
// files the answer under the forwarder, the first outside address, and it
// joins Bob's thread. It is still the team's answer to Bob in his thread:
// his clock stops and the last look before a nudge sees the answer. A
// message to the forwarder alone answers nobody of Acme.
func TestAnswerWithTheBuyerInCcStopsTheClock(t *testing.T) {
	for _, tc := range []struct {
		name   string
		to, cc []keepwarm.Address
	}{
		{"buyer in Cc", []keepwarm.Address{{Email: "ops@fastfreight.com"}}, []keepwarm.Address{{Email: "bob@acme.com"}}},
		{"buyer second in To", []keepwarm.Address{{Email: "ops@fastfreight.com"}, {Email: "bob@acme.com"}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := openTest(t)
			ctx := context.Background()
			save(t, db, at(msg("q@acme"), "team", "INBOX", 1, t0))
			measure(t, db, t0.Add(time.Minute))
			q := clockOf(t, db, "q@acme")

			// To the forwarder alone: no answer to Bob.
			fwd := lilyAnswer("fwd@team", "q@acme")
			fwd.To, fwd.CustomerKey = []keepwarm.Address{{Email: "ops@fastfreight.com"}}, "domain:fastfreight.com"
			fwd.Contacts = fwd.To
			save(t, db, at(fwd, "lily", "Sent", 1, t0.Add(time.Minute)))
			measure(t, db, t0.Add(2*time.Minute))
			if c := clockOf(t, db, "q@acme"); !c.Open() {
				t.Fatalf("a mail to the forwarder alone answered Bob: %+v", c)
			}
			if st, err := db.NudgeState(ctx, q.MessageID); err != nil || !st.AnsweredAt.IsZero() || !st.Running {
				t.Fatalf("the last look takes a mail to the forwarder alone for Bob's answer: %+v %v", st, err)
			}

			ans := lilyAnswer("ans@team", "q@acme")
			ans.To, ans.Cc, ans.CustomerKey = tc.to, tc.cc, "domain:fastfreight.com"
			ans.Contacts = []keepwarm.Address{{Email: "ops@fastfreight.com"}}
			save(t, db, at(ans, "lily", "Sent", 2, t0.Add(3*time.Minute)))
			if n := count(t, db, `SELECT thread_id FROM messages WHERE key = 'ans@team'`); n != int(q.ThreadID) {
				t.Fatalf("the rig: the answer is not in Bob's thread (%d, not %d)", n, q.ThreadID)
			}
			if n := count(t, db, `SELECT count(*) FROM messages m JOIN customers c ON c.id = m.customer_id
				WHERE m.key = 'ans@team' AND c.key = 'domain:fastfreight.com'`); n != 1 {
				t.Fatal("the rig: the answer is not the forwarder's")
			}
			// The last look sees the answer before any measuring.
			if st, err := db.NudgeState(ctx, q.MessageID); err != nil || !st.AnsweredAt.Equal(t0.Add(3*time.Minute)) || st.AnsweredBy != "lily@team.example" {
				t.Fatalf("the last look misses the answer with Bob in Cc: %+v %v", st, err)
			}
			measure(t, db, t0.Add(4*time.Minute))
			c := clockOf(t, db, "q@acme")
			if c.Open() || !c.RepliedAt.Equal(t0.Add(3*time.Minute)) || c.RepliedBy != "lily@team.example" {
				t.Fatalf("the answer with Bob in Cc left the clock %+v", c)
			}
		})
	}
}

// In Acme's thread Anna asks for a price; Hans, of Acme too, asks to copy
// the forwarder, Anna not on his mail. Lily answers Hans with Reply-all:
// To ops@fastfreight.com, Hans in Cc, price and shipping date in it. The
// book files the answer under the forwarder, but it is the team's answer
// to Acme in the thread: Anna's clock stops as well as Hans's, in the
// measurement and at the last look, whichever contact of Acme it names.
func TestAnswerNamingAnotherContactOfTheCustomerStopsItsClocks(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	anna := msg("q@acme")
	anna.From = keepwarm.Address{Name: "Anna", Email: "anna@acme.com"}
	anna.Contacts = []keepwarm.Address{anna.From}
	save(t, db, at(anna, "team", "INBOX", 1, t0))
	hans := msg("h@acme")
	hans.From = keepwarm.Address{Name: "Hans", Email: "hans@acme.com"}
	hans.Contacts = []keepwarm.Address{hans.From}
	hans.InReplyTo, hans.References = []string{"q@acme"}, []string{"q@acme"}
	save(t, db, at(hans, "team", "INBOX", 2, t0.Add(2*time.Minute)))
	measure(t, db, t0.Add(3*time.Minute))
	q := clockOf(t, db, "q@acme")
	if h := clockOf(t, db, "h@acme"); h.ThreadID != q.ThreadID {
		t.Fatalf("the rig: Hans's mail is not in Anna's thread: %+v", h)
	}

	ans := lilyAnswer("ans@team", "h@acme")
	ans.To, ans.Cc, ans.CustomerKey = []keepwarm.Address{{Email: "ops@fastfreight.com"}}, []keepwarm.Address{{Email: "hans@acme.com"}}, "domain:fastfreight.com"
	ans.Contacts = ans.To
	save(t, db, at(ans, "lily", "Sent", 1, t0.Add(5*time.Minute)))
	if n := count(t, db, `SELECT thread_id FROM messages WHERE key = 'ans@team'`); n != int(q.ThreadID) {
		t.Fatalf("the rig: the answer is not in Acme's thread (%d, not %d)", n, q.ThreadID)
	}
	if st, err := db.NudgeState(ctx, q.MessageID); err != nil || !st.AnsweredAt.Equal(t0.Add(5*time.Minute)) || st.AnsweredBy != "lily@team.example" {
		t.Fatalf("the last look misses the answer to Acme naming Hans: %+v %v", st, err)
	}
	measure(t, db, t0.Add(6*time.Minute))
	for _, key := range []string{"q@acme", "h@acme"} {
		if c := clockOf(t, db, key); c.Open() || !c.RepliedAt.Equal(t0.Add(5*time.Minute)) || c.RepliedBy != "lily@team.example" {
			t.Fatalf("%s: the answer to Acme naming Hans left the clock %+v", key, c)
		}
	}

	// A mail to the forwarder alone still answers nobody of Acme.
	q2 := msg("q2@acme")
	q2.From, q2.Contacts = anna.From, anna.Contacts
	q2.InReplyTo, q2.References = []string{"ans@team"}, []string{"ans@team"}
	save(t, db, at(q2, "team", "INBOX", 3, t0.Add(10*time.Minute)))
	fwd := lilyAnswer("fwd@team", "q2@acme")
	fwd.To, fwd.CustomerKey = []keepwarm.Address{{Email: "ops@fastfreight.com"}}, "domain:fastfreight.com"
	fwd.Contacts = fwd.To
	save(t, db, at(fwd, "lily", "Sent", 2, t0.Add(11*time.Minute)))
	measure(t, db, t0.Add(12*time.Minute))
	if c := clockOf(t, db, "q2@acme"); !c.Open() {
		t.Fatalf("a mail to the forwarder alone answered Anna: %+v", c)
	}
	if st, err := db.NudgeState(ctx, clockOf(t, db, "q2@acme").MessageID); err != nil || !st.AnsweredAt.IsZero() {
		t.Fatalf("the last look takes a mail to the forwarder alone for Anna's answer: %+v %v", st, err)
	}
}
