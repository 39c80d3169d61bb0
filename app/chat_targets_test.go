package app

import (
	"context"
	"slices"
	"testing"

	"keepwarm"
	"keepwarm/sequences"
)

// TestManagerNotifyReachesTheReplyWatch: the manager, not a salesperson,
// takes their nudges in WeCom through [team] notify: the reply watch sends
// theirs there (pool inquiries to the shared mailbox they own, the target
// nudge with escalate = true), not by mail that no [notify] could send.
func TestManagerNotifyReachesTheReplyWatch(t *testing.T) {
	cfg := mustConfig(t, bossTeam+`notify = ["wecom:boss01"]
`+lilySalesperson+`notify = ["wecom:lily"]
[[mailbox]]
name = "team"
owner = "boss@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "TEAM_PW"
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`)
	a := &App{Cfg: cfg}
	got := a.ReplyConfig().Notify
	if !slices.Equal(got["boss@acme.example"], []sequences.NotifyTarget{{Channel: "wecom", Mention: "boss01"}}) ||
		!slices.Equal(got["lily@acme.example"], []sequences.NotifyTarget{{Channel: "wecom", Mention: "lily"}}) {
		t.Fatalf("notify targets: %+v", got)
	}
}

// TestOrphanedNudgesFailAtStart: nudges were waiting in chat:old (a
// channel since renamed) and for [notify] (since removed) when keepwarm
// restarted with the new configuration. No dispatcher serves them any
// more: they are marked failed, saying why, so the digest and `keepwarm
// outbox` report them, instead of waiting for ever. The configured
// channel's nudge still waits to be posted.
func TestOrphanedNudgesFailAtStart(t *testing.T) {
	ctx := context.Background()
	a := newTestApp(t, bossTeam+lilySalesperson+`notify = ["wecom-sales:lily"]
`+lilysMailbox+`[[notify.channel]]
name = "wecom-sales"
kind = "wecom"
url_env = "WECOM_URL"
`, t0)
	db := a.DB
	ids := map[string]int64{}
	for _, mb := range []string{"chat:wecom", "chat:wecom-sales", "notify"} {
		it := keepwarm.OutboxItem{Key: "nudge:1:1:" + mb, MessageID: keepwarm.NewMessageID("acme.example"), Mailbox: mb,
			From: keepwarm.Address{Email: "keepwarm@acme.example"}, To: []keepwarm.Address{{Email: "lily@acme.example"}},
			Subject: "Reply due", Text: "Reply due", Mode: keepwarm.ModeSend, DueAt: t0, NextAttemptAt: t0, CreatedAt: t0, Origin: "nudge"}
		if ch, ok := keepwarm.ChatChannelOf(mb); ok {
			it.Chat = &keepwarm.ChatNote{Channel: ch, Title: "Reply due"}
		}
		it, _, err := db.Enqueue(ctx, it)
		if err != nil {
			t.Fatal(err)
		}
		ids[mb] = it.ID
	}
	if n, err := a.FailOrphans(ctx); err != nil || n != 2 {
		t.Fatalf("marked %d (%v), want 2", n, err)
	}
	for mb, want := range map[string]string{
		"chat:wecom":       "failed: channel wecom is no longer configured ([[notify.channel]]): not posted",
		"chat:wecom-sales": "queued: ",
		"notify":           "failed: [notify] is no longer configured: not sent",
	} {
		it, err := db.OutboxItem(ctx, ids[mb])
		if err != nil {
			t.Fatal(err)
		}
		if got := string(it.Status) + ": " + it.LastError; got != want {
			t.Errorf("%s: %q, want %q", mb, got, want)
		}
	}
}
