package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Lily's mail from her second brand's address, an address her mailbox
// sends as, was stored as a customer's inbound mail (read from the team
// inbox before send_as listed it): it is no answer, neither to the live
// follow-up of the thread nor at its first look.
func TestTheTeamsAliasMailStoredAsInboundIsNoAnswer(t *testing.T) {
	for _, first := range []bool{false, true} {
		name := "live follow-up"
		if first {
			name = "first look"
		}
		t.Run(name, func(t *testing.T) {
			w := newFUWorld(t, "A")
			w.rejob(func(c *sequences.FollowUpConfig) { c.Identities[0].SendAs = []string{"lily@brightled.example"} })
			if !first {
				w.run(day0.Add(2 * time.Hour))
			}
			m := w.msg("alias-1@brightled.example", keepwarm.KindInbound, "Re: Quotation", day0.Add(3*time.Hour), "q-1@seller.example")
			m.From = keepwarm.Address{Name: "Lily Chen", Email: "lily@brightled.example"}
			m.To = []keepwarm.Address{{Email: "hans@buyer.de"}}
			w.save("lily", "INBOX", m)
			w.run(day0.Add(4 * time.Hour))
			e := w.enrollmentOf(w.threadOf("q-1@seller.example"))
			if e.Status != keepwarm.EnrollActive {
				t.Fatalf("enrollment %s %q; want active (Lily's own mail is no answer)", e.Status, e.Reason)
			}
			skips, err := w.db.FollowUpSkips(context.Background(), w.cid, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range skips {
				if s.Reason == keepwarm.SkipAnswered {
					t.Fatalf("skipped as answered: %+v", s)
				}
			}
		})
	}
}
