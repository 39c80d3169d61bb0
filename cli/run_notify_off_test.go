package cli

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// A run whose [notify] password cannot be read starts, its mail from
// [notify] held, and tells the team chat so at once: without [ops] nothing
// else but the log would, since a held sender fails no item.
func TestRunTellsTheChatWhenNotifyIsHeldAtStart(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	smtpSrv := mailtest.NewSMTPServer(t)
	robot := mailtest.NewChatServer(t, "dingtalk", "")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	config := writeConfig(t, srv, fmt.Sprintf(`
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
[[notify.channel]]
name = "ding"
kind = "dingtalk"
url_env = "DING_URL"
`, smtpSrv.URL().String(), mailtest.SMTPUser))
	env := map[string]string{"TEAM_PW": "team-pw", "DING_URL": robot.URL}
	stderr := &mailtest.LockedBuffer{}
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, stderr, func(k string) string { return env[k] })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"--config", config, "run"}) }()
	defer func() {
		cancel()
		<-done
	}()
	defer func() {
		if t.Failed() {
			t.Logf("posts %+v\nstderr:\n%s", robot.Posts(), stderr.String())
		}
	}()
	waitFor(t, "the alert in the team chat", func() bool {
		for _, p := range robot.Posts() {
			if strings.Contains(p.Text, "[notify]") && strings.Contains(p.Text, "environment variable NOTIFY") && strings.Contains(p.Text, "it waits queued") {
				return true
			}
		}
		return false
	})
}
