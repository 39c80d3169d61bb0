package mailsync_test

import (
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A mailbox over its quota for hours holds its mail to customers; a fresh
// dispatcher (a restart, each `keepwarm tick`) takes the hold up from the
// store: inside the hold it does not log in to try the copies again, and
// once the server takes them it files them and the held mail goes in that
// same pass.
func TestAFreshDispatcherKeepsAndEndsTheCopyHold(t *testing.T) {
	srv, r, _, second := refusedCopyRig(t, imap.ResponseCodeOverQuota, "Quota exceeded")
	r.clock.Advance(2 * time.Hour)
	r.run()
	held := r.item(second.ID)
	if held.Status != keepwarm.OutboxQueued || !strings.HasPrefix(held.LastError, mailsync.CopyUnfiledHeld) ||
		held.NextAttemptAt.Sub(r.clock.Now()) < 30*time.Minute {
		t.Fatalf("second before the tick: %s %v %q", held.Status, held.NextAttemptAt, held.LastError)
	}
	fresh := func() {
		t.Helper()
		disp := mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), mailsync.DispatcherOptions{})
		if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	// A tick inside the hold: no login, the mail still held.
	r.clock.Advance(10 * time.Minute)
	dials := r.dials.Load()
	fresh()
	if n := r.dials.Load() - dials; n != 0 {
		t.Errorf("%d IMAP logins in a tick inside the hold, want 0: the copies are tried once a hold", n)
	}
	if got := r.item(second.ID); got.Status != keepwarm.OutboxQueued {
		t.Fatalf("second in the hold: %s %q", got.Status, got.LastError)
	}
	// The hold ends and Lily has freed space: the next tick files the
	// copies and sends the held mail.
	srv.RefuseAppend("", "", "")
	r.clock.Advance(50 * time.Minute)
	fresh()
	if got := r.item(second.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("second after the copies were filed: %s %v (now %v) %q", got.Status, got.NextAttemptAt, r.clock.Now(), got.LastError)
	}
}

// A mailbox over its quota for hours with no mail to customers left to
// hold (Lily skipped it): under `keepwarm tick` every five minutes, each
// tick a fresh dispatcher, the copy is tried once a hold, as in one
// process, not at every tick: the hold is kept with the copy's note. Each
// tick logged in and tried it, about 300 logins a day.
func TestAFreshDispatcherKeepsTheCopyHoldWithNoMailHeld(t *testing.T) {
	srv, r, first, second := refusedCopyRig(t, imap.ResponseCodeOverQuota, "Quota exceeded")
	if err := r.db.SkipQueued(r.ctx, second.ID, "skipped by lily@seller.example", r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(2 * time.Hour)
	r.run() // tries the copy again: it fails, and waits an hour
	tick := func(d time.Duration) {
		t.Helper()
		r.clock.Advance(d)
		disp := mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), mailsync.DispatcherOptions{})
		if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	dials := r.dials.Load()
	for range 3 {
		tick(5 * time.Minute)
	}
	if n := r.dials.Load() - dials; n != 0 {
		t.Errorf("%d IMAP logins in three ticks inside the copy's hold, want 0: the copies are tried once a hold", n)
	}
	// The hold ends and Lily has freed space: the next tick files it.
	srv.RefuseAppend("", "", "")
	tick(50 * time.Minute)
	if got := r.item(first.ID); got.AppendedAt.IsZero() || got.LastError != "" {
		t.Errorf("the copy after its hold ended: appended %v, %q; want it filed", got.AppendedAt, got.LastError)
	}
}

// The admin sets server_saves_sent and restarts: the copies count as filed
// in the first pass, and the mail held for them goes in that pass, not up
// to an hour later.
func TestARestartWithTheCopiesFiledSendsTheHeldMail(t *testing.T) {
	srv, r, _, second := refusedCopyRig(t, imap.ResponseCodeOverQuota, "Quota exceeded")
	r.clock.Advance(2 * time.Hour)
	r.run()
	if got := r.item(second.ID); got.Status != keepwarm.OutboxQueued || got.NextAttemptAt.Sub(r.clock.Now()) < 30*time.Minute {
		t.Fatalf("second before the restart: %s %v %q", got.Status, got.NextAttemptAt, got.LastError)
	}
	srv.RefuseAppend("", "", "")
	acct := r.acct
	acct.ServerFilesSent = true
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, nil, r.clock, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(r.db, snd, r.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), mailsync.DispatcherOptions{})
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := r.item(second.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("second after the restart with server_saves_sent: %s %v (now %v) %q", got.Status, got.NextAttemptAt, r.clock.Now(), got.LastError)
	}
}

// Lily's provider renames her Sent folder after keepwarm found it: the
// next mail goes, but its copy finds no Sent folder, and her mail waits
// for hours. The admin sets sent_folder and restarts: the first pass
// files the copy in the folder named and sends the mail waiting. The note
// the copy left (tried again in an hour) held the mail for up to that
// hour, its reason still saying to set sent_folder.
func TestARestartWithSentFolderSetFilesTheCopyAndSendsAtOnce(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	first := r.enqueue("seq:1:1", keepwarm.ModeSend)
	r.run()
	if got := r.item(first.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
		t.Fatalf("first item: %s, appended %v (%q); want sent and filed", got.Status, got.AppendedAt, got.LastError)
	}
	renameFolders(t, srv, "Outbox-X")
	second := r.enqueue("seq:2:1", keepwarm.ModeSend)
	r.run()
	if got := r.item(second.ID); got.Status != keepwarm.OutboxSent || !got.AppendedAt.IsZero() ||
		!strings.Contains(got.LastError, "no Sent folder found") {
		t.Fatalf("second item: %s, appended %v (%q); want sent, its copy not filed for want of a Sent folder", got.Status, got.AppendedAt, got.LastError)
	}
	r.clock.Advance(2 * time.Hour)
	r.run() // tries the copy again: no folder still, tried again in an hour
	if got := r.item(second.ID); got.NextAttemptAt.Sub(r.clock.Now()) < 30*time.Minute {
		t.Fatalf("second's copy after two hours missing: next try %v (now %v) %q; want about an hour on", got.NextAttemptAt, r.clock.Now(), got.LastError)
	}
	third := r.enqueue("seq:3:1", keepwarm.ModeSend)

	r.clock.Advance(5 * time.Minute)
	acct := r.acct
	acct.SentFolder = "Outbox-X"
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, mailtest.SenderDialer(srv.Addr(), seller, imapPass), r.clock, log)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(r.db, snd, r.clock, log, mailsync.DispatcherOptions{})
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := r.item(second.ID); got.AppendedAt.IsZero() {
		t.Errorf("second's copy after the restart with sent_folder set: not filed (next try %v, now %v) %q; want it filed in the first pass",
			got.NextAttemptAt, r.clock.Now(), got.LastError)
	}
	if got := r.item(third.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
		t.Errorf("third after the restart with sent_folder set: %s, next try %v (now %v) %q; want it sent and filed in the first pass",
			got.Status, got.NextAttemptAt, r.clock.Now(), got.LastError)
	}
	if n := len(mailtest.Raw(t, srv, seller, "Outbox-X")); n != 2 {
		t.Errorf("Outbox-X holds %d copies, want 2 (the second's and the third's)", n)
	}
}
