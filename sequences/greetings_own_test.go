package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// A greeting writes as the salesperson writes, not as keepwarm's own
// earlier mail did: Lily writes to Bob in German; November's letter went
// to him in English (there was no German one). His birthday greeting
// reads Lily's own mail, not the letter, and comes in German.
func TestGreetingWritesAsTheSalespersonNotAsKeepwarmsLastLetter(t *testing.T) {
	r, start := bobsBirthdayRig(t)
	ctx := context.Background()
	r.ownMail("own-de", "Angebot", start.AddDate(0, -2, 0), 1,
		"Hallo Bob,\n\nanbei unser Angebot für die LED-Panels. Die Preise gelten bis Ende des Monats.\n\nMit freundlichen Grüßen\nLily Chen", false)
	letterAt := time.Date(2026, 11, 3, 15, 0, 0, 0, time.UTC)
	r.ownMail("kw-letter-11", "News from our factory", letterAt, 2,
		"Dear Bob,\n\nHere is what is new at our factory this month: the new LED panels are in stock.\n\nBest regards,\nLily Chen", false)
	if _, _, err := r.db.Enqueue(ctx, keepwarm.OutboxItem{Key: "letter:bob:2026-11", MessageID: "kw-letter-11", Mailbox: "lily",
		From: keepwarm.Address{Name: "Lily Chen", Email: lily}, To: []keepwarm.Address{{Email: usBuyer.email}},
		Subject: "News from our factory", Text: "Dear Bob,", Mode: keepwarm.ModeSend, Origin: sequences.OriginLetter,
		DueAt: letterAt, NextAttemptAt: letterAt, CreatedAt: letterAt}); err != nil {
		t.Fatal(err)
	}
	if _, err := r.raw.Exec(`UPDATE outbox SET status = 'sent', sent_at = ? WHERE key = 'letter:bob:2026-11'`, letterAt.Unix()); err != nil {
		t.Fatal(err)
	}
	r.start(nil)

	r.replay(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 {
		t.Fatalf("Bob's INBOX holds %d greetings", len(got))
	}
	if !strings.Contains(got[0].Subject, "Geburtstag") || !strings.Contains(got[0].Body, "Hallo Bob") {
		t.Errorf("the greeting follows keepwarm's English letter, not Lily's German: %q\n%s", got[0].Subject, got[0].Body)
	}
}

// Lily is on "du" terms with Bob ("danke dir für deine Bestellung"); the
// German birthday text says "Ihnen". "Hallo Bob, ... Ich wünsche Ihnen"
// in her name is how a reader spots a form letter: the greeting is not
// sent, and the plan says why where Lily looks. Her formal mail to him
// ("Ihre Bestellung") lets it go.
func TestAGreetingIsNotSentInSieToSomeoneWrittenToWithDu(t *testing.T) {
	for _, c := range []struct {
		own  string
		sent bool
	}{
		{"Hallo Bob,\n\ndanke dir für deine Bestellung. Die Panels gehen morgen raus.\n\nViele Grüße\nLily", false},
		{"Hallo Bob,\n\nvielen Dank für Ihre Bestellung. Die Panels gehen morgen raus.\n\nMit freundlichen Grüßen\nLily Chen", true},
	} {
		r, start := bobsBirthdayRig(t)
		r.ownMail("own-de", "Bestellung", start.AddDate(0, -1, 0), 1, c.own, false)
		r.start(nil)
		r.replay(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC), 15*time.Minute)
		if n := len(r.inbox(usBuyer.email)); (n == 1) != c.sent {
			t.Errorf("own mail %q: Bob got %d greetings", c.own, n)
		}
		if c.sent {
			continue
		}
		plan, err := r.job.PlanMonth(r.ctx, "2026-11", r.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		var why string
		for _, it := range plan.Items {
			if it.Kind == sequences.OriginGreeting {
				why = it.Status + ": " + it.Reason
			}
		}
		if want := `skip: the team's latest mail to bob@acme-us.com says "dir", the birthday text says "Ihnen"`; !strings.HasPrefix(why, want) {
			t.Errorf("the birthday greeting in the plan: %q, want it to start %q", why, want)
		}
	}
}
