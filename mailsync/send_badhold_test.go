package mailsync_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A pre-send check that asks to hold an item until the zero time or a
// past instant (a bug) does not make the item due again at once: it is
// held for an hour, and the mailbox's other mail goes in the same pass
// rather than every claim going to the held item again.
func TestAHoldEndingInThePastDoesNotStopTheMailbox(t *testing.T) {
	for _, until := range []func(now time.Time) time.Time{
		func(time.Time) time.Time { return time.Time{} },
		func(now time.Time) time.Time { return now.Add(-time.Minute) },
	} {
		r := newRig(t, mailtest.NewMemServer(t), nil)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		checks := map[string]int{}
		pre := func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
			checks[it.Key]++
			if it.Key == "seq:1:0" {
				return "", &keepwarm.Hold{Until: until(r.clock.Now()), Reason: "lily is away"}
			}
			return "", nil
		}
		r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, log, mailsync.DispatcherOptions{Precheck: pre})
		held := r.enqueue("seq:1:0", keepwarm.ModeSend)
		other := r.enqueue("seq:2:0", keepwarm.ModeSend)
		res := r.run()
		if res.Sent != 1 || res.Held != 1 || checks["seq:1:0"] != 1 || r.item(other.ID).Status != keepwarm.OutboxSent {
			t.Fatalf("pass: %+v, checks %v, other %+v", res, checks, r.item(other.ID))
		}
		got := r.item(held.ID)
		if want := r.clock.Now().Add(time.Hour).Truncate(time.Second); got.Status != keepwarm.OutboxQueued || !got.NextAttemptAt.Equal(want) {
			t.Fatalf("held item: %s until %s, want queued until %s", got.Status, got.NextAttemptAt, want)
		}
		if !res.Next.After(r.clock.Now()) {
			t.Fatalf("next pass at %s, now %s", res.Next, r.clock.Now())
		}
	}
}
