package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A mailbox removed from the configuration (Lily left, her [[mailbox]]
// block was taken out) strands nothing: what was queued from it is marked
// failed at start, saying why, instead of staying queued for ever (or
// going out weeks late should the block come back). A configured mailbox's
// items are left alone.
func TestQueuedMailOfARemovedMailboxIsFailedAtStart(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	w := newFUApp(t, "", t0)
	enqueue := func(mailbox string) int64 {
		t.Helper()
		it, _, err := w.a.DB.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:" + mailbox + ":1", MessageID: keepwarm.NewMessageID("lumina-export.example"),
			Mailbox: mailbox, From: keepwarm.Address{Email: mailbox + "@lumina-export.example"}, To: []keepwarm.Address{hansMeier},
			Subject: "Re: RFQ", Text: "Dear Mr. Meier", Mode: keepwarm.ModeSend, DueAt: t0.Add(time.Hour), NextAttemptAt: t0.Add(time.Hour),
			CreatedAt: t0, Origin: "sequence"})
		if err != nil {
			t.Fatal(err)
		}
		return it.ID
	}
	bob, lily := enqueue("bob"), enqueue("lily")
	w.a.Cfg.Mailboxes[0].SMTPURL = "" // sales@ receives only now
	sales := enqueue("sales")
	if _, err := w.a.FailOrphans(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id     int64
		status keepwarm.OutboxStatus
		why    string
	}{
		{bob, keepwarm.OutboxFailed, "mailbox bob is no longer configured ([[mailbox]]): not sent"},
		{sales, keepwarm.OutboxFailed, "mailbox sales has no smtp_url any more: not sent"},
		{lily, keepwarm.OutboxQueued, ""},
	} {
		it, err := w.a.DB.OutboxItem(ctx, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if it.Status != tc.status || !strings.Contains(it.LastError, tc.why) {
			t.Fatalf("%s: %s %q, want %s %q", it.Mailbox, it.Status, it.LastError, tc.status, tc.why)
		}
	}
}
