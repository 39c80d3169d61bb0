package sequences_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// blockedStore counts the reads of blocked addresses made while a run
// looks at its candidates: from when it reads the live enrollments for
// them until it records the reasons not to follow up (the follow-ups' own
// looks, after, read theirs apart).
type blockedStore struct {
	*store.DB
	phase int // 0 before the candidates' look, 1 during it, 2 after
	reads int
}

func (s *blockedStore) LiveEnrollments(ctx context.Context) ([]keepwarm.Enrollment, error) {
	if s.phase == 0 {
		s.phase = 1
	}
	return s.DB.LiveEnrollments(ctx)
}

func (s *blockedStore) RecordSkip(ctx context.Context, skips ...keepwarm.FollowUpSkip) error {
	if s.phase == 1 {
		s.phase = 2
	}
	return s.DB.RecordSkip(ctx, skips...)
}

func (s *blockedStore) BlockedAddresses(ctx context.Context, emails []string) (map[string]string, error) {
	if s.phase == 1 {
		s.reads++
	}
	return s.DB.BlockedAddresses(ctx, emails)
}

// A first run after a large sync reads the blocked addresses of its many
// candidates once, before it looks at them. An answer at its first look asking for no more mail
// ("remove me") blocks that address for the rest of the run without every
// later candidate reading its addresses again; one for the whole company
// ("remove us") reads the addresses known once more, at once. Either way a
// later mail of the run to the company is not followed up, as opted out.
func TestAnOptOutAtTheFirstLookKeepsTheRunsBlockedAddressesReadOnce(t *testing.T) {
	for _, c := range []struct {
		name, answer, later string
		reads               int
	}{
		{"address", "Please remove me from your mailing list.", "buyer@firm0.de", 0},
		{"company", "Please remove us from your mailing list, we don't need these offers.", "anna@firm0.de", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			day2 := day0.AddDate(0, 0, 2)
			bs := &blockedStore{}
			w := newFUWorldStore(t, "A", "", func(db *store.DB) sequences.FollowUpStore { bs.DB = db; return bs })
			w.run(day0.Add(time.Minute))
			const n = 20
			send := func(id, subject string, at time.Time, to keepwarm.Address, firm int) keepwarm.Message {
				m := w.msg(id, keepwarm.KindOutbound, subject, at)
				m.Snippet = "Dear buyer, our offer is attached. Could you confirm the quantities?"
				m.CustomerKey, m.Contacts, m.To = fmt.Sprintf("domain:firm%d.de", firm), []keepwarm.Address{to}, []keepwarm.Address{to}
				w.save("lily", "Sent", m)
				return m
			}
			var first keepwarm.Message
			for i := range n {
				buyer := keepwarm.Address{Name: "Buyer", Email: fmt.Sprintf("buyer@firm%d.de", i)}
				m := send(fmt.Sprintf("q-many-%d@seller.example", i), fmt.Sprint("Quotation item ", i), day2.Add(time.Duration(i+1)*time.Second), buyer, i)
				if i == 0 {
					first = m
				}
			}
			buyer0 := keepwarm.Address{Name: "Buyer", Email: "buyer@firm0.de"}
			r := w.msg("stop-many@firm0.de", keepwarm.KindInbound, "Re: "+first.Subject, day2.Add(30*time.Minute), first.MessageID)
			r.CustomerKey, r.Contacts, r.From, r.Snippet = first.CustomerKey, first.Contacts, buyer0, c.answer
			w.save("lily", "INBOX", r)
			later := send("q-later@seller.example", "Catalogue 2027", day2.Add(50*time.Minute), keepwarm.Address{Name: "Later", Email: c.later}, 0)

			bs.reads, bs.phase = 0, 0
			w.run(day2.Add(time.Hour + time.Minute))
			if bs.reads != c.reads {
				t.Errorf("blocked addresses read %d times again while looking at %d candidates; want %d", bs.reads, n+1, c.reads)
			}
			skips, err := w.db.FollowUpSkips(ctx, 0, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			reasons := map[string]string{}
			for _, s := range skips {
				reasons[s.Subject] = s.Reason
			}
			if reasons[first.Subject] != keepwarm.SkipOptedOut || reasons[later.Subject] != keepwarm.SkipOptedOut {
				t.Fatalf("the answered mail skipped as %q, the later one to %s as %q; want both %s (%+v)",
					reasons[first.Subject], c.later, reasons[later.Subject], keepwarm.SkipOptedOut, skips)
			}
			enrs, err := w.db.ListEnrollments(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(enrs) < n-1 {
				t.Errorf("%d enrollments; want the %d other quotations followed up", len(enrs), n-1)
			}
		})
	}
}
