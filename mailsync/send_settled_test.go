package mailsync_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// The pre-send check (a sync of every mailbox) runs before the item is
// claimed: while it runs the item is still queued, so a crash during the
// sync leaves it to be sent later, not `sending` and then uncertain.
func TestPrecheckRunsBeforeTheClaim(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var during []keepwarm.OutboxStatus
	crash := true
	pre := func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
		during = append(during, r.item(it.ID).Status)
		if crash {
			return "", errors.New("sync broke off")
		}
		return "", nil
	}
	r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, log, mailsync.DispatcherOptions{Precheck: pre})
	it := r.enqueue("seq:1:0", keepwarm.ModeSend)
	r.run()
	if got := r.item(it.ID); got.Status != keepwarm.OutboxQueued || r.smtp.DataCount() != 0 {
		t.Fatalf("after a failed check: %+v", got)
	}
	crash = false
	r.clock.Advance(r.disp.Backoff(1))
	if res := r.run(); res.Sent != 1 {
		t.Fatalf("second run: %+v", res)
	}
	if !slices.Equal(during, []keepwarm.OutboxStatus{keepwarm.OutboxQueued, keepwarm.OutboxQueued}) {
		t.Fatalf("status while checking: %v", during)
	}
}

// A hold from the pre-send check keeps the item queued, unclaimed, with no
// attempt counted and its reason on it, however many times it comes: more
// holds than MaxAttempts never fail it. When the check passes it is sent.
func TestPrecheckHoldKeepsTheItemQueued(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	away := true
	checks := 0
	pre := func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
		checks++
		if away {
			return "", &keepwarm.Hold{Until: r.clock.Now().Add(time.Hour), Reason: "lily is away"}
		}
		return "", nil
	}
	r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, log, mailsync.DispatcherOptions{Precheck: pre, MaxAttempts: 2})
	it := r.enqueue("seq:1:0", keepwarm.ModeSend)
	for i := range 4 {
		if res := r.run(); res.Held != 1 || res.Sent+res.Skipped+res.Failed+res.Retried != 0 {
			t.Fatalf("run %d while held: %+v", i, res)
		}
		got := r.item(it.ID)
		if got.Status != keepwarm.OutboxQueued || got.Attempts != 0 || got.LastError != "held: lily is away" ||
			!got.NextAttemptAt.Equal(r.clock.Now().Add(time.Hour).Truncate(time.Second)) || r.smtp.DataCount() != 0 {
			t.Fatalf("run %d: %+v", i, got)
		}
		if res := r.run(); res.Held+res.Sent != 0 {
			t.Fatalf("run %d before the hold ends: %+v", i, res)
		}
		r.clock.Advance(time.Hour)
	}
	away = false
	if res := r.run(); res.Sent != 1 || r.smtp.DataCount() != 1 || checks != 5 {
		t.Fatalf("after the hold: %+v, %d checks", res, checks)
	}
}

// A 5xx at RCPT names the refused recipient to Settled; a give-up after
// retries and an uncertain send are told too.
func TestSettledIsTold(t *testing.T) {
	type call struct {
		status  keepwarm.OutboxStatus
		refused []string
	}
	r := newRig(t, mailtest.NewMemServer(t), nil)
	var calls []call
	settled := func(ctx context.Context, it keepwarm.OutboxItem, st keepwarm.OutboxStatus, reason string, refused []string) error {
		calls = append(calls, call{st, refused})
		return nil
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, log, mailsync.DispatcherOptions{Settled: settled, MaxAttempts: 2})

	r.smtp.RejectRcpt(buyer, 550)
	it := r.enqueue("refused", keepwarm.ModeSend)
	r.run()
	r.smtp.RejectRcpt(buyer, 0)
	if got := r.item(it.ID); got.Status != keepwarm.OutboxFailed || len(calls) != 1 ||
		calls[0].status != keepwarm.OutboxFailed || !slices.Equal(calls[0].refused, []string{buyer}) {
		t.Fatalf("550 at RCPT: %+v, calls %+v", got, calls)
	}

	r.smtp.FailNextData(2, 421)
	it = r.enqueue("outage", keepwarm.ModeSend)
	r.run()
	r.clock.Advance(r.disp.Backoff(1))
	r.run()
	if got := r.item(it.ID); got.Status != keepwarm.OutboxFailed || len(calls) != 2 || calls[1].status != keepwarm.OutboxFailed || calls[1].refused != nil {
		t.Fatalf("gave up: %+v, calls %+v", got, calls)
	}

	r.smtp.DropNextData(1)
	r.enqueue("dropped", keepwarm.ModeSend)
	r.run()
	if len(calls) != 3 || calls[2].status != keepwarm.OutboxUncertain {
		t.Fatalf("uncertain: calls %+v", calls)
	}
}

// A salesperson who presses Skip on the desk while the pre-send check of
// that item runs (a sync of every mailbox, seconds to a minute) has done
// what the check then decides too: the pass goes on with the next item
// instead of stopping on the item no longer queued, which left every
// later item of every mailbox waiting for the next pass.
func TestSkipOnTheDeskDuringTheCheckDoesNotStopThePass(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	first := r.enqueue("seq:1:0", keepwarm.ModeSend)
	second := r.enqueue("seq:2:0", keepwarm.ModeSend)
	pre := func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
		if it.ID != first.ID {
			return "", nil
		}
		if err := r.db.SkipQueued(ctx, it.ID, "skipped on the desk", r.clock.Now()); err != nil {
			t.Fatal(err)
		}
		return "the customer answered", nil
	}
	r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, log, mailsync.DispatcherOptions{Precheck: pre})
	res, err := r.disp.RunOnce(r.ctx, r.clock.Now())
	if err != nil || res.Sent != 1 {
		t.Fatalf("run: %+v %v; want the second item sent and no error", res, err)
	}
	if got := r.item(first.ID); got.Status != keepwarm.OutboxSkipped || got.LastError != "skipped on the desk" {
		t.Fatalf("first item: %s %q; want the desk's skip kept", got.Status, got.LastError)
	}
	if got := r.item(second.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("second item: %s", got.Status)
	}
}
