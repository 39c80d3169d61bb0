package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// A laptop's monotonic clock stands still while it sleeps: the last look
// before a follow-up that woke seven hours after the previous one, less
// than a minute later by that clock, still syncs Lily's mailbox and sees
// the answer Hans sent overnight, rather than trusting the sync from
// before the sleep.
func TestLastLookAfterASleepSyncsAgain(t *testing.T) {
	if _, ok := mailtest.WallJump(time.Now(), time.Hour); !ok {
		t.Fatal("this Go's time.Time cannot carry a wall jump: the test cannot put the laptop to sleep")
	}
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	due := day(3)
	clock := mailtest.NewSleepingClock(due)
	m, engine, _ := openSeqMain(t, r, clock)
	defer m.close()
	ctx := context.Background()
	if err := engine.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	_, pre, _, err := m.app.FollowUpParts(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	items, err := r.db().ListOutbox(ctx, keepwarm.OutboxFilter{})
	if err != nil || len(items) != 1 || items[0].Enrollment == nil {
		t.Fatalf("queued: %+v %v", items, err)
	}
	if why, err := pre(ctx, items[0]); why != "" || err != nil {
		t.Fatalf("the last look before the sleep: %q %v", why, err)
	}
	r.answer("a-night@buyer.de", "Re: Quotation LED panels", "Thanks, we will order next week.", due.Add(6*time.Hour))
	clock.Sleep(7 * time.Hour) // 16:06 in Berlin: inside the send window
	why, err := pre(ctx, items[0])
	if err != nil || !strings.Contains(why, "replied") {
		t.Fatalf("the last look after seven hours asleep: %q %v; want the follow-up stopped by Hans's answer", why, err)
	}
}
