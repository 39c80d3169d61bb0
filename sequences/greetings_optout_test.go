package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// A letter queued before its contact opted out is not sent: January's
// letter to Hans is queued on the 4th; his answer to December's, asking to
// be removed, is read before the dispatcher gets to it, and the greetings
// job's last look skips it and says why.
func TestALetterQueuedBeforeTheOptOutIsNotSent(t *testing.T) {
	r, letters := letterRig(t)
	r.dispatcher(mailsync.DispatcherOptions{Precheck: func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
		return r.job.Precheck(ctx, item, r.clock.Now())
	}})
	hansLetter := func() (keepwarm.OutboxItem, bool) {
		items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginLetter})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if strings.Contains(it.Key, ":2027-01") && it.To[0].Email == deBuyer.email {
				return it, true
			}
		}
		return keepwarm.OutboxItem{}, false
	}
	now := time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)
	for {
		if now.Day() != 4 {
			t.Fatal("January's letter to Hans was not queued on the 4th")
		}
		r.clock.Set(now)
		if _, err := r.job.Run(r.ctx, now); err != nil {
			t.Fatal(err)
		}
		if _, ok := hansLetter(); ok {
			break
		}
		now = now.Add(15 * time.Minute)
	}
	r.answer(deBuyer.email, deBuyer.contact, letters[deBuyer.email], now.Add(-time.Minute), 1,
		"Please take me off your mailing list.\r\n\r\n"+quoteOf(letters[deBuyer.email]))
	if _, err := sequences.NewOptOuts(sequences.OptOutConfig{}, r.db, nil).Run(r.ctx, now); err != nil {
		t.Fatal(err)
	}
	if _, err := r.disp.RunOnce(r.ctx, now); err != nil {
		t.Fatal(err)
	}
	it, _ := hansLetter()
	if it.Status != keepwarm.OutboxSkipped || it.LastError != "hans@globex.de opted out (asked for no more mail) after the letter was queued: it is not sent; "+
		"it is planned again for another contact of the customer, if one may be written to in its month" {
		t.Errorf("Hans's January letter: %s %q", it.Status, it.LastError)
	}
	// Globex has nobody else: the plan says so, and the letter is not
	// queued again.
	r.replay(now.Add(6*time.Hour), 15*time.Minute)
	if in := r.inbox(deBuyer.email); len(in) != 1 {
		t.Errorf("Hans got %d mails after asking for none", len(in)-1)
	}
	items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginLetter})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range items {
		if strings.Contains(it.Key, ":2027-01") && it.To[0].Email == deBuyer.email {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d January letters to Hans in the outbox; want the one skipped", n)
	}
	plan, err := r.job.PlanMonth(r.ctx, "2027-01", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range plan.Items {
		if it.Kind == sequences.OriginLetter && it.To.Email == deBuyer.email &&
			(it.Status != sequences.PlanSkip || it.Reason != "every contact bounced or opted out: hans@globex.de opted out") {
			t.Errorf("Globex's January letter in the plan: %s %q", it.Status, it.Reason)
		}
	}
}
