package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// Bob is in the book at the company's address with his birthday on 25
// November; he writes from his gmail address under the same full name, so
// Thanksgiving (the same morning) goes there. One greeting a day counts the
// person, not the address: he gets the birthday greeting only, and the
// gmail one says where the day's greeting goes.
func TestOneGreetingADayAcrossAPersonsAddresses(t *testing.T) {
	r, _ := bobsBirthdayRig(t)
	r.cfg.Occasions = []string{"birthday", "thanksgiving"}
	gmail := usBuyer
	gmail.email = "bob.smith@gmail.com"
	if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at) VALUES ((SELECT id FROM customers WHERE key = ?), ?, ?, ?)`,
		usBuyer.key, gmail.email, gmail.contact, r.clock.Now().Unix()); err != nil {
		t.Fatal(err)
	}
	r.imap.AddUser(t, gmail.email, imapPass)
	r.users[gmail.email] = true
	r.wrote(gmail, time.Date(2026, 10, 5, 15, 0, 0, 0, time.UTC)) // answered long since
	r.start(nil)

	at := time.Date(2026, 11, 25, 16, 10, 0, 0, time.UTC) // 11:10 in New York
	book, other := greetingsTo(r, usBuyer.email, at), greetingsTo(r, gmail.email, at)
	const why = "skip: bob@acme-us.com (the same person's other address) gets the birthday greeting that day (2026-11-25): one greeting a day, not two"
	if book["birthday"] != "due: " || other["thanksgiving"] != why {
		t.Fatalf("the plan at 11:10 in New York: %v at the book's address, %v at gmail; want the birthday due and Thanksgiving skipped for it", book, other)
	}
	r.clock.Set(at)
	r.replay(time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	if a, b := len(r.inbox(usBuyer.email)), len(r.inbox(gmail.email)); a+b != 1 || a != 1 {
		t.Errorf("Bob got %d greeting(s) at acme-us.com and %d at gmail on one day; want the birthday one at acme-us.com only", a, b)
	}
}

// Bob's Thanksgiving greeting went in the morning; his birthday, the same
// day, is entered in the book after it. The birthday greeting the next
// plan queues is stopped at the send's last look: one greeting a day
// holds for what went already, not only for what the plan sees together.
func TestABirthdayEnteredAfterTheDaysGreetingWentIsNotSent(t *testing.T) {
	r := newGreetRig(t, mailtest.NewMemServer(t), time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions = []string{"birthday", "thanksgiving"}
	r.add(usBuyer)
	r.start(nil)
	r.replay(time.Date(2026, 11, 25, 19, 0, 0, 0, time.UTC), 10*time.Minute) // 14:00 in New York
	if got := r.inbox(usBuyer.email); len(got) != 1 {
		t.Fatalf("Bob got %d greetings by 14:00 on 25 November; want his Thanksgiving one", len(got))
	}
	if _, err := r.raw.Exec(`UPDATE contacts SET birthday = '1980-11-25' WHERE email = ?`, usBuyer.email); err != nil {
		t.Fatal(err)
	}
	r.replay(time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	if got := r.inbox(usBuyer.email); len(got) != 1 || r.sentTo(usBuyer.email) != 1 {
		t.Errorf("Bob got %d greetings (%d SMTP sends) on one day; want one", len(got), r.sentTo(usBuyer.email))
	}
}

// Lily presses "Don't send" on Bob's birthday greeting the day before (she
// will write it herself): the Thanksgiving greeting that gave way to it
// goes after all, instead of saying the birthday one goes.
func TestTheDaysOtherGreetingGoesWhenItsBirthdayIsStopped(t *testing.T) {
	r := bobsTwoGreetingsRig(t, time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC))
	r.clock.Set(time.Date(2026, 11, 24, 15, 0, 0, 0, time.UTC))
	plan, err := r.job.PlanMonth(r.ctx, "2026-11", r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	key := ""
	for _, it := range plan.Items {
		if it.To.Email == usBuyer.email && it.Occasion == "birthday" {
			key = it.Key
		}
	}
	if _, _, err := r.job.SkipPlanned(r.ctx, key, lily, r.clock.Now(), func(int64) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := greetingsTo(r, usBuyer.email, r.clock.Now())["thanksgiving"]; got != "planned: " {
		t.Errorf("Thanksgiving once the birthday greeting is stopped: %q; want planned", got)
	}
	r.replay(time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC), 10*time.Minute)
	got := r.inbox(usBuyer.email)
	if len(got) != 1 || !strings.Contains(strings.ToLower(got[0].Subject), "thanksgiving") {
		t.Errorf("Bob's greetings on 25 November: %+v; want the Thanksgiving one", got)
	}
}
