package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// A draft whose APPEND lost its answer keeps that through a later failed
// attempt, a hold, a wait for its mailbox (its attempt taken back) and a
// wait for the first sync, whose errors write over the first one's, and
// when it ends uncertain; it is cleared only when the draft is filed.
func TestDraftsLostAppendIsKeptUntilFiled(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	t0 := time.Date(2026, 12, 20, 9, 0, 0, 0, time.UTC)
	it := testItem("greet:1:christmas:2026", t0)
	it.Mode, it.Origin, it.Sequence, it.Step = keepwarm.ModeDraft, "greeting", "", nil
	x, _, err := db.Enqueue(ctx, it)
	if err != nil {
		t.Fatal(err)
	}
	now := t0
	claim := func() {
		t.Helper()
		now = now.Add(time.Hour)
		if _, ok, err := db.Claim(ctx, x.ID, now); err != nil || !ok {
			t.Fatalf("claim: %v %v", ok, err)
		}
	}
	lost := func(what string, want bool) {
		t.Helper()
		got, err := db.OutboxItem(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.AppendLost != want {
			t.Fatalf("after %s: append lost %v (%s %q), want %v", what, got.AppendLost, got.Status, got.LastError, want)
		}
	}
	lostAt := func(what string, want time.Time) {
		t.Helper()
		got, err := db.OutboxItem(ctx, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !got.AppendLostAt.Equal(want) {
			t.Fatalf("after %s: append lost at %v, want %v", what, got.AppendLostAt, want)
		}
	}
	claim()
	first := now // the claim of the attempt whose answer was lost
	if err := db.MarkRetryAppendLost(ctx, x.ID, now, "mailsync: imap lily: append to Drafts: EOF"); err != nil {
		t.Fatal(err)
	}
	lost("the lost answer", true)
	lostAt("the lost answer", first)
	claim()
	if err := db.MarkRetry(ctx, x.ID, now, "mailsync: imap lily: dial tcp: connection refused"); err != nil {
		t.Fatal(err)
	}
	lost("a failed attempt", true)
	lostAt("a failed attempt", first)
	claim()
	if err := db.MarkRetryAppendLost(ctx, x.ID, now, "mailsync: imap lily: append to Drafts: EOF"); err != nil {
		t.Fatal(err)
	}
	lostAt("a second lost answer", first) // the first may have filed it
	if err := db.HoldOutbox(ctx, x.ID, now.Add(time.Hour), "held: outside the send window"); err != nil {
		t.Fatal(err)
	}
	lost("a hold", true)
	if _, err := db.HoldDue(ctx, it.Mailbox, now.Add(2*time.Hour), "waits for the mailbox's first sync"); err != nil {
		t.Fatal(err)
	}
	lost("a wait for the first sync", true)
	claim()
	if err := db.Unclaim(ctx, x.ID, now, "held: no Drafts folder"); err != nil {
		t.Fatal(err)
	}
	lost("a wait for the mailbox", true)
	claim()
	if err := db.MarkDrafted(ctx, x.ID, now); err != nil {
		t.Fatal(err)
	}
	lost("filing it", false)
	lostAt("filing it", time.Time{})

	// An uncertain draft keeps it too: nothing moves it again by itself.
	it.Key = "greet:2:christmas:2026"
	it.MessageID = keepwarm.NewMessageID("team.example")
	if x, _, err = db.Enqueue(ctx, it); err != nil {
		t.Fatal(err)
	}
	claim()
	if err := db.MarkRetryAppendLost(ctx, x.ID, now, "mailsync: imap lily: append to Drafts: EOF"); err != nil {
		t.Fatal(err)
	}
	claim()
	if err := db.MarkUncertain(ctx, x.ID, "may be filed"); err != nil {
		t.Fatal(err)
	}
	lost("uncertain", true)
}

// A draft queued again before 0448 after its APPEND lost its answer (said
// by its error alone) is marked by the upgrade; a send's, a draft's that
// failed before its APPEND, and a filed draft's are not.
func TestUpgradeMarksADraftWhoseAppendLostItsAnswer(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	t1 := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	ins := `INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, due_at, created_at, last_error)
		VALUES (?, ?, 'lily', 'lily@team.example', ?, ?, 0, 'greeting', 0, 0, ?)`
	rows := []struct {
		mode, status, err string
		want              bool
	}{
		{"draft", "queued", "mailsync: imap lily: append to Drafts: EOF", true},
		{"draft", "queued", "mailsync: imap lily: dial tcp: connection refused", false},
		{"send", "queued", "mailsync: imap lily: append to Sent: EOF", false},
		{"draft", "drafted", "mailsync: imap lily: append to Drafts: EOF", false},
	}
	for i, r := range rows {
		key := "greet:" + string(rune('a'+i)) + ":1"
		if _, err := db.w.Exec(ins, key, key+"@team", r.mode, r.status, r.err); err != nil {
			t.Fatal(err)
		}
	}
	rollBack(t, db, `DELETE FROM schema_migrations WHERE version = '0448_outbox_append_lost'`,
		`ALTER TABLE outbox DROP COLUMN append_lost`)
	path := db.path
	db.Close()
	db, err := Open(ctx, path, t1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i, r := range rows {
		got, err := db.OutboxItem(ctx, int64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		if got.AppendLost != r.want {
			t.Errorf("%s %s %q: append lost %v after the upgrade, want %v", r.mode, r.status, r.err, got.AppendLost, r.want)
		}
	}
}

// A draft marked before 0553 as having lost its APPEND's answer has no
// record of when: it takes its created_at, no later than that attempt, so
// the retry's look for her mail of its thread reaches back far enough.
func TestUpgradeDatesADraftsLostAppendFromItsCreation(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	created := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ins := `INSERT INTO outbox (key, message_id, mailbox, from_email, mode, status, next_attempt_at, origin, due_at, created_at, attempted_at, append_lost)
		VALUES (?, ?, 'lily', 'lily@team.example', 'draft', 'queued', 0, 'letter', 0, ?, ?, ?)`
	for i, lost := range []bool{true, false} {
		key := "letter:" + string(rune('a'+i)) + ":2026-12"
		if _, err := db.w.Exec(ins, key, key+"@team", created.Unix(), created.AddDate(0, 0, 3).Unix(), lost); err != nil {
			t.Fatal(err)
		}
	}
	rollBack(t, db, `DELETE FROM schema_migrations WHERE version = '0553_outbox_append_lost_at'`,
		`ALTER TABLE outbox DROP COLUMN append_lost_at`)
	path := db.path
	db.Close()
	db, err := Open(ctx, path, created.AddDate(0, 0, 4))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for i, want := range []time.Time{created, {}} {
		got, err := db.OutboxItem(ctx, int64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		if !got.AppendLostAt.Equal(want) {
			t.Errorf("item %d (append lost %v): append lost at %v after the upgrade, want %v", i+1, got.AppendLost, got.AppendLostAt, want)
		}
	}
}

// Lily's monthly letter to Bob was filed in Drafts by an attempt whose
// APPEND lost its answer; she sent it from there that afternoon under a new
// Message-ID. The retry, three days later (held while she was away), finds
// her mail and leaves it uncertain; she says it went ("It arrived"). It is
// drafted as of the attempt that filed it, not the retry's claim, so her
// copy in Sent is matched to it: keepwarm's letter, not a mail of her own
// (one to follow up, or whose language later greetings take).
func TestArrivedDraftWhoseAppendLostItsAnswerIsMatchedToHerCopy(t *testing.T) {
	db, ctx := quotedDB(t), context.Background()
	x, lostAt := lostLetterSentByHer(t, db, "Dear Bob, our news for Acme this December: a new pump range and our holiday hours.", time.Minute)
	if _, ok, err := db.Claim(ctx, x.ID, t0.Add(-time.Hour)); err != nil || !ok { // the retry, days later
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := db.MarkUncertain(ctx, x.ID, "interrupted while filing the draft; a mail of the same thread is in Drafts or Sent since"); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkArrived(ctx, x.ID, "it arrived (lily)"); err != nil {
		t.Fatal(err)
	}
	if err := db.MatchSentDrafts(ctx, lostAt.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `SELECT count(*) FROM outbox WHERE sent_copy = 'copy@team'`); got != 1 {
		t.Fatalf("her copy of the letter is not matched to it (%d): taken for a mail of her own", got)
	}
	if got, err := db.OutboxItem(ctx, x.ID); err != nil || got.Status != keepwarm.OutboxDrafted || !got.AppendedAt.Equal(lostAt) || !got.SentAt.Equal(lostAt) {
		t.Fatalf("arrived: %s at %v, filed %v (%v); want drafted at %v", got.Status, got.SentAt, got.AppendedAt, err, lostAt)
	}
}

// Lily's monthly letter to Bob was filed in Drafts by an attempt whose
// APPEND lost its answer; she sent it from there ten minutes later under a
// new Message-ID, while the item waits for its retry (held while she is
// away, or left uncertain). Her copy in Sent is matched to it at once, not
// only once someone says it arrived: it is keepwarm's letter, never a mail
// of hers for a follow-up to chase ("Did you receive my mail?").
func TestWaitingDraftWhoseAppendLostItsAnswerIsMatchedToHerCopy(t *testing.T) {
	for _, status := range []keepwarm.OutboxStatus{keepwarm.OutboxQueued, keepwarm.OutboxUncertain} {
		t.Run(string(status), func(t *testing.T) {
			db, ctx := quotedDB(t), context.Background()
			x, lostAt := lostLetterSentByHer(t, db, "Dear Bob, our news for Acme this December: a new pump range and our price list attached.", 72*time.Hour)
			if status == keepwarm.OutboxUncertain {
				if _, ok, err := db.Claim(ctx, x.ID, t0.Add(-time.Hour)); err != nil || !ok {
					t.Fatalf("claim: %v %v", ok, err)
				}
				if err := db.MarkUncertain(ctx, x.ID, "interrupted while filing the draft; a mail of the same thread is in Drafts or Sent since"); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.MatchSentDrafts(ctx, lostAt.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
			if got := count(t, db, `SELECT count(*) FROM outbox WHERE sent_copy = 'copy@team'`); got != 1 {
				t.Fatalf("her copy of the waiting letter is not matched to it (%d): taken for a mail of her own", got)
			}
			cands, err := db.EnrollCandidates(ctx, lostAt.Add(-time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			copyID := count(t, db, `SELECT id FROM messages WHERE message_id = 'copy@team'`)
			for _, c := range cands {
				if c.AnchorID == int64(copyID) {
					t.Fatalf("her copy of keepwarm's letter is a candidate to follow up: %+v", c)
				}
			}
		})
	}
}

// lostLetterSentByHer queues Lily's December letter to Bob in draft mode,
// three days before t0, has the attempt that filed it lose its APPEND
// answer (the retry due retryAfter later), and saves her copy of it in Sent,
// sent from Drafts ten minutes after that attempt under a new Message-ID.
func lostLetterSentByHer(t *testing.T, db *DB, text string, retryAfter time.Duration) (keepwarm.OutboxItem, time.Time) {
	t.Helper()
	ctx := context.Background()
	subject := "News from Lily Chen, December"
	cust := count(t, db, `SELECT id FROM customers WHERE key = 'domain:acme.com'`)
	lostAt := t0.Add(-72 * time.Hour)
	it := testItem("letter:2026-12:1", lostAt)
	it.Mailbox, it.From = "lily", keepwarm.Address{Name: "Lily", Email: "lily@team.example"}
	it.To = []keepwarm.Address{{Name: "Bob", Email: "bob@acme.com"}}
	it.Subject, it.Text, it.InReplyTo, it.References = subject, text, "", nil
	it.Mode, it.Origin, it.Sequence, it.Step, it.CustomerID = keepwarm.ModeDraft, "letter", "", nil, int64(cust)
	x, _, err := db.Enqueue(ctx, it)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.Claim(ctx, x.ID, lostAt); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := db.MarkRetryAppendLost(ctx, x.ID, lostAt.Add(retryAfter), "mailsync: imap lily: append to Drafts: EOF"); err != nil {
		t.Fatal(err)
	}
	sent := lilyAnswer("copy@team", "")
	sent.InReplyTo, sent.References = nil, nil
	sent.Subject, sent.SubjectKey, sent.Snippet = subject, "news from lily chen, december", text
	save(t, db, at(sent, "lily", "Sent", 2, lostAt.Add(10*time.Minute)))
	return x, lostAt
}
