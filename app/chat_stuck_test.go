package app

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// TestStuckPostOfRemovedChannelDoesNotHoldItsMailForever: keepwarm was
// killed while posting a nudge to WeCom, its mail instead waiting behind
// the [notify] server's 421; then the team went back to mail (no
// [[notify.channel]] left). No chat dispatcher is built, so none settles
// the post: it is settled at start all the same (uncertain, as a chat
// dispatcher's Recover would), so its mail is no longer held behind a
// post nobody makes.
func TestStuckPostOfRemovedChannelDoesNotHoldItsMailForever(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	a := newTestApp(t, bossTeam+acmeNotify+lilySalesperson+lilysMailbox, t0)
	db := a.DB
	env := map[string]string{"NOTIFY_PW": "pw", "LILY_PW": "pw"}
	a.Getenv = func(k string) string { return env[k] }
	post, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "nudge:1:1:wecom", MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: keepwarm.ChatMailbox("wecom"), From: keepwarm.Address{Email: "keepwarm@acme.example"},
		To: []keepwarm.Address{{Email: "lily@acme.example"}}, Subject: "Reply due", Text: "Reply due", Mode: keepwarm.ModeSend,
		DueAt: t0, NextAttemptAt: t0, CreatedAt: t0, Origin: "nudge", Chat: &keepwarm.ChatNote{Channel: "wecom", Title: "Reply due"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimItems(ctx, []int64{post.ID}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := a.NewEngineParts(ctx, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.OutboxItem(ctx, post.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != keepwarm.OutboxUncertain {
		t.Fatalf("the interrupted post of a channel no longer configured is %s %q, want uncertain", got.Status, got.LastError)
	}
}
