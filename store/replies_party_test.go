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
