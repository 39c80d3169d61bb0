package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// Lily's Outlook accept of Hans's "Quotation review" invitation, stored
// before accepts were marked, is marked by the upgrade, and the follow-up
// running on it is held for a person, saying why; her "Accepted: your
// offer of 3 Dec" with words, and its follow-up, are left alone.
func TestUpgradeMarksOwnCalendarAnswersStoredBefore(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	accept := msg("acc-1@team.example")
	accept.Kind, accept.From, accept.To = keepwarm.KindOutbound, keepwarm.Address{Name: "Lily", Email: "lily@team.example"}, []keepwarm.Address{{Email: "bob@acme.com"}}
	accept.Subject, accept.SubjectKey, accept.Snippet = "Accepted: Quotation review PI-2026-031", "accepted: quotation review pi-2026-031", ""
	offer := accept
	offer.Key, offer.MessageID, offer.RawHeader = "ok-2@team.example", "ok-2@team.example", []byte("Message-ID: <ok-2@team.example>\r\n")
	offer.Subject, offer.SubjectKey, offer.Snippet = "Accepted: your offer of 3 Dec", "accepted: your offer of 3 dec", "Dear Bob, we accept your offer; the PI follows."
	ooo := accept
	ooo.Key, ooo.MessageID, ooo.RawHeader = "acc-3@team.example", "acc-3@team.example", []byte("Message-ID: <acc-3@team.example>\r\n")
	ooo.Subject, ooo.SubjectKey = "Angenommen: Musterprüfung", "angenommen: musterprüfung"
	save(t, db, at(accept, "lily", "Sent", 1, t0), at(offer, "lily", "Sent", 2, t0.Add(time.Minute)), at(ooo, "lily", "Sent", 3, t0.Add(2*time.Minute)))
	for _, r := range []struct{ key, status string }{{"acc-1@team.example", "active"}, {"ok-2@team.example", "active"}, {"acc-3@team.example", "paused"}} {
		if _, err := db.w.ExecContext(ctx, `INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at, paused_until, reason)
			SELECT thread_id, customer_id, 'key-customer', ?, id, received_at, received_at, received_at + 86400, received_at, received_at,
			       CASE ? WHEN 'paused' THEN received_at + 7 * 86400 END, CASE ? WHEN 'paused' THEN 'out of office: bob@acme.com' ELSE '' END
			FROM messages WHERE message_id = ?`, r.status, r.status, r.status, r.key); err != nil {
			t.Fatal(err)
		}
	}
	// Lily's Spanish accept was set aside for want of a grade, and
	// would be looked at again once the customer has one.
	set := accept
	set.Key, set.MessageID, set.RawHeader = "acc-4@team.example", "acc-4@team.example", []byte("Message-ID: <acc-4@team.example>\r\n")
	set.Subject, set.SubjectKey = "Aceptado: Revisión de muestras", "aceptado: revisión de muestras"
	save(t, db, at(set, "lily", "Sent", 4, t0.Add(3*time.Minute)))
	if _, err := db.w.ExecContext(ctx, `INSERT INTO followup_skips (message_id, thread_id, customer_id, reason, created_at)
		SELECT id, thread_id, customer_id, 'no-sequence', received_at FROM messages WHERE message_id = 'acc-4@team.example'`); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM enrollments`); n != 3 {
		t.Fatalf("enrollments %d; the test needs three (one per thread)", n)
	}
	// As a database before the mark: its accepts stored unmarked.
	rollBack(t, db, `DELETE FROM schema_migrations WHERE version = '0449_repair_own_calendar_answers'`)
	path := db.path
	db.Close()
	db, err := Open(ctx, path, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for key, want := range map[string]int{"acc-1@team.example": 1, "ok-2@team.example": 0, "acc-3@team.example": 1, "acc-4@team.example": 1} {
		if n := count(t, db, `SELECT count(*) FROM messages WHERE message_id = '`+key+`' AND calendar_reply = 1`); n != want {
			t.Errorf("%s marked %d, want %d", key, n, want)
		}
	}
	for key, reason := range map[string]string{
		"acc-1@team.example": "on hold: it follows up a calendar's answer to a meeting invitation (Accepted: Quotation review PI-2026-031): stop it, or resume it if the thread needs a follow-up",
		"acc-3@team.example": "on hold: it follows up a calendar's answer to a meeting invitation (Angenommen: Musterprüfung): stop it, or resume it if the thread needs a follow-up",
	} {
		var status, got string
		var until *int64
		if err := db.r.QueryRowContext(ctx, `SELECT e.status, e.reason, e.paused_until FROM enrollments e JOIN messages m ON m.id = e.anchor_id
			WHERE m.message_id = ?`, key).Scan(&status, &got, &until); err != nil {
			t.Fatal(err)
		}
		if status != "paused" || until != nil || got != reason {
			t.Errorf("the follow-up of %s: %s until %v (%q), want held for a person with %q", key, status, until, got, reason)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM followup_skips`); n != 0 {
		t.Errorf("the Spanish accept set aside is still listed as mail not followed up")
	}
	if n := count(t, db, `SELECT count(*) FROM enrollments e JOIN messages m ON m.id = e.anchor_id
		WHERE m.message_id = 'ok-2@team.example' AND e.status = 'active' AND e.reason = ''`); n != 1 {
		t.Errorf("the follow-up of Lily's \"Accepted: your offer\" with words was changed")
	}
}
