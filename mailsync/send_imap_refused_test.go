package mailsync_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// refusedRig has, in the rig's mailbox "team", one of each piece of IMAP
// work the dispatcher does besides sending: a sent mail whose copy is not
// in Sent yet, a send a crash left in `sending`, a draft of a "received"
// reply whose message was settled since (to be removed from Drafts), and
// a queued draft. It returns a dispatcher whose IMAP logins are refused
// (the password was changed), counting them; with busy, every other login
// is turned down as busy instead.
func refusedRig(t *testing.T, busy ...bool) (*rig, *mailsync.Dispatcher, *atomic.Int32) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	good := mailsync.MailboxConfig{Name: "team", URL: srv.URL(), Username: seller, Password: imapPass}

	// A customer message, stored by a sync, answered by the salesperson
	// after keepwarm filed a "received" draft for it.
	srv.Append(t, seller, "INBOX", mailtest.GenMessage(1, mailtest.GenOptions{TeamDomain: "seller.example"}), sendT0.Add(-time.Hour))
	syncOnce(t, mailsync.NewSyncer(good, r.db, team(), r.clock, testLogger(t), mailsync.SyncOptions{}))
	raw, err := sql.Open("sqlite3", "file:"+r.dbPath+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var msgID int64
	var mid, from, subject string
	if err := raw.QueryRow("SELECT id, message_id, from_email, subject FROM messages ORDER BY id LIMIT 1").Scan(&msgID, &mid, &from, &subject); err != nil {
		t.Fatal(err)
	}
	ack := r.enqueue(fmt.Sprintf("ack:%d", msgID), keepwarm.ModeDraft)
	if _, err := raw.Exec("UPDATE outbox SET origin = 'ack' WHERE id = ?", ack.ID); err != nil {
		t.Fatal(err)
	}
	answer := "From: Li Wei <" + seller + ">\r\nTo: <" + from + ">\r\nSubject: Re: " + subject +
		"\r\nDate: " + sendT0.Add(-time.Minute).Format(time.RFC1123Z) + "\r\nMessage-ID: <answer-1@seller.example>\r\nIn-Reply-To: <" + mid +
		">\r\nReferences: <" + mid + ">\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDear buyer, here it is.\r\n"
	srv.Append(t, seller, "Sent", []byte(answer), sendT0.Add(-time.Minute))
	syncOnce(t, mailsync.NewSyncer(good, r.db, team(), r.clock, testLogger(t), mailsync.SyncOptions{}))
	sent := r.enqueue("copy:1", keepwarm.ModeSend)
	stuck := r.enqueue("crash:1", keepwarm.ModeSend)
	if claimed, err := r.db.ClaimDue(r.ctx, r.clock.Now(), 10); err != nil || len(claimed) != 3 {
		t.Fatalf("claim: %d %v", len(claimed), err)
	}
	if err := r.db.MarkSent(r.ctx, sent.ID, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := r.db.MarkDrafted(r.ctx, ack.ID, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got, err := r.db.AnsweredDrafts(r.ctx, r.clock.Now().Add(-mailsync.GreetingDraftAge)); err != nil || len(got) != 1 {
		t.Fatalf("answered drafts: %d %v", len(got), err)
	}
	if got, err := r.db.PendingAppend(r.ctx); err != nil || len(got) != 1 {
		t.Fatalf("copies to file: %d %v", len(got), err)
	}
	r.draft = r.enqueue("draft:1", keepwarm.ModeDraft) // queued, due now

	bad := good
	bad.Password = "the-old-password"
	var logins atomic.Int32
	busyCfg := good
	if len(busy) > 0 && busy[0] {
		front := mailtest.NewLoginFront(t, srv.Addr(), 1000, "[UNAVAILABLE] Too many connections")
		busyCfg.URL = &url.URL{Scheme: "imap", Host: front.Addr()}
	}
	dial := func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
		cfg := bad
		if logins.Add(1)%2 == 0 && busyCfg.URL != good.URL {
			cfg = busyCfg
		}
		return mailsync.NewSyncer(cfg, r.db, nil, r.clock, testLogger(t), mailsync.SyncOptions{}).Dial(ctx)
	}
	log := slog.New(slog.DiscardHandler)
	snd, err := mailsync.NewSender([]mailsync.Account{r.acct}, dial, r.clock, log)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(r.db, snd, r.clock, log, mailsync.DispatcherOptions{MaxLoginFailures: 3})
	if r.item(stuck.ID).Status != keepwarm.OutboxSending {
		t.Fatal("the interrupted send is not in sending")
	}
	return r, disp, &logins
}

// pass is what the dispatcher's loop does each time (see pass in
// send_loop.go): settle interrupted sends, then run.
func refusedPasses(t *testing.T, r *rig, disp *mailsync.Dispatcher, n int) {
	t.Helper()
	for range n {
		_ = disp.Recover(r.ctx)
		if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
		r.clock.Advance(5 * time.Minute)
	}
}

// A mailbox whose password was changed without telling keepwarm is not
// logged in to over and over by the sender's IMAP work (copies, drafts,
// interrupted sends, answered drafts), pass after pass, until the provider
// locks the salesperson's account: after max_login_failures refused logins
// in a row it waits for a restart, as sync does, and /healthz says so.
func TestRefusedIMAPLoginIsNotTriedEveryPass(t *testing.T) {
	r, disp, logins := refusedRig(t)
	refusedPasses(t, r, disp, 10)
	if n := logins.Load(); n != 3 {
		t.Fatalf("%d IMAP logins in 10 passes with a refused password; want 3 (max_login_failures)", n)
	}
	stopped := disp.SendingStopped()["team"]
	if !strings.Contains(stopped, "IMAP login refused 3 times in a row") {
		t.Fatalf("SendingStopped: %q", stopped)
	}
	if it := r.item(r.draft.ID); it.Status != keepwarm.OutboxQueued || !strings.Contains(it.LastError, "until it is restarted") ||
		!strings.HasPrefix(it.LastError, "held: not filed in Drafts, as the mailbox's IMAP login stopped: ") {
		t.Fatalf("queued draft: %s %q; want it held saying why", it.Status, it.LastError)
	}
}

// A login the server turns down as busy between the refusals (the
// salesperson's phone holding its connections) neither counts nor starts
// the count again: the sender still stops after three refusals.
func TestBusyIMAPLoginBetweenRefusalsDoesNotResetTheCount(t *testing.T) {
	r, disp, logins := refusedRig(t, true)
	refusedPasses(t, r, disp, 12)
	if n := logins.Load(); n != 5 {
		t.Fatalf("%d IMAP logins in 12 passes, refused and busy in turn; want 5 (three refused, two busy)", n)
	}
	if stopped := disp.SendingStopped()["team"]; !strings.Contains(stopped, "IMAP login refused 3 times in a row") {
		t.Fatalf("SendingStopped: %q", stopped)
	}
}

// Once the mailbox's own sync gave up after refused logins, the sender
// does not log in to it at all.
func TestIMAPStoppedBySyncIsNotLoggedInToBySender(t *testing.T) {
	r, disp, logins := refusedRig(t)
	disp.SetIMAPStopped(func(mailbox string) bool { return mailbox == "team" })
	refusedPasses(t, r, disp, 5)
	if n := logins.Load(); n != 0 {
		t.Fatalf("%d IMAP logins to a mailbox whose sync stopped after refused logins; want 0", n)
	}
}

// An account whose password could not be read is never sent from: its
// mail waits queued, no connection is made, and SendingStopped says why.
func TestUnusableAccountKeepsItsMailQueued(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) {
		a.Unusable = errors.New(`mailbox "team": password_env: environment variable TEAM_PW is empty or unset`)
	})
	it := r.enqueue("unusable:1", keepwarm.ModeSend)
	for range 3 {
		r.run()
		r.clock.Advance(10 * time.Minute)
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxQueued || got.Attempts != 0 || r.smtp.DataCount() != 0 || r.dials.Load() != 0 {
		t.Fatalf("item %s after %d attempts, %d DATA, %d IMAP dials", got.Status, got.Attempts, r.smtp.DataCount(), r.dials.Load())
	}
	if why := r.disp.SendingStopped()["team"]; !strings.Contains(why, "cannot send") || !strings.Contains(why, "TEAM_PW") {
		t.Fatalf("SendingStopped: %q", why)
	}
}

