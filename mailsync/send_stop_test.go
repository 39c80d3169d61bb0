package mailsync_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// runStopping starts RunOnce on a context of its own and returns the
// context's cancel (the signal) and a channel with RunOnce's result.
func (r *rig) runStopping() (stop context.CancelFunc, done <-chan error) {
	ctx, cancel := context.WithCancel(r.ctx)
	ch := make(chan error, 1)
	go func() {
		_, err := r.disp.RunOnce(ctx, r.clock.Now())
		ch <- err
	}()
	return cancel, ch
}

// waitRun waits (10 s at most) for a RunOnce started by runStopping.
func waitRun(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("RunOnce did not return after the stop")
		return nil
	}
}

// A stop (SIGTERM) while the SMTP server has the message and has not yet
// answered: the send is given its grace, the server's 250 is recorded as
// sent and the copy filed in Sent, and the next item is not claimed.
func TestStopDuringSendRecordsTheSendAndClaimsNothingMore(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newRig(t, srv, nil)
		first := r.enqueue("stop:1", keepwarm.ModeSend)
		second := r.enqueue("stop:2", keepwarm.ModeSend)
		hold := r.smtp.HoldNextData()
		stop, done := r.runStopping()
		<-hold.Held
		if id, ok := r.disp.Sending(); !ok || id != first.ID {
			t.Fatalf("Sending() = %d, %v; want %d", id, ok, first.ID)
		}
		stop()
		hold.Release()
		if err := waitRun(t, done); err == nil {
			t.Fatal("RunOnce after a stop returned no error")
		}
		got := r.item(first.ID)
		if got.Status != keepwarm.OutboxSent || got.SentAt.IsZero() || got.AppendedAt.IsZero() {
			t.Fatalf("the send under way at the stop: %s (sent %v, appended %v) %q, want sent and filed",
				got.Status, got.SentAt, got.AppendedAt, got.LastError)
		}
		if n := len(mailtest.Raw(t, srv, seller, "Sent")); n != 1 {
			t.Fatalf("%d copies in Sent, want 1", n)
		}
		if got := r.item(second.ID); got.Status != keepwarm.OutboxQueued || got.Attempts != 0 {
			t.Fatalf("the next item after a stop: %s, %d attempts; want queued, untouched", got.Status, got.Attempts)
		}
		// The next start sends the rest, and nothing twice.
		if err := r.disp.Recover(r.ctx); err != nil {
			t.Fatal(err)
		}
		if res := r.run(); res.Sent != 1 {
			t.Fatalf("next run: %+v, want the second item sent", res)
		}
		if n := r.smtp.DataCount(); n != 2 {
			t.Fatalf("%d DATA commands, want 2", n)
		}
		if n := len(mailtest.Raw(t, srv, seller, "Sent")); n != 2 {
			t.Fatalf("%d copies in Sent, want 2", n)
		}
	})
}

// A server that does not answer within the grace after a stop: the send
// is cut short and recorded as uncertain, saying why, and is never resent.
func TestStopGraceCutsAStalledSendShortAsUncertain(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	it := r.enqueue("stall:1", keepwarm.ModeSend)
	hold := r.smtp.HoldNextData()
	defer hold.Release()
	stop, done := r.runStopping()
	<-hold.Held
	stop()
	// The grace runs on the dispatcher's clock: wait for its timer, then
	// let it run out.
	deadline := time.Now().Add(10 * time.Second)
	for r.clock.PendingWithin(mailsync.DefaultStopGrace) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no grace timer after the stop")
		}
		time.Sleep(time.Millisecond) // polling the test's own observation
	}
	r.clock.Advance(mailsync.DefaultStopGrace)
	if err := waitRun(t, done); err == nil {
		t.Fatal("RunOnce after a stop returned no error")
	}
	got := r.item(it.ID)
	if got.Status != keepwarm.OutboxUncertain || !strings.Contains(got.LastError, "stopping") {
		t.Fatalf("stalled send after the grace: %s %q, want uncertain, saying keepwarm was stopping", got.Status, got.LastError)
	}
	hold.Release()
	if err := r.disp.Recover(r.ctx); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(time.Hour)
	r.run()
	if n := r.smtp.DataCount(); n != 1 {
		t.Fatalf("%d DATA commands, want 1: an uncertain send is not resent", n)
	}
}

// A [notify] row (an account with no IMAP mailbox) that a crash left in
// `sending` is settled at the next start, with a note, instead of failing
// to reconcile at every start; it is not resent.
func TestRecoverSettlesAnInterruptedNotifySend(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	notify := mailsync.Account{Mailbox: "notify", SMTPURL: r.smtp.URL().String(), Username: mailtest.SMTPUser,
		Password: mailtest.SMTPPassword, ServerFilesSent: true, NoMailbox: true, DailyCap: -1}
	sellerDial := mailtest.SenderDialer(r.imap.Addr(), seller, imapPass)
	dial := func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
		if mailbox != "team" {
			return nil, fmt.Errorf("no IMAP mailbox named %q to file a copy in", mailbox) // as app's dialer says
		}
		return sellerDial(ctx, mailbox)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	snd, err := mailsync.NewSender([]mailsync.Account{r.acct, notify}, dial, r.clock, log)
	if err != nil {
		t.Fatal(err)
	}
	r.snd, r.disp = snd, mailsync.NewDispatcher(r.db, snd, r.clock, log, mailsync.DispatcherOptions{})
	nudge := keepwarm.OutboxItem{Key: "nudge:x:1", MessageID: keepwarm.NewMessageID("acme.example"), Mailbox: "notify",
		From: keepwarm.Address{Email: "keepwarm@acme.example"}, To: []keepwarm.Address{{Email: seller}},
		Subject: "Reply to Bob", Text: "Bob is waiting.", Mode: keepwarm.ModeSend, Origin: "nudge",
		DueAt: r.clock.Now(), CreatedAt: r.clock.Now()}
	nudge, _, err = r.db.Enqueue(r.ctx, nudge)
	if err != nil {
		t.Fatal(err)
	}
	if claimed, err := r.db.ClaimDue(r.ctx, r.clock.Now(), 10); err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	for start := range 2 {
		if err := r.disp.Recover(r.ctx); err != nil {
			t.Fatalf("start %d: %v", start+1, err)
		}
	}
	got := r.item(nudge.ID)
	if got.Status != keepwarm.OutboxUncertain || got.LastError != mailsync.InterruptedNoMailbox {
		t.Fatalf("interrupted notify row: %s %q, want uncertain with the note", got.Status, got.LastError)
	}
	r.run()
	if n := r.smtp.DataCount(); n != 0 {
		t.Fatalf("%d DATA commands: the interrupted nudge was resent", n)
	}
}
