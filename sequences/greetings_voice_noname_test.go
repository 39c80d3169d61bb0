package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// Bob never put a name on his mail. Lily's latest mail to Acme is a
// reply-all to Bob and Peter that opens "Dear Peter,": Bob came first in
// its To because he wrote the mail she answered. Bob's birthday greeting
// does not open "Dear Peter,". Written to Bob alone, her "Dear Bob," is
// his greeting's opening, name or not.
func TestGreetingToAContactWithoutANameDoesNotReuseAnotherPersonsOpening(t *testing.T) {
	start := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	noName := keepwarm.Address{Email: usBuyer.email}
	peter := keepwarm.Address{Name: "Peter Schmidt", Email: "peter@acme-us.com"}
	for _, c := range []struct {
		name, text    string
		to            []keepwarm.Address
		want, notWant string
	}{
		{"reply-all", "Dear Peter,\n\nplease find our offer for the LED panels attached.\n\nBest regards\nLily Chen",
			[]keepwarm.Address{noName, peter}, "", "Peter"},
		{"alone", "Dear Bob,\n\nplease find our offer for the LED panels attached.\n\nBest regards\nLily Chen",
			[]keepwarm.Address{noName}, "Dear Bob,", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := newGreetRig(t, mailtest.NewMemServer(t), start)
			bob := usBuyer
			bob.birthday, bob.contact = "1980-11-25", ""
			r.add(bob)
			r.cfg.Occasions = []string{"birthday"}
			if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at)
				SELECT id, ?, ?, ? FROM customers WHERE key = ?`, peter.Email, peter.Name, start.Unix(), usBuyer.key); err != nil {
				t.Fatal(err)
			}
			r.mailTo("own-1", start.AddDate(0, -1, 0), 1, c.text, c.to, nil)
			r.start(nil)
			r.replay(time.Date(2026, 11, 25, 20, 0, 0, 0, time.UTC), 10*time.Minute)
			got := r.inbox(usBuyer.email)
			if len(got) != 1 {
				t.Fatalf("Bob's INBOX holds %d greetings", len(got))
			}
			if (c.notWant != "" && strings.Contains(got[0].Body, c.notWant)) || !strings.Contains(got[0].Body, c.want) {
				t.Errorf("Bob's greeting:\n%s", got[0].Body)
			}
		})
	}
}
