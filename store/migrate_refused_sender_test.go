package store

import (
	"context"
	"testing"
	"time"
)

// A mailbox whose sends failed before 0412 because a blocklist refused its
// server at RCPT is named by FailingSenders after the upgrade; a send that
// failed then for an address that does not exist still says nothing of
// its mailbox.
func TestUpgradeCountsARefusalAtRCPTOfTheSendingServer(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t1 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	ins := `INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, due_at, created_at,
		last_error, attempted_at, refused_recipients)
		VALUES (?, ?, ?, ?, 'send', 'failed', 0, 'sequence', 0, 0, ?, ?, 1)`
	blocked := "gave up after 10 attempts: sending SMTP RCPT TO command: 554 5.7.1 Service unavailable; Client host [203.0.113.9] blocked using zen.spamhaus.org"
	unknown := "sending SMTP RCPT TO command: 550 5.1.1 <hans@buyer.example>: user unknown"
	for i, r := range []struct{ mailbox, err string }{{"lily", blocked}, {"lily", blocked}, {"tom", unknown}, {"tom", unknown}} {
		key := "seq:" + string(rune('a'+i)) + ":1"
		if _, err := db.w.Exec(ins, key, key+"@team", r.mailbox, r.mailbox+"@team.example", r.err, t1.Add(-time.Hour).Unix()); err != nil {
			t.Fatal(err)
		}
	}
	// As 0412 left them: its backfill took them all for the recipients'.
	rollBack(t, db, `DELETE FROM schema_migrations WHERE version = '0425_outbox_refused_sender_backfill'`,
		`UPDATE schema_migrations SET applied_at = `+itoa(t1.Unix())+` WHERE version = '0412_outbox_refused_recipients'`)
	path := db.path
	db.Close()
	db, err := Open(ctx, path, t1.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	got, err := db.FailingSenders(ctx, t1.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Mailbox != "lily" || got[0].Failed != 2 {
		t.Fatalf("failing senders after the upgrade: %+v; want lily's two refusals by the blocklist alone", got)
	}
}
