package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// Merging Lily's customer into Tom's is a hand-over: the breach that
// happened while the mail was Lily's, and her "no answer needed" mark, stay
// in her row; a clock still within its target goes to Tom.
func TestMergeKeepsTheBreachesWithTheOwnerTheyHappenedUnder(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	const lily, tom = "lily@team.example", "tom@team.example"
	for i, k := range []struct {
		key    string
		at     time.Duration
		domain string
	}{
		{"late@acme", 0, "acme.com"},
		{"thanks@acme", 2 * time.Minute, "acme.com"},
		{"fresh@acme", 55 * time.Minute, "acme.com"},
		{"first@acmegroup", 50 * time.Minute, "acme-group.com"},
	} {
		q := msg(k.key)
		q.Subject, q.SubjectKey = k.key, k.key
		q.From = keepwarm.Address{Name: "Bob", Email: "bob@" + k.domain}
		q.CustomerKey, q.Contacts = "domain:"+k.domain, []keepwarm.Address{q.From}
		save(t, db, at(q, "team", "INBOX", uint32(i+1), t0.Add(k.at)))
	}
	for owner, key := range map[string]string{lily: "domain:acme.com", tom: "domain:acme-group.com"} {
		if _, err := db.w.ExecContext(ctx, `UPDATE customers SET owner = ? WHERE key = ?`, owner, key); err != nil {
			t.Fatal(err)
		}
	}
	measure(t, db, t0.Add(time.Minute))
	if _, err := db.WaiveReply(ctx, Viewer{Email: lily}, clockOf(t, db, "thanks@acme").MessageID, lily, t0.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(58*time.Minute))

	var keep, drop int64
	if err := db.w.GetContext(ctx, &keep, `SELECT id FROM customers WHERE key = 'domain:acme-group.com'`); err != nil {
		t.Fatal(err)
	}
	if err := db.w.GetContext(ctx, &drop, `SELECT id FROM customers WHERE key = 'domain:acme.com'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MergeCustomers(ctx, keep, drop, t0.Add(60*time.Minute), "boss@team.example"); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(61 * time.Minute)
	measure(t, db, now)
	rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0.Add(-24 * time.Hour), Until: t0.Add(24 * time.Hour), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]ReplyGroup{}
	for _, g := range rep.Groups {
		by[g.Key] = g
	}
	if g := by[lily]; g.Overdue != 1 || g.NoAnswerNeeded != 1 || g.Count != 1 {
		t.Errorf("after the merge Lily has %+v; want her breach and her mark kept", g)
	}
	if g := by[tom]; g.Overdue != 1 || g.Waiting != 2 || g.NoAnswerNeeded != 0 || g.Count != 2 {
		t.Errorf("after the merge Tom has %+v; want his own late mail and Lily's still within its target", g)
	}
	if len(rep.Breaches) != 2 {
		t.Errorf("breaches: %+v", rep.Breaches)
	}
	for _, b := range rep.Breaches {
		if want := map[string]string{"late@acme": lily, "first@acmegroup": tom}[b.Subject]; b.Owner != want {
			t.Errorf("breach %q filed under %q, want %q", b.Subject, b.Owner, want)
		}
	}
}
