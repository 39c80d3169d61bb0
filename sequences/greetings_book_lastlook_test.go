package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// queuedBirthday queues Bob's birthday greeting, his name in the book
// name, on the morning of his
// birthday (25 November) and returns it as the outbox holds it.
func queuedBirthday(t *testing.T, name string) (*greetRig, keepwarm.OutboxItem) {
	t.Helper()
	r, _ := bobsBirthdayRig(t)
	if _, err := r.raw.Exec(`UPDATE contacts SET name = ? WHERE email = ?`, name, usBuyer.email); err != nil {
		t.Fatal(err)
	}
	r.start(nil)
	at := time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC) // 11:00 in New York
	r.clock.Set(at)
	if _, err := r.job.Run(r.ctx, at); err != nil {
		t.Fatal(err)
	}
	items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: sequences.OriginGreeting})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("outbox after the morning's run: %+v", items)
	}
	return r, items[0]
}

// Bob's birthday greeting was queued for a birthday read wrongly from the
// book (3 May for 03/05); the salesperson corrects it while the greeting
// waits behind the gap between sends. The last look does not send "Happy
// birthday" on the wrong day, and says why.
func TestTheLastLookDropsABirthdayGreetingWhoseBirthdayWasCorrected(t *testing.T) {
	r, item := queuedBirthday(t, usBuyer.contact)
	at := time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC)
	if reason, err := r.job.Precheck(r.ctx, item, at); err != nil || reason != "" {
		t.Fatalf("the last look before the correction: %q %v; want it sent", reason, err)
	}
	if _, err := r.raw.Exec(`UPDATE contacts SET birthday = '1980-03-05' WHERE email = ?`, usBuyer.email); err != nil {
		t.Fatal(err)
	}
	reason, err := r.job.Precheck(r.ctx, item, at)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(reason, "not sent: ") || !strings.Contains(reason, "bob@acme-us.com") || !strings.Contains(reason, "2026-11-25") {
		t.Fatalf("the last look after the birthday was corrected: %q; want it not sent, saying why", reason)
	}
}

// Bob's name was wrong in the book when his birthday greeting was queued
// ("Bib"), and is corrected before it goes: the queued text is not sent,
// it is planned again, and Bob gets one greeting, with his name.
func TestTheLastLookPlansAGreetingAgainWhoseNameWasCorrected(t *testing.T) {
	r, item := queuedBirthday(t, "Bib Smith")
	if !strings.Contains(item.Text, "Bib") {
		t.Fatalf("the queued greeting does not name Bib: %q", item.Text)
	}
	if _, err := r.raw.Exec(`UPDATE contacts SET name = 'Bob Smith' WHERE email = ?`, usBuyer.email); err != nil {
		t.Fatal(err)
	}
	r.replay(time.Date(2026, 11, 25, 23, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Body, "Bob") || strings.Contains(got[0].Body, "Bib") {
		t.Fatalf("Bob's greetings: %+v; want one, naming Bob", got)
	}
	if why := skippedOf(r, sequences.OriginGreeting); len(why) != 1 || !strings.Contains(why[0], "planned again") {
		t.Fatalf("skipped greetings: %q; want the one naming Bib, planned again", why)
	}
}

// Lily's signature changes while Bob's birthday greeting waits: the last
// look plans it again with the new signature, and says the text changed,
// not that the customer book did (nothing in it changed).
func TestTheLastLookPlansAGreetingAgainWhoseSignatureChanged(t *testing.T) {
	r, item := queuedBirthday(t, "Bob Smith")
	if strings.Contains(item.Text, "Sales Director") {
		t.Fatalf("queued with the new signature already: %q", item.Text)
	}
	s := r.cfg.Senders[lily]
	s.Signature = "Lily Chen\nSales Director, Seller Co."
	r.cfg.Senders = map[string]sequences.GreetingSender{lily: s}
	r.start(nil)
	r.replay(time.Date(2026, 11, 25, 23, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Body, "Sales Director") {
		t.Fatalf("Bob's greetings: %+v; want one, with the new signature", got)
	}
	if why := skippedOf(r, sequences.OriginGreeting); len(why) != 1 || !strings.Contains(why[0], "planned again") || strings.Contains(why[0], "customer book changed") || !strings.Contains(why[0], "signature") {
		t.Fatalf("skipped greetings: %q; want the old text's, planned again, naming the signature among the causes", why)
	}
}
