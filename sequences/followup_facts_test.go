package sequences_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// factsStore counts the per-candidate reads; with oneByOne it finds
// nothing in the reads of many, so the job asks for each candidate alone
// (as it did before it read them at once).
type factsStore struct {
	*store.DB
	oneByOne bool
	gets     int
	custs    int
}

func (s *factsStore) GetMessages(ctx context.Context, ids []int64) (map[int64]keepwarm.Message, error) {
	if s.oneByOne {
		return map[int64]keepwarm.Message{}, nil
	}
	return s.DB.GetMessages(ctx, ids)
}

func (s *factsStore) CustomersForSequence(ctx context.Context, ids []int64) (map[int64]keepwarm.Customer, error) {
	if s.oneByOne {
		return map[int64]keepwarm.Customer{}, nil
	}
	return s.DB.CustomersForSequence(ctx, ids)
}

func (s *factsStore) GetMessage(ctx context.Context, id int64) (keepwarm.Message, error) {
	s.gets++
	return s.DB.GetMessage(ctx, id)
}

func (s *factsStore) CustomerForSequence(ctx context.Context, id int64) (keepwarm.Customer, error) {
	s.custs++
	return s.DB.CustomerForSequence(ctx, id)
}

// A run with many candidates reads their anchors, customers and blocked
// addresses at once; it enrolls the same threads, with the same
// enrollments, and records the same reasons for the others as a run that
// reads them one by one: answered, bounced, opted out, information only,
// a first letter, a question, no mailbox to send from, another customer's
// grade with no sequence.
func TestManyCandidatesReadAtOnceDecideAsOneByOne(t *testing.T) {
	ctx := context.Background()
	day2 := day0.AddDate(0, 0, 2)
	world := func(oneByOne bool) (*fuWorld, *factsStore) {
		fs := &factsStore{oneByOne: oneByOne}
		w := newFUWorldStore(t, "A", "", func(db *store.DB) sequences.FollowUpStore { fs.DB = db; return fs })
		w.run(day0.Add(time.Minute))
		// Contacts known from before: their mail is no first letter.
		for i := range 6 {
			m := w.msg(fmt.Sprintf("old-%d@firm%d.de", i, i), keepwarm.KindInbound, "Hello", day0.AddDate(0, -2, 0))
			buyer := keepwarm.Address{Name: "Buyer", Email: fmt.Sprintf("buyer@firm%d.de", i)}
			m.CustomerKey, m.Contacts, m.From = fmt.Sprintf("domain:firm%d.de", i), []keepwarm.Address{buyer}, buyer
			w.save("lily", "INBOX", m)
		}
		texts := []struct{ subject, snippet string }{
			{"Quotation item", "Dear buyer, our offer is attached."},
			{"Samples", "Dear buyer, did the samples arrive?"},
			{"Order", "Thank you for your order."},
			{"Shipping", "The goods go out today by DHL."},
		}
		for i := range 24 {
			tx := texts[i%len(texts)]
			m := w.msg(fmt.Sprintf("q-new-%d@seller.example", i), keepwarm.KindOutbound, tx.subject+fmt.Sprint(" ", i),
				day2.Add(time.Duration(i+1)*time.Second))
			m.Snippet = tx.snippet
			buyer := keepwarm.Address{Name: "Buyer", Email: fmt.Sprintf("buyer@firm%d.de", i)}
			m.CustomerKey, m.Contacts, m.To = fmt.Sprintf("domain:firm%d.de", i), []keepwarm.Address{buyer}, []keepwarm.Address{buyer}
			mailbox := "lily"
			if i == 7 { // a colleague with no mailbox to send from
				m.From, mailbox = keepwarm.Address{Email: "bob@seller.example"}, "bob"
			}
			w.save(mailbox, "Sent", m)
			if i%6 == 5 { // answered
				r := w.msg(fmt.Sprintf("r-%d@firm%d.de", i, i), keepwarm.KindInbound, "Re: "+m.Subject, m.Date.Add(time.Hour), m.MessageID)
				r.CustomerKey, r.Contacts, r.From = m.CustomerKey, m.Contacts, buyer
				w.save("lily", "INBOX", r)
			}
		}
		if _, err := w.db.FlagBounced(ctx, []string{"buyer@firm8.de"}, day2); err != nil {
			t.Fatal(err)
		}
		if err := w.db.OptOut(ctx, keepwarm.OptOut{Email: "buyer@firm9.de", Reason: "asked"}, day2); err != nil {
			t.Fatal(err)
		}
		c, err := w.db.ResolveCustomer(ctx, "domain:firm10.de")
		if err != nil {
			t.Fatal(err)
		}
		grade, owner := "E", "nobody@seller.example"
		if err := w.db.SetCustomer(ctx, c.ID, store.CustomerChange{Grade: &grade, Owner: &owner}, day2, "test"); err != nil {
			t.Fatal(err)
		}
		fs.gets, fs.custs = 0, 0
		w.run(day2.Add(time.Hour + time.Minute))
		return w, fs
	}
	atOnce, fsAtOnce := world(false)
	oneByOne, fsOne := world(true)
	if fsAtOnce.gets != 0 || fsAtOnce.custs != 0 || fsOne.gets < 20 {
		t.Fatalf("per-candidate reads: %d messages and %d customers at once, %d messages one by one: the two runs did not take different paths",
			fsAtOnce.gets, fsAtOnce.custs, fsOne.gets)
	}
	read := func(w *fuWorld) ([]keepwarm.Enrollment, []keepwarm.FollowUpSkip) {
		enrs, err := w.db.ListEnrollments(ctx, 0)
		if err != nil {
			t.Fatal(err)
		}
		skips, err := w.db.FollowUpSkips(ctx, 0, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return enrs, skips
	}
	enrs, skips := read(atOnce)
	wantEnrs, wantSkips := read(oneByOne)
	if !reflect.DeepEqual(enrs, wantEnrs) {
		t.Errorf("enrollments differ:\nat once:    %+v\none by one: %+v", enrs, wantEnrs)
	}
	if !reflect.DeepEqual(skips, wantSkips) {
		t.Errorf("reasons differ:\nat once:    %+v\none by one: %+v", skips, wantSkips)
	}
	reasons := map[string]int{}
	for _, s := range skips {
		reasons[s.Reason]++
	}
	for _, r := range []string{keepwarm.SkipAnswered, keepwarm.SkipBounced, keepwarm.SkipOptedOut, keepwarm.SkipInformational, keepwarm.SkipNoMailbox, keepwarm.SkipNoSequence} {
		if reasons[r] == 0 {
			t.Errorf("no candidate skipped as %s: %v", r, reasons)
		}
	}
	if len(enrs) < 8 {
		t.Errorf("%d enrollments: the comparison says little", len(enrs))
	}
}