// Where keepwarm files the copy in Sent itself and the mailbox's IMAP login
// stopped, a mail to send (a greeting, a letter, a manager's send-as) is
// held too, not sent without its copy: the salesperson, not finding it in
// Sent, would send it again herself.
func TestIMAPStoppedHoldsSendsWhoseCopyKeepwarmFiles(t *testing.T) {
	r, disp, _ := refusedRig(t)
	disp.SetIMAPStopped(func(mailbox string) bool { return mailbox == "team" })
	greeting := r.enqueue("greeting:1", keepwarm.ModeSend)
	before := r.smtp.DataCount()
	refusedPasses(t, r, disp, 2)
	got := r.item(greeting.ID)
	if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 || !strings.Contains(got.LastError, "held: not sent, as its copy could not be filed in the Sent folder") ||
		!strings.Contains(got.LastError, "imap team") || r.smtp.DataCount() != before {
		t.Fatalf("greeting of a mailbox whose IMAP stopped: %s, %d attempts, %d DATA: %q", got.Status, got.Attempts, r.smtp.DataCount()-before, got.LastError)
	}
}

// Where the server files the copy itself, the send does not need the
// IMAP login and goes.
func TestIMAPStoppedDoesNotHoldSendsTheServerFiles(t *testing.T) {
	r, disp, _ := refusedRig(t)
	r.acct.ServerFilesSent = true
	snd, err := mailsync.NewSender([]mailsync.Account{r.acct}, nil, r.clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	disp = mailsync.NewDispatcher(r.db, snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{})
	disp.SetIMAPStopped(func(mailbox string) bool { return mailbox == "team" })
	greeting := r.enqueue("greeting:1", keepwarm.ModeSend)
	refusedPasses(t, r, disp, 1)
	if got := r.item(greeting.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("greeting where the server files the copy: %s %q", got.Status, got.LastError)
	}
}

// skipsAfterDue is the real store, with a person skipping each item on the
// desk just after the pass found it due.
type skipsAfterDue struct{ *store.DB }

func (s skipsAfterDue) DueItem(ctx context.Context, mailbox string, now time.Time) (keepwarm.OutboxItem, bool, error) {
	it, ok, err := s.DB.DueItem(ctx, mailbox, now)
	if ok {
		_ = s.DB.SkipQueued(ctx, it.ID, "skipped by lily", now)
	}
	return it, ok, err
}

// A held item a person skipped between the pass finding it due and the
// hold is left skipped, and the pass goes on: not an "outbox run failed"
// that ends the pass for every mailbox after it.
func TestIMAPStoppedHoldOfAnItemSkippedMeanwhile(t *testing.T) {
	r, _, _ := refusedRig(t)
	disp := mailsync.NewDispatcher(skipsAfterDue{r.db}, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{})
	disp.SetIMAPStopped(func(mailbox string) bool { return mailbox == "team" })
	greeting := r.enqueue("greeting:1", keepwarm.ModeSend)
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatalf("pass: %v", err)
	}
	for _, id := range []int64{r.draft.ID, greeting.ID} {
		if got := r.item(id); got.Status != keepwarm.OutboxSkipped || got.LastError != "skipped by lily" {
			t.Fatalf("item %d skipped meanwhile: %s %q", id, got.Status, got.LastError)
		}
	}
}
