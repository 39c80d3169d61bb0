package sequences_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/mailsync/parse"
	"keepwarm/sequences"
)

// In draft mode Lily sends keepwarm's December letter to Hans from her
// Drafts: her mail client sends it under a new Message-ID, and sync stores
// that copy from her Sent. It is keepwarm's letter all the same (English
// for want of a German one), not her own mail: Hans's Christmas greeting
// and January letter stay German, as the book says, and the January letter
// is not skipped as "written to".
func TestLetterSentFromDraftsIsNotHerOwnMail(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	start := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	r := newGreetRig(t, srv, start)
	r.cfg.Occasions = []string{"christmas"}
	r.cfg.Mode = keepwarm.ModeDraft
	r.cfg.EnglishFor = []string{"de"}
	r.cfg.SkipIfWrittenWithin = 45 * 24 * time.Hour
	r.add(deBuyer)
	r.start(map[string]string{
		"2026-12.tmpl":    "subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour news for {{.Customer.Name}} this December.\n\n{{.Owner.Signature}}\n",
		"2027-01.tmpl":    "subject: News from {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nour news for {{.Customer.Name}} this January.\n\n{{.Owner.Signature}}\n",
		"2027-01.de.tmpl": "subject: Neues von {{.Owner.Name}}, {{.Month}}\n--- text\n{{.Contact.Salutation}},\n\nunsere Neuigkeiten für {{.Customer.Name}} im Januar.\n\n{{.Owner.Signature}}\n",
	})

	filed := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	r.replay(filed, 30*time.Minute)
	drafts := mailtest.Raw(t, srv, lily, "Drafts")
	if len(drafts) != 1 {
		t.Fatalf("%d drafts in Lily's Drafts by 4 December, want the December letter", len(drafts))
	}
	if !strings.Contains(string(drafts[0]), "this December") {
		t.Fatalf("the draft is not the December letter:\n%s", drafts[0])
	}
	// Outlook sends the draft under its own Message-ID and files it in Sent.
	copyOf := regexp.MustCompile(`(?mi)^Message-Id:.*\r?\n`).ReplaceAll(drafts[0], []byte("Message-ID: <AM0PR01MB1234@outlook.example>\r\n"))
	sentAt := filed.Add(time.Hour)
	r.clock.Set(sentAt)
	srv.Append(t, lily, "Sent", copyOf, sentAt)
	sync := mailsync.NewSyncer(mailsync.MailboxConfig{Name: "lily", Owner: lily, URL: srv.URL(), Username: lily, Password: imapPass},
		r.db, parse.NewTeam([]string{"seller.example"}, []string{lily}, nil), r.clock, testLog(), mailsync.SyncOptions{})
	if _, err := sync.Sync(r.ctx); err != nil {
		t.Fatal(err)
	}
	var stored int
	if err := r.raw.Get(&stored, `SELECT count(*) FROM messages WHERE message_id = 'AM0PR01MB1234@outlook.example' AND kind = 'outbound' AND customer_id IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	if stored != 1 {
		t.Fatalf("sync stored %d outbound copies of the letter for the customer, want 1", stored)
	}

	now := sentAt.Add(time.Hour)
	// A plan read for the digest, /forecast or the command line writes
	// nothing: the match is the scheduled run's (and the reply watch's,
	// the dispatcher's, the follow-up job's).
	if _, err := r.job.PlanMonth(r.ctx, "2026-12", now); err != nil {
		t.Fatal(err)
	}
	var early int
	if err := r.raw.Get(&early, `SELECT count(*) FROM outbox WHERE sent_copy != ''`); err != nil {
		t.Fatal(err)
	}
	if early != 0 {
		t.Fatalf("reading December's plan recorded %d sent copies, want none: a plan read only reads", early)
	}
	r.clock.Set(now)
	if _, err := r.job.Run(r.ctx, now); err != nil {
		t.Fatal(err)
	}
	dec, err := r.job.PlanMonth(r.ctx, "2026-12", now)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range dec.Items {
		if it.Occasion == "christmas" && it.To.Email == deBuyer.email {
			found = true
			if it.Language != "de" {
				t.Errorf("Christmas greeting to Hans in %q (%s, %s), want German: the letter sent from Drafts is keepwarm's, not Lily's own mail", it.Language, it.Status, it.Reason)
			}
		}
	}
	if !found {
		t.Fatalf("no Christmas greeting to Hans in December's plan: %+v", dec.Items)
	}
	jan, err := r.job.PlanMonth(r.ctx, "2027-01", now)
	if err != nil {
		t.Fatal(err)
	}
	found = false
	for _, it := range jan.Items {
		if it.Month == "2027-01" && it.To.Email == deBuyer.email {
			found = true
			if it.Status != sequences.PlanPlanned || it.Language != "de" {
				t.Errorf("January letter to Hans: %s in %q (%s), want planned in German", it.Status, it.Language, it.Reason)
			}
		}
	}
	if !found {
		t.Fatalf("no January letter to Hans in January's plan: %+v", jan.Items)
	}
	// The letter's sent copy is recorded as keepwarm's.
	var copies int
	if err := r.raw.Get(&copies, `SELECT count(*) FROM outbox WHERE origin = 'letter' AND sent_copy = 'AM0PR01MB1234@outlook.example'`); err != nil {
		t.Fatal(err)
	}
	if copies != 1 {
		t.Errorf("%d letters have the Sent copy recorded, want 1", copies)
	}
}
