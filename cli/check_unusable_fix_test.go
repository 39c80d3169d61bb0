package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// A [notify] password that cannot be read, and a channel whose variable
// gives no https:// URL, are told the fix for what is wrong, not the one
// for a provider that does not fit the username.
func TestCheckGivesTheFixForWhatMakesNotifyUnusable(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	smtpSrv := mailtest.NewSMTPServer(t)
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, fmt.Sprintf(`
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
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "DING_URL": "http://oapi.dingtalk.example/robot/send?access_token=tok"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  notify: SMTP login as "+mailtest.SMTPUser) {
		t.Fatalf("check with NOTIFY_PW unset: exit %d\n%s\n%s", code, out, errs)
	}
	var notify string // the FAIL line and its fix line
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "FAIL  notify: SMTP") && i+1 < len(lines) {
			notify = l + "\n" + lines[i+1]
		}
	}
	if !strings.Contains(notify, "NOTIFY_PW") || !strings.Contains(notify, "fix: set the variable") || !strings.Contains(notify, "password_env") || strings.Contains(notify, "change provider") {
		t.Errorf("the fix for an unreadable [notify] password:\n%s", notify)
	}
	if !strings.Contains(out, "the variable or command must give the robot's whole https:// webhook URL") || strings.Contains(out, "access_token=tok") {
		t.Errorf("the fix for a channel URL that is not https:\n%s", out)
	}
}
