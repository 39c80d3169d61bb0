package cli

import (
	"context"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// A mailbox whose proxy password cannot be read is told to set the proxy's
// variable, under "login settings", not given the mailbox password's fix
// under "password".
func TestCheckGivesTheFixForAnUnreadableProxyPassword(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, `
proxy = "socks5://kw@127.0.0.1:1080"
proxy_password_env = "LILY_PROXY_PW"
`)
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	var line string // the FAIL line and its fix line
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "FAIL  mailbox lily:") && i+1 < len(lines) {
			line = l + "\n" + lines[i+1]
		}
	}
	if code != 1 || line == "" {
		t.Fatalf("check with LILY_PROXY_PW unset: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(line, "login settings") || strings.Contains(line, "lily: password:") ||
		!strings.Contains(line, "LILY_PROXY_PW") || !strings.Contains(line, "fix: set the variable") || !strings.Contains(line, "proxy_password_env or proxy_password_cmd") {
		t.Errorf("the fix for an unreadable proxy password:\n%s", line)
	}
	if strings.Contains(out, "FAIL  mailbox team") {
		t.Errorf("the team mailbox, whose settings are fine, failed:\n%s", out)
	}
}
