package sequences_test

import (
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// Lily stops Hans's Christmas greeting while the team tries keepwarm out
// in dry-run. The manager then switches the greetings to send before
// Christmas: her Don't send still holds, at both of Hans's addresses, and
// the plan still says who stopped it.
func TestDontSendInDryRunHoldsOnceTheTeamSends(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newGreetRig(t, srv, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	r.cfg.Occasions, r.cfg.Custom = []string{"christmas"}, nil
	r.cfg.Mode = keepwarm.ModeDryRun
	hans := customer{key: "domain:globex.de", name: "Globex GmbH", grade: "A", country: "DE", tz: "Europe/Berlin", lang: "en",
		email: "hans.meier@globex.de", contact: "Hans Meier"}
	custID, _ := r.add(hans)
	gmail := hans
	gmail.email = "hans.meier@gmail.com"
	if _, err := r.raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at) VALUES (?, ?, ?, ?)`,
		custID, gmail.email, gmail.contact, r.clock.Now().Unix()); err != nil {
		t.Fatal(err)
	}
	r.imap.AddUser(t, gmail.email, imapPass)
	r.wrote(hans, time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC))
	r.start(nil)

	it := r.planOf("2026-12")[hans.email+" christmas"]
	if it.Status != sequences.PlanPlanned {
		t.Fatalf("Hans in dry-run: %q %s", it.Status, it.Reason)
	}
	if _, _, err := r.job.SkipPlanned(r.ctx, it.Key, lily, r.clock.Now(), func(int64) error { return nil }); err != nil {
		t.Fatal(err)
	}

	r.clock.Set(time.Date(2026, 12, 20, 0, 0, 0, 0, time.UTC))
	r.cfg.Mode = keepwarm.ModeSend
	r.start(nil)
	plan := r.planOf("2026-12")
	if it := plan[hans.email+" christmas"]; it.Status != string(keepwarm.OutboxSkipped) || !strings.HasPrefix(it.Reason, "skipped by "+lily) {
		t.Errorf("Hans's greeting stopped in dry-run, in send mode: %q %s", it.Status, it.Reason)
	}
	if it, ok := plan[gmail.email+" christmas"]; ok && it.Status != sequences.PlanSkip {
		t.Errorf("Hans at gmail after Don't send in dry-run: %q %s", it.Status, it.Reason)
	}
	r.replay(time.Date(2026, 12, 26, 0, 0, 0, 0, time.UTC), time.Hour)
	if a, b := len(r.inbox(hans.email)), len(r.inbox(gmail.email)); a+b != 0 {
		t.Errorf("Hans got %d greeting(s) at globex.de and %d at gmail after Lily's Don't send in dry-run", a, b)
	}
	var n int
	if err := r.raw.Get(&n, `SELECT count(*) FROM outbox WHERE mode = 'send' AND status <> 'skipped'`); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d outbox item(s) to send after Lily's Don't send in dry-run", n)
	}
}
