package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/store"
)

// TestHealthzNamesASenderThatKeepsFailing: the [notify] account's password
// was revoked, so its nudge mail fails for good; a WeCom robot was removed
// from its group, so two nudges in a row fail for good there. /healthz is
// 503 and names each, with the last error, until a send goes through
// again; one failed chat nudge alone stays a note.
func TestHealthzNamesASenderThatKeepsFailing(t *testing.T) {
	db, clock, ops, base := startOps(t, nil)
	ops.watchSenders(true, []string{"wecom"})
	n := 0
	send := func(mailbox string, fail string) {
		t.Helper()
		n++
		now := clock.Now()
		it := keepwarm.OutboxItem{Key: "nudge:" + string(rune('a'+n)) + ":1", MessageID: keepwarm.NewMessageID("acme.example"),
			Mailbox: mailbox, From: keepwarm.Address{Email: "keepwarm@acme.example"}, To: []keepwarm.Address{{Email: "lily@acme.example"}},
			Subject: "Reply due", Text: "Reply due", Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "nudge"}
		if ch, ok := keepwarm.ChatChannelOf(mailbox); ok {
			it.Chat = &keepwarm.ChatNote{Channel: ch, Title: "Reply due"}
		}
		settleItem(t, db, clock, it, fail)
	}
	healthz := func() (int, string) { t.Helper(); return get(t, base+"/healthz") }
	if code, body := healthz(); code != 200 {
		t.Fatalf("nothing sent yet: %d %q", code, body)
	}
	send("notify", "")
	send("chat:wecom", "channel wecom: refused (errcode 93000: invalid webhook url)")
	if code, body := healthz(); code != 200 || !strings.Contains(body, "note: 1 chat nudge(s) not delivered") {
		t.Fatalf("one chat nudge failed: %d %q", code, body)
	}
	send("notify", "gave up after 10 attempts: 535 5.7.8 authentication failed")
	send("chat:wecom", "channel wecom: refused (errcode 93000: invalid webhook url)")
	code, body := healthz()
	if code != 503 || !strings.Contains(body, "notify: 1 nudge or digest mail(s) from [notify] failed, none sent since (latest 2026-11-02T01:02:00Z): gave up after 10 attempts: 535") ||
		!strings.Contains(body, "chat channel wecom: 2 nudge(s) failed for good, none posted since (latest 2026-11-02T01:03:00Z): channel wecom: refused (errcode 93000") {
		t.Fatalf("both senders failing: %d %q", code, body)
	}
	send("notify", "")
	send("chat:wecom", "")
	if code, body := healthz(); code != 200 {
		t.Fatalf("both sent again: %d %q", code, body)
	}
	// A failure before this process started is an earlier configuration's.
	ops.started = clock.Now().Add(time.Minute)
	send("notify", "535 authentication failed")
	if code, body := healthz(); code != 200 {
		t.Fatalf("a failure before start: %d %q", code, body)
	}
}

// settleItem queues it, claims it and settles it as sent, or as failed for
// good with the error fail, then moves the clock a minute on.
func settleItem(t *testing.T, db *store.DB, clock *keepwarm.ManualClock, it keepwarm.OutboxItem, fail string) {
	t.Helper()
	ctx := context.Background()
	now := clock.Now()
	it, _, err := db.Enqueue(ctx, it)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimItems(ctx, []int64{it.ID}, now); err != nil {
		t.Fatal(err)
	}
	if fail != "" {
		err = db.MarkFailed(ctx, it.ID, fail)
	} else {
		err = db.MarkSent(ctx, it.ID, now)
	}
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
}
