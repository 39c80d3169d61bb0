package mailsync_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// An item is claimed, and its mail dated, when it is sent, not when the
// pass began: the last look before it (a sync) and the items before it
// took time, and a Date minutes in the past sorts the mail before what
// arrived meanwhile.
func TestItemClaimedAtItsOwnInstant(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) { a.ServerFilesSent = true })
	pre := func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
		r.clock.Advance(10 * time.Minute) // a slow sync
		return "", nil
	}
	disp := mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{Precheck: pre})
	start := r.clock.Now()
	a, b := r.enqueue("claim-a", keepwarm.ModeSend), r.enqueue("claim-b", keepwarm.ModeSend)
	if res, err := disp.RunOnce(r.ctx, start); err != nil || res.Sent != 2 {
		t.Fatalf("run: %+v %v", res, err)
	}
	for i, id := range []int64{a.ID, b.ID} {
		want := start.Add(time.Duration(i+1) * 10 * time.Minute)
		if it := r.item(id); !it.AttemptedAt.Equal(want) {
			t.Fatalf("item %d claimed at %s, want %s (after its check)", i+1, it.AttemptedAt, want)
		}
	}
	msgs := r.smtp.Messages()
	if len(msgs) != 2 || !strings.Contains(string(msgs[1].Raw), "Date: "+start.Add(20*time.Minute).Format("Mon, 02 Jan 2006 15:04:05")) {
		t.Fatalf("the second mail's Date is not its send's instant:\n%s", msgs[len(msgs)-1].Raw)
	}
}
