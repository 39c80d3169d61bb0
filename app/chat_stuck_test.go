package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/store"
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
	cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
manager = "boss@acme.example"
[notify]
smtp_url = "smtp://smtp.acme.example:587"
username = "keepwarm@acme.example"
password_env = "NOTIFY_PW"
from = "keepwarm@acme.example"
[[salesperson]]
email = "lily@acme.example"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
`))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	env := map[string]string{"NOTIFY_PW": "pw", "LILY_PW": "pw"}
	a := &App{Cfg: cfg, DB: db, Log: slog.New(slog.DiscardHandler), Clock: keepwarm.NewManualClock(t0), Getenv: func(k string) string { return env[k] }}
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
