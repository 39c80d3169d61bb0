package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// TestTickMailsAChatNudgeTheRobotRefusedInTheSameTick: under cron's
// `keepwarm tick`, as under run, the nudge a WeCom robot refused for good
// (its key rotated) comes by mail from [notify] in the tick that posted
// it: the mail was queued after the tick's mail pass and waited for the
// next tick, 5 to 15 minutes on, past a 10-minute reply target.
func TestTickMailsAChatNudgeTheRobotRefusedInTheSameTick(t *testing.T) {
	robot := mailtest.NewChatServer(t, "wecom", "")
	robot.Script(mailtest.ChatAnswer{Body: `{"errcode":93000,"errmsg":"invalid webhook url"}`})
	srv := mailtest.NewMemServer(t)
	smtp := mailtest.NewSMTPServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	srv.Append(t, "lily@acme-export.com", "INBOX", urgentOrder.Bytes(), t0)
	config := writeConfig(t, srv, fmt.Sprintf(`
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
[[notify.channel]]
name = "wecom"
kind = "wecom"
url_env = "WECOM_URL"
`, smtp.URL().String(), mailtest.SMTPUser))
	conf, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(config, []byte(strings.Replace(string(conf), `name = "Lily Chen"`, `name = "Lily Chen"`+"\nnotify = [\"wecom:lily\"]", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword, "WECOM_URL": robot.URL}
	tick := func(at time.Time) (int, string) {
		var out, errs bytes.Buffer
		m := NewMain(strings.NewReader(""), &out, &errs, func(k string) string { return env[k] })
		m.Clock = keepwarm.NewManualClock(at)
		code := m.Run(context.Background(), []string{"--config", config, "--log-level", "warn", "tick"})
		return code, out.String() + errs.String()
	}
	if code, out := tick(t0.Add(time.Minute)); code != 0 || strings.Contains(out, "failed 1") {
		t.Fatalf("first tick: exit %d\n%s", code, out)
	}
	_, out := tick(t0.Add(5 * time.Minute))
	if !strings.Contains(out, "chat: posted 0 message(s) with 0 nudge(s); retrying 0, failed 1") {
		t.Fatalf("the robot did not refuse the nudge\n%s", out)
	}
	// (The first tick, at 09:01 in the team's zone, mailed Lily her digest.)
	var fallback []mailtest.SMTPMessage
	for _, m := range smtp.Messages() {
		if strings.Contains(string(m.Raw), "could not be posted to the chat wecom") {
			fallback = append(fallback, m)
		}
	}
	if len(fallback) != 1 || len(fallback[0].To) != 1 || fallback[0].To[0] != "lily@acme-export.com" || !strings.Contains(string(fallback[0].Raw), "Hans Meier") {
		t.Fatalf("%d nudges by mail after the tick whose post the robot refused, want 1 to Lily\n%s", len(fallback), out)
	}
}
