package mailsync_test

import (
	"context"
	"strings"
	"testing"
	"time"

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
