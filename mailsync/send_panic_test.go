package mailsync_test

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A fault in keepwarm's own code during a sending pass (the pre-send check
// meeting data it did not expect) ends that pass, not the daemon: the item
// stays queued and goes out at a later pass.
func TestPanicInAPassDoesNotEndTheDispatcher(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	var checks atomic.Int32
	pre := func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
		if checks.Add(1) == 1 {
			var steps []string
			_ = steps[2] // the first check meets what it did not expect
		}
		return "", nil
	}
	r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{Precheck: pre})
	it := r.enqueue("panic:1", keepwarm.ModeSend)
	r.disp.Start(r.ctx)
	defer r.disp.Close(r.ctx)
	deadline := time.Now().Add(10 * time.Second)
	for checks.Load() < 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // polling the test's own observation
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxQueued {
		t.Fatalf("after the failed pass: %s", got.Status)
	}
	for r.item(it.ID).Status != keepwarm.OutboxSent {
		if time.Now().After(deadline) {
			t.Fatalf("not sent after the failed pass: %s, %d checks", r.item(it.ID).Status, checks.Load())
		}
		r.clock.Advance(time.Minute)
		time.Sleep(20 * time.Millisecond) // polling the test's own observation
	}
}
