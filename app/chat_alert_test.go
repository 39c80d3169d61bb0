package app

import (
	"context"
	"testing"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/config"
	"keepwarm/internal/mailtest"
)

// TestNotifyAlertGoesOncePerRobot: the team has one WeCom robot under two
// channels (one per language, as the README suggests). A mail from
// [notify] failing for good is told to the group once, not once per
// channel name.
func TestNotifyAlertGoesOncePerRobot(t *testing.T) {
	ctx := context.Background()
	robot := mailtest.NewChatServer(t, "wecom", "")
	other := mailtest.NewChatServer(t, "dingtalk", "")
	a := newTestApp(t, bossTeam+acmeNotify+lilySalesperson+`notify = ["wecom-zh:lily"]
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
`, t0)
	clock := a.Clock.(*keepwarm.ManualClock)
	env := map[string]string{"WECOM_URL": robot.URL, "WECOM_EN_URL": robot.URL, "DING_URL": other.URL}
	a.Getenv = func(k string) string { return env[k] }
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
