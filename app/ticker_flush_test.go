package app

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/config"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// recordFails is the database busy when the first chat post is to be
// recorded sent: WeCom took the post, the record did not happen.
type recordFails struct {
	*store.DB
	fails int
}

func (r *recordFails) MarkSent(ctx context.Context, id int64, now time.Time) error {
	if r.fails > 0 {
		r.fails--
		return fmt.Errorf("store: outbox %d sent: %w", id, context.DeadlineExceeded)
	}
	return r.DB.MarkSent(ctx, id, now)
}

// cycleRecordFailing runs one Cycle of a's ticker with the dispatcher set
// by swap on db failing its first record of a send (st), and fails the
// test unless the Cycle says so.
func cycleRecordFailing(ctx context.Context, t *testing.T, a *App, db *store.DB, swap func(tk *Ticker, st *recordFails)) {
	t.Helper()
	tk, err := a.NewTicker(ctx)
	if err != nil {
		t.Fatal(err)
	}
	swap(tk, &recordFails{DB: db, fails: 1})
	if _, _, err := tk.Cycle(ctx); err == nil {
		t.Fatal("the failed record went unnoticed")
	}
}

// TestTickRecordsAPostItsPassCouldNot: `keepwarm tick` runs one Cycle
// and ends. A nudge WeCom took whose outcome the pass could not record is
// recorded before the cycle returns, so the next start finds it sent: not
// interrupted, called uncertain, and mailed again as "may not have
// arrived".
func TestTickRecordsAPostItsPassCouldNot(t *testing.T) {
	ctx := context.Background()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme.example", "lily-pw")
	robot := mailtest.NewChatServer(t, "wecom", "")
	cfg, err := config.Parse([]byte(fmt.Sprintf(`
[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
notify = ["wecom:lily"]
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = %q
username = "lily@acme.example"
password_env = "LILY_PW"
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`, srv.URL())))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	env := map[string]string{"LILY_PW": "lily-pw", "WECOM_URL": robot.URL}
	clock := keepwarm.NewManualClock(t0)
	a := New(cfg, db, Options{Clock: clock, Getenv: func(k string) string { return env[k] }})

	now := clock.Now()
	note := &keepwarm.ChatNote{Channel: "wecom", Mentions: []string{"lily"},
		Title: "Reply due: Hans Meier (Meier GmbH) waiting 5 min", Customer: "Hans Meier (Meier GmbH), hans@meier.de",
		Subject: "Quotation for 2000 LED panels", Waiting: "5 min", Excerpt: "Please quote 2000 pcs.",
		Lang: "en", Since: now.Add(-5 * time.Minute), Name: "Hans Meier", Company: "Meier GmbH", Contact: "hans@meier.de"}
	if _, created, err := db.Enqueue(ctx, keepwarm.OutboxItem{
		Key: "nudge:1:1:wecom", MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: keepwarm.ChatMailbox("wecom"), From: keepwarm.Address{Email: "keepwarm@acme.example"},
		To: []keepwarm.Address{{Email: "lily@acme.example"}}, Subject: "Reply due: Quotation for 2000 LED panels", Text: "Quotation for 2000 LED panels",
		Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "nudge", Chat: note,
	}); err != nil || !created {
		t.Fatalf("enqueue: %v (created %v)", err, created)
	}

	chans, err := a.ChatChannels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cycleRecordFailing(ctx, t, a, db, func(tk *Ticker, st *recordFails) {
		tk.Chat = chat.NewDispatcher(st, chans, clock, a.Log, chat.Options{})
	})
	if n := len(robot.Posts()); n != 1 {
		t.Fatalf("%d posts, want 1", n)
	}

	// The next start.
	if err := chat.NewDispatcher(db, chans, clock, a.Log, chat.Options{}).Recover(ctx); err != nil {
		t.Fatal(err)
	}
	items, err := db.ListOutbox(ctx, keepwarm.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("%d items, want the nudge", len(items))
	}
	if it := items[0]; it.Status != keepwarm.OutboxSent {
		t.Fatalf("after the next start the nudge is %s (%s), want sent", it.Status, it.LastError)
	}
}

// TestTickRecordsASendItsPassCouldNot: a follow-up the SMTP server took
// (250) whose `sent` the tick's pass could not record (the store busy) is
// recorded before the tick ends, so the next tick's Recover finds it sent:
// not interrupted and missing from Sent (keepwarm files its copy only once
// it is recorded), called uncertain, its follow-up stopped and Lily sent
// to ask the customer whether it arrived.
func TestTickRecordsASendItsPassCouldNot(t *testing.T) {
	ctx := context.Background()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme.example", "lily-pw")
	smtp := mailtest.NewSMTPServer(t)
	cfg, err := config.Parse([]byte(fmt.Sprintf(`
[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = %q
username = "lily@acme.example"
password_env = "LILY_PW"
smtp_url = %q
`, srv.URL(), smtp.URL())))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := keepwarm.NewManualClock(t0)
	a := New(cfg, db, Options{Clock: clock, Getenv: func(string) string { return "lily-pw" }})
	now := clock.Now()
	it, created, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:lily:1", MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: "lily", From: keepwarm.Address{Name: "Lily Chen", Email: "lily@acme.example"}, To: []keepwarm.Address{{Name: "Hans Meier", Email: "hans@meier.de"}},
		Subject: "Re: Quotation for 2000 LED panels", Text: "Dear Hans,\n\nDid my quotation reach you?\n\nLily", Mode: keepwarm.ModeSend,
		DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "sequence"})
	if err != nil || !created {
		t.Fatalf("enqueue: %v (created %v)", err, created)
	}
	sender, err := mailsync.NewSender([]mailsync.Account{{Mailbox: "lily", SMTPURL: smtp.URL().String(), Username: mailtest.SMTPUser,
		Password: mailtest.SMTPPassword, DailyCap: -1}}, mailtest.SenderDialer(srv.Addr(), "lily@acme.example", "lily-pw"), clock, a.Log)
	if err != nil {
		t.Fatal(err)
	}

	cycleRecordFailing(ctx, t, a, db, func(tk *Ticker, st *recordFails) {
		tk.Disp = mailsync.NewDispatcher(st, sender, clock, a.Log, mailsync.DispatcherOptions{})
	})
	if n := len(smtp.Messages()); n != 1 {
		t.Fatalf("%d messages sent, want 1", n)
	}

	// The next tick.
	next := mailsync.NewDispatcher(db, sender, clock, a.Log, mailsync.DispatcherOptions{})
	if err := next.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := db.OutboxItem(ctx, it.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != keepwarm.OutboxSent {
		t.Fatalf("after the next tick's start the follow-up is %s (%s), want sent", got.Status, got.LastError)
	}
}
