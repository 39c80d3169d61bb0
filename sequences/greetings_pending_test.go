package sequences_test

import (
	"strings"
	"testing"
	"time"
)

// A greeting whose contact's latest mail from the team was stored from its
// header (a first sync's history, its text still to be read) waits, and
// the plan says why: that text decides its language and greeting. Once the
// text is read, the birthday greeting goes the same morning, in the
// language Lily writes him in (German here, for a contact in the US whose
// customer is in English).
func TestGreetingWaitsForThePendingTextOfTheLatestMail(t *testing.T) {
	r, start := bobsBirthdayRig(t)
	written := start.AddDate(0, -2, 0)
	r.ownMail("own-1", "Angebot", written, 1, "", true)
	r.start(nil)

	noon := time.Date(2026, 11, 25, 17, 30, 0, 0, time.UTC) // 12:30 in New York
	r.replay(noon, 10*time.Minute)
	if n := r.sentTo(usBuyer.email); n != 0 {
		t.Fatalf("%d greeting(s) sent while the text of Lily's latest mail to Bob is unread", n)
	}
	plan, err := r.job.PlanMonth(r.ctx, "2026-11", noon)
	if err != nil {
		t.Fatal(err)
	}
	var reason string
	for _, it := range plan.Items {
		if it.Occasion == "birthday" && it.To.Email == usBuyer.email {
			reason = it.Status + ": " + it.Reason
		}
	}
	if !strings.Contains(reason, "still reading older mail") {
		t.Errorf("the plan for Bob: %q; want it to say the greeting waits for the text", reason)
	}

	// The backfill reads the text: German, as Lily writes to Bob.
	if _, err := r.raw.Exec(`UPDATE messages SET text_pending = 0, snippet = 'Hallo Bob, anbei unser Angebot.' WHERE key = 'own-1'`); err != nil {
		t.Fatal(err)
	}
	if _, err := r.raw.Exec(`INSERT INTO message_texts (message_id, text, cut) SELECT id, ?, 0 FROM messages WHERE key = 'own-1'`,
		"Hallo Bob,\n\nanbei unser Angebot für die LED-Panels. Die Preise gelten bis Ende des Monats.\n\nMit freundlichen Grüßen\nLily Chen"); err != nil {
		t.Fatal(err)
	}
	r.replay(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || r.sentTo(usBuyer.email) != 1 {
		t.Fatalf("after the text was read: Bob's INBOX holds %d, %d SMTP send(s)", len(got), r.sentTo(usBuyer.email))
	}
	if !strings.Contains(got[0].Subject, "Geburtstag") || !strings.Contains(got[0].Body, "Hallo Bob") {
		t.Errorf("the greeting is not in the language of Lily's mail to Bob: %q\n%s", got[0].Subject, got[0].Body)
	}
}

// When the text is still unread at the end of the day, the greeting is
// missed and says it waited for that text all day.
func TestAGreetingMissedWaitingForThePendingTextSaysSo(t *testing.T) {
	r, start := bobsBirthdayRig(t)
	r.ownMail("own-1", "Angebot", start.AddDate(0, -2, 0), 1, "", true)
	r.start(nil)
	after := time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)
	r.replay(after, 30*time.Minute)
	plan, err := r.job.PlanMonth(r.ctx, "2026-11", after)
	if err != nil {
		t.Fatal(err)
	}
	var reason string
	for _, it := range plan.Items {
		if it.Occasion == "birthday" && it.To.Email == usBuyer.email {
			reason = it.Status + ": " + it.Reason
		}
	}
	if want := "missed: not sent: the text of the team's latest mail to this contact (its language and greeting) was still being read when its day ended (2026-11-25 17:00 EST)"; reason != want {
		t.Errorf("Bob's birthday greeting after its day: %q, want %q", reason, want)
	}
}
