package chat_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// TestAnOutcomeNotRecordedIsRecordedAtStop: WeCom took the post, but the
// database was too busy to record it, and keepwarm stops before the next
// pass would have. Stopping records it: the next start finds nothing
// interrupted, so no "may not have arrived" mail goes out about a nudge
// that arrived.
func TestAnOutcomeNotRecordedIsRecordedAtStop(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	busy := &busyStore{DB: r.db, fails: 1}
	settled := func(_ context.Context, items []keepwarm.OutboxItem, status keepwarm.OutboxStatus, _ string) {
		t.Errorf("%d nudges settled %s", len(items), status)
	}
	d := chat.NewDispatcher(busy, []*chat.Channel{channelFor(srv, "wecom")}, r.clock, quiet(), chat.Options{Settled: settled})
	r.nudge("wecom", "lily")
	d.Start(r.ctx)
	deadline := time.Now().Add(10 * time.Second)
	for len(srv.Posts()) == 0 || r.items()[0].Status != keepwarm.OutboxSending {
		if time.Now().After(deadline) {
			t.Fatalf("no post: %d posts, item %s", len(srv.Posts()), r.items()[0].Status)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := d.Close(r.ctx); err != nil {
		t.Fatal(err)
	}
	next := chat.NewDispatcher(r.db, []*chat.Channel{channelFor(srv, "wecom")}, r.clock, quiet(), chat.Options{Settled: settled})
	if err := next.Recover(r.ctx); err != nil {
		t.Fatal(err)
	}
	if it := r.items()[0]; it.Status != keepwarm.OutboxSent || len(srv.Posts()) != 1 {
		t.Fatalf("item %s (%s), %d posts", it.Status, it.LastError, len(srv.Posts()))
	}
}

// TestFlushRecordsWhatAPassCouldNot: `keepwarm tick` ends after its
// pass; a post whose outcome the pass could not record is recorded by
// Flush before the process ends.
func TestFlushRecordsWhatAPassCouldNot(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	d := chat.NewDispatcher(&busyStore{DB: r.db, fails: 2}, []*chat.Channel{channelFor(srv, "wecom")}, r.clock, quiet(), chat.Options{})
	r.nudge("wecom", "lily")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err == nil {
		t.Fatal("the failed record went unnoticed")
	}
	if err := d.Flush(r.ctx); err != nil { // the first try fails too
		t.Fatal(err)
	}
	if err := chat.NewDispatcher(r.db, nil, r.clock, quiet(), chat.Options{}).Recover(r.ctx); err != nil {
		t.Fatal(err)
	}
	if it := r.items()[0]; it.Status != keepwarm.OutboxSent {
		t.Fatalf("item %s (%s)", it.Status, it.LastError)
	}
}

// TestFlushEndsWithItsContext: a `keepwarm tick` stopped by Ctrl-C while
// another process holds the database, or the daemon's stop running out of
// its budget, ends Flush with its ctx (after one more try), not 20 seconds
// later: the daemon would have closed the database under it.
func TestFlushEndsWithItsContext(t *testing.T) {
	r := newRig(t)
	srv := mailtest.NewChatServer(t, "wecom", "")
	d := chat.NewDispatcher(&busyStore{DB: r.db, fails: 1 << 30}, []*chat.Channel{channelFor(srv, "wecom")}, r.clock, quiet(), chat.Options{})
	r.nudge("wecom", "lily")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err == nil {
		t.Fatal("the failed record went unnoticed")
	}
	ctx, cancel := context.WithTimeout(r.ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := d.Flush(ctx); err == nil {
		t.Fatal("Flush said the outcome was recorded")
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("Flush took %s after its ctx ended", took)
	}
}

// busyFailStore is the database, but the first MarkFailed fails as a busy
// SQLite's would.
type busyFailStore struct {
	*store.DB
	fails int
}

func (b *busyFailStore) MarkFailed(ctx context.Context, id int64, reason string) error {
	if b.fails > 0 {
		b.fails--
		return fmt.Errorf("store: outbox %d failed: %w", id, context.DeadlineExceeded)
	}
	return b.DB.MarkFailed(ctx, id, reason)
}

// TestAnUnusableChannelsFailureIsRecordedLate: a channel that cannot be
// used fails its nudges at once, so they go by mail; the database too
// busy to record that left them claimed, unseen by the next passes, with
// no mail, until a restart called them uncertain ("it may have arrived",
// of a post never tried). The next pass records them failed and hands
// them on once, counting them in its result and logging them as nudges
// not posted, not as a post that failed.
func TestAnUnusableChannelsFailureIsRecordedLate(t *testing.T) {
	r := newRig(t)
	var settled []keepwarm.OutboxStatus
	c := &chat.Channel{Name: "wecom", Kind: chat.WeCom, Unusable: errors.New("the webhook URL from $WECOM_URL is not set")}
	var logged bytes.Buffer
	d := chat.NewDispatcher(&busyFailStore{DB: r.db, fails: 1}, []*chat.Channel{c}, r.clock, slog.New(slog.NewTextHandler(&logged, nil)), chat.Options{
		Settled: func(_ context.Context, items []keepwarm.OutboxItem, status keepwarm.OutboxStatus, _ string) {
			settled = append(settled, status)
		}})
	r.nudge("wecom", "lily")
	if _, err := d.RunOnce(r.ctx, r.clock.Now()); err == nil {
		t.Fatal("the failed record went unnoticed")
	}
	r.clock.Advance(time.Minute)
	logged.Reset()
	res, err := d.RunOnce(r.ctx, r.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if it := r.items()[0]; it.Status != keepwarm.OutboxFailed || !strings.Contains(it.LastError, "cannot be used as configured") ||
		len(settled) != 1 || settled[0] != keepwarm.OutboxFailed {
		t.Fatalf("item %s (%s); settled %v", it.Status, it.LastError, settled)
	}
	if res.Failed != 1 {
		t.Errorf("the pass that recorded the nudge failed counts %d failed, want 1", res.Failed)
	}
	if log := logged.String(); strings.Contains(log, "chat post failed for good") || !strings.Contains(log, "chat nudges not posted: the channel cannot be used as configured") {
		t.Errorf("the late record is logged as:\n%s", log)
	}
}
