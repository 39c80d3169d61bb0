package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/config"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// TestNotifyAlertGoesOncePerRobot: the team has one WeCom robot under two
// channels (one per language, as the README suggests). A mail from
// [notify] failing for good is told to the group once, not once per
// channel name.
func TestNotifyAlertGoesOncePerRobot(t *testing.T) {
	ctx := context.Background()
	robot := mailtest.NewChatServer(t, "wecom", "")
	other := mailtest.NewChatServer(t, "dingtalk", "")
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
notify = ["wecom-zh:lily"]
[[salesperson]]
email = "tom@acme.example"
lang = "en"
notify = ["wecom-en:tom"]
[[mailbox]]
name = "team"
owner = "boss@acme.example"
url = "imaps://imap.acme.example"
username = "sales@acme.example"
password_env = "TEAM_PW"
[[notify.channel]]
name = "wecom-zh"
kind = "wecom"
url_env = "WECOM_URL"
[[notify.channel]]
name = "wecom-en"
kind = "wecom"
url_env = "WECOM_EN_URL"
[[notify.channel]]
name = "ding"
kind = "dingtalk"
url_env = "DING_URL"
`))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	env := map[string]string{"WECOM_URL": robot.URL, "WECOM_EN_URL": robot.URL, "DING_URL": other.URL}
	clock := keepwarm.NewManualClock(t0)
	a := &App{Cfg: cfg, DB: db, Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Getenv: func(k string) string { return env[k] }}
	d, err := a.NewChat(ctx, chat.Options{})
	if err != nil {
		t.Fatal(err)
	}
	failed := keepwarm.OutboxItem{Mailbox: config.NotifyMailbox, Key: "digest:lily"}
	if ok, err := a.notifyAlert(ctx, failed, keepwarm.OutboxFailed, "535 5.7.8 authentication failed"); err != nil || !ok {
		t.Fatalf("alert queued %v, %v", ok, err)
	}
	if _, err := d.RunOnce(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n, m := len(robot.Posts()), len(other.Posts()); n != 1 || m != 1 {
		t.Fatalf("the shared robot got %d alerts, the other %d; want one each", n, m)
	}
}
