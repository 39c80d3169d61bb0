package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// queuedDecemberLetter queues Bob's December letter, his name in the book
// name, on 1 December, and returns it as the outbox holds it.
func queuedDecemberLetter(t *testing.T, name string) (*greetRig, keepwarm.OutboxItem) {
	t.Helper()
	return queuedLetterOf(t, name, decemberLetter)
}

// queuedLetterOf is queuedDecemberLetter with letters as the letter files.
func queuedLetterOf(t *testing.T, name string, letters map[string]string) (*greetRig, keepwarm.OutboxItem) {
	t.Helper()
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	bob := usBuyer
	bob.contact = name
	r.add(bob)
	r.cfg.Occasions = nil // letters only
	r.start(letters)
	item := r.queueOnly(time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC))
	if item.Origin != sequences.OriginLetter || !strings.Contains(item.Text, "Dear "+strings.Fields(name)[0]+",") {
		t.Fatalf("queued: %+v; want the letter naming %s", item, name)
	}
	return r, item
}

// skippedOf are the reasons of the outbox's items of origin that it skipped.
func skippedOf(r *greetRig, origin string) []string {
	r.t.Helper()
	items, err := r.db.ListOutbox(r.ctx, keepwarm.OutboxFilter{Origin: origin})
	if err != nil {
		r.t.Fatal(err)
	}
	var why []string
	for _, it := range items {
		if it.Status == keepwarm.OutboxSkipped {
			why = append(why, it.LastError)
		}
	}
	return why
}

// Bob's name was wrong in the book when his December letter was queued
// ("Bib"); it is corrected while the letter waits (a letter may wait for
// days: the customer's mail, a follow-up, the salesperson away). The
// queued text is not sent: the letter is planned again, and Bob gets one,
// with his name.
func TestTheLastLookPlansALetterAgainWhoseNameWasCorrected(t *testing.T) {
	r, _ := queuedDecemberLetter(t, "Bib Smith")
	if _, err := r.raw.Exec(`UPDATE contacts SET name = 'Bob Smith' WHERE email = ?`, usBuyer.email); err != nil {
		t.Fatal(err)
	}
	r.replay(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Body, "Bob") || strings.Contains(got[0].Body, "Bib") {
		t.Fatalf("Bob's letters: %+v; want one, naming Bob", got)
	}
	if why := skippedOf(r, sequences.OriginLetter); len(why) != 1 || !strings.Contains(why[0], "the letter's text changed after it was queued") ||
		!strings.Contains(why[0], "planned again") {
		t.Fatalf("skipped letters: %q; want the one naming Bib, planned again", why)
	}
}

// Lily's signature changes while Bob's December letter waits: it goes
// with the new one.
func TestTheLastLookPlansALetterAgainWhoseSignatureChanged(t *testing.T) {
	r, item := queuedDecemberLetter(t, "Bob Smith")
	if strings.Contains(item.Text, "Sales Director") {
		t.Fatalf("queued with the new signature already: %q", item.Text)
	}
	s := r.cfg.Senders[lily]
	s.Signature = "Lily Chen\nSales Director, Seller Co."
	r.cfg.Senders = map[string]sequences.GreetingSender{lily: s}
	r.start(decemberLetter)
	r.replay(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Body, "Sales Director") {
		t.Fatalf("Bob's letters: %+v; want one, with the new signature", got)
	}
	if why := skippedOf(r, sequences.OriginLetter); len(why) != 1 || !strings.Contains(why[0], "planned again") || !strings.Contains(why[0], "signature") {
		t.Fatalf("skipped letters: %q; want the old text's, planned again", why)
	}
}

// Nothing changed: the letter queued goes as it is, and nothing is planned
// again.
func TestTheLastLookSendsAnUnchangedLetter(t *testing.T) {
	r, _ := queuedDecemberLetter(t, "Bob Smith")
	r.replay(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), 10*time.Minute)
	if got := r.inbox(usBuyer.email); len(got) != 1 {
		t.Fatalf("Bob's letters: %+v; want one", got)
	}
	if why := skippedOf(r, sequences.OriginLetter); len(why) != 0 {
		t.Fatalf("skipped letters: %q; want none", why)
	}
}

// A letter listing Bob's products (his tags in the book) goes as queued
// while they stay as they were; his tags changed while it waits, it is
// planned again with them.
func TestTheLastLookPlansALetterAgainWhoseProductsChanged(t *testing.T) {
	letter := map[string]string{"2026-12.tmpl": "subject: December news\n--- text\n{{.Contact.Salutation}},\n\nnew this month:{{range .Products}}\n* {{.Name}}{{end}}\n\n{{.Owner.Signature}}\n"}
	r, item := queuedLetterOf(t, "Bob Smith", letter)
	if !strings.Contains(item.Text, "* LED high bay") {
		t.Fatalf("queued without the products: %q", item.Text)
	}
	if why, err := r.job.Precheck(r.ctx, item, time.Date(2026, 12, 1, 19, 0, 0, 0, time.UTC)); err != nil || why != "" {
		t.Fatalf("the last look with nothing changed: %q %v; want it sent", why, err)
	}
	if _, err := r.raw.Exec(`UPDATE customers SET tags = 'LED panel 60x60, solar street light' WHERE key = ?`, usBuyer.key); err != nil {
		t.Fatal(err)
	}
	r.replay(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(got[0].Body, "solar street light") || strings.Contains(got[0].Body, "high bay") {
		t.Fatalf("Bob's letters: %+v; want one, with his products as the book has them now", got)
	}
	if why := skippedOf(r, sequences.OriginLetter); len(why) != 1 || !strings.Contains(why[0], "planned again") {
		t.Fatalf("skipped letters: %q; want the old text's, planned again", why)
	}
}
