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

// tickChat is keepwarm tick over Lily's mailbox, with urgentOrder in her
// INBOX at t0, a [notify] sender on an in-process SMTP server, and a WeCom
// channel at robot that takes her nudges (notify = ["wecom:lily"], her
// lang when set). tick runs one tick at its instant with env (WECOM_URL
// the robot's) and returns its exit code and output.
func tickChat(t *testing.T, robot *mailtest.ChatServer, lang string, env map[string]string) (smtp *mailtest.SMTPServer, tick func(time.Time) (int, string)) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	smtp = mailtest.NewSMTPServer(t)
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
	person := "\nnotify = [\"wecom:lily\"]"
	if lang != "" {
		person += "\nlang = \"" + lang + "\""
	}
	if err := os.WriteFile(config, []byte(strings.Replace(string(conf), `name = "Lily Chen"`, `name = "Lily Chen"`+person, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	all := map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword, "WECOM_URL": robot.URL}
	for k, v := range env {
		all[k] = v
	}
	return smtp, func(at time.Time) (int, string) {
		var out, errs bytes.Buffer
		m := NewMain(strings.NewReader(""), &out, &errs, func(k string) string { return all[k] })
		m.Clock = keepwarm.NewManualClock(at)
		code := m.Run(context.Background(), []string{"--config", config, "--log-level", "info", "tick"})
		return code, out.String() + errs.String()
	}
}

// chatFallbacks are the nudges smtp took by mail instead of the chat
// wecom, decoded (the first tick, at 09:01 in the team's zone, mails Lily
// her digest too).
func chatFallbacks(t *testing.T, smtp *mailtest.SMTPServer, words string) (to [][]string, texts []string) {
	t.Helper()
	for _, m := range smtp.Messages() {
		if text := readSent(t, m.Raw).text; strings.Contains(text, words) {
			to, texts = append(to, m.To), append(texts, text)
		}
	}
	return to, texts
}

// TestTickMailsAChatNudgeTheRobotRefusedInTheSameTick: under cron's
// `keepwarm tick`, as under run, the nudge a WeCom robot refused for good
// (its key rotated) comes by mail from [notify] in the tick that posted
// it: the mail was queued after the tick's mail pass and waited for the
// next tick, 5 to 15 minutes on, past a 10-minute reply target.
func TestTickMailsAChatNudgeTheRobotRefusedInTheSameTick(t *testing.T) {
	robot := mailtest.NewChatServer(t, "wecom", "")
	robot.Script(mailtest.ChatAnswer{Body: `{"errcode":93000,"errmsg":"invalid webhook url"}`})
	smtp, tick := tickChat(t, robot, "", nil)
	if code, out := tick(t0.Add(time.Minute)); code != 0 || strings.Contains(out, "failed 1") {
		t.Fatalf("first tick: exit %d\n%s", code, out)
	}
	_, out := tick(t0.Add(5 * time.Minute))
	if !strings.Contains(out, "chat: posted 0 message(s) with 0 nudge(s); retrying 0, failed 1") {
		t.Fatalf("the robot did not refuse the nudge\n%s", out)
	}
	to, texts := chatFallbacks(t, smtp, "could not be posted to the chat wecom")
	if len(texts) != 1 || len(to[0]) != 1 || to[0][0] != "lily@acme-export.com" || !strings.Contains(texts[0], "Hans Meier") || !strings.Contains(texts[0], "93000") {
		t.Fatalf("nudges by mail after the tick whose post the robot refused: %q, want 1 to Lily\n%s", texts, out)
	}
}

// TestTickMailsTheNudgesOfAChannelBehindAnEnvironmentProxyThatDoesNotParse:
// the server's HTTPS_PROXY has a password with "^" and "|" unencoded.
// Lily's nudge goes by mail at once, in Chinese as she reads, saying which
// variable to fix; its password is in no mail, log line or output.
func TestTickMailsTheNudgesOfAChannelBehindAnEnvironmentProxyThatDoesNotParse(t *testing.T) {
	robot := mailtest.NewChatServer(t, "wecom", "")
	// WeCom's own host: the robot on the loopback is posted to directly.
	smtp, tick := tickChat(t, robot, "zh", map[string]string{"HTTPS_PROXY": "http://kw:Pa^ss|1@proxy.corp:3128",
		"WECOM_URL": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=tok-wecom"})
	_, out1 := tick(t0.Add(time.Minute))
	_, out := tick(t0.Add(5 * time.Minute))
	out = out1 + out
	to, texts := chatFallbacks(t, smtp, "没能发到群聊 wecom")
	if len(texts) != 1 || len(to[0]) != 1 || to[0][0] != "lily@acme-export.com" ||
		!strings.Contains(texts[0], "服务器环境变量 HTTPS_PROXY") || strings.Contains(texts[0], "cannot be used") {
		t.Fatalf("nudges by mail: %q, want 1 to Lily naming HTTPS_PROXY in Chinese\n%s", texts, out)
	}
	for _, m := range smtp.Messages() {
		if strings.Contains(string(m.Raw), "Pa^ss") || strings.Contains(readSent(t, m.Raw).text, "Pa^ss") {
			t.Errorf("the proxy's password in a mail to %v", m.To)
		}
	}
	if strings.Contains(out, "Pa^ss") || !strings.Contains(out, "HTTPS_PROXY") || strings.Contains(out, "tok-wecom") {
		t.Errorf("output:\n%s", out)
	}
}
