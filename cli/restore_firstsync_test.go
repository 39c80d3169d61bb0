package cli

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// restoredGreeting is a database as restored from a backup taken while a
// greeting to Hans was queued: the greeting went out after the backup, so
// its copy is in Lily's Sent, not yet synced. The mailbox's logins go
// through a front that refuses the first refused of them.
func restoredGreeting(t *testing.T, refused int) (*seqRig, keepwarm.OutboxItem) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	r := newSeqRig(t, srv, "")
	r.must(day(0), "sync")
	db := r.db()
	it, _, err := db.Enqueue(context.Background(), keepwarm.OutboxItem{
		Key: "greet:hans:christmas:2026", MessageID: keepwarm.NewMessageID("seller.example"), Mailbox: "lily",
		From: keepwarm.Address{Name: "Lily Chen", Email: mailtest.SMTPUser}, To: []keepwarm.Address{{Email: hans}},
		Subject: "Merry Christmas", Text: "Dear Hans,\r\nMerry Christmas.\r\n", Mode: keepwarm.ModeSend,
		Origin: "manual", DueAt: day(1), CreatedAt: day(1), NextAttemptAt: day(1),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv.Append(t, mailtest.SMTPUser, "Sent", mailtest.Msg{From: "Lily Chen <" + mailtest.SMTPUser + ">", To: hans,
		Subject: it.Subject, MessageID: it.MessageID, Date: day(1), Body: it.Text}.Bytes(), day(1))
	front := mailtest.NewLoginFront(t, srv.Addr(), refused, "[AUTHENTICATIONFAILED] Authentication failed.")
	conf, err := os.ReadFile(r.config)
	if err != nil {
		t.Fatal(err)
	}
	conf = bytes.Replace(conf, []byte(srv.URL().String()), []byte("imap://"+front.Addr()), 1)
	if err := os.WriteFile(r.config, conf, 0o600); err != nil {
		t.Fatal(err)
	}
	return r, it
}

// TestTickAfterRestoreHoldsUntilSentIsSynced: the first tick after the
// restore cannot log in to Lily's mailbox for its sync. The greeting waits,
// saying why, instead of going to Hans a second time; the next tick syncs
// its copy and records it as sent.
func TestTickAfterRestoreHoldsUntilSentIsSynced(t *testing.T) {
	r, _ := restoredGreeting(t, 1)
	if code, out, errs := r.run(day(1).Add(time.Hour), "tick"); code == 0 {
		t.Errorf("tick with a refused login exited 0:\n%s\n%s", out, errs)
	}
	if n := r.delivered(); n != 0 {
		t.Fatalf("the greeting went to Hans %d times before Lily's Sent was read; want none", n)
	}
	line := r.outbox()[0]
	if line.Status != keepwarm.OutboxQueued || line.Attempts != 0 ||
		!strings.HasPrefix(line.LastError, mailsync.FirstSyncHeld) || !strings.Contains(line.LastError, "Authentication failed") {
		t.Fatalf("after the failed sync: %+v; want queued, no attempt, saying it waits for the sync and why it failed", line)
	}
	out := r.must(day(1).Add(2*time.Hour), "tick")
	if !strings.Contains(out, "found in their mailbox") {
		t.Errorf("the second tick said:\n%s", out)
	}
	if n := r.delivered(); n != 0 {
		t.Errorf("the greeting went to Hans %d times after the restore; it had gone before", n)
	}
	if line := r.outbox()[0]; line.Status != keepwarm.OutboxSent {
		t.Errorf("after the sync: %+v; want sent", line)
	}
}

// TestRunAfterRestoreHoldsUntilSentIsSynced: `run` after the restore. Its
// dispatcher starts beside the sync, whose first logins are refused (the
// retry waits on the stopped clock): the greeting waits. Once the clock
// moves on and the sync stores its copy, it is recorded as sent, never
// sent again.
func TestRunAfterRestoreHoldsUntilSentIsSynced(t *testing.T) {
	r, it := restoredGreeting(t, 2)
	clock := keepwarm.NewManualClock(day(1).Add(time.Hour))
	var errb mailtest.LockedBuffer
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, &errb, func(k string) string { return r.env[k] })
	m.Clock = clock
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		m.Run(ctx, []string{"--config", r.config, "--log-level", "debug", "run"})
	}()
	defer func() {
		cancel()
		select {
		case <-stopped:
		case <-time.After(10 * time.Second):
			t.Error("run did not stop")
		}
	}()
	db := openReadOnly(t, strings.TrimSuffix(r.config, "keepwarm.toml")+"kw.db")
	held := func() bool {
		got, err := db.OutboxItem(context.Background(), it.ID)
		return err == nil && strings.HasPrefix(got.LastError, mailsync.FirstSyncHeld)
	}
	waitFor(t, "the greeting held or sent", func() bool { return held() || r.delivered() > 0 })
	time.Sleep(300 * time.Millisecond) // a dispatcher that sends blind has had its chance
	if n := r.delivered(); n != 0 {
		t.Fatalf("the greeting went to Hans %d times while Lily's Sent was not read; want none\n%s", n, errb.String())
	}
	waitFor(t, "the greeting recorded as sent", func() bool {
		got, err := db.OutboxItem(context.Background(), it.ID)
		if err == nil && got.Status == keepwarm.OutboxSent {
			return true
		}
		clock.Advance(time.Minute) // the sync's retries, after a refusal each
		return false
	})
	if n := r.delivered(); n != 0 {
		t.Errorf("the greeting went to Hans %d times after the restore; it had gone before", n)
	}
}
