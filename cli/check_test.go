package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// TestCheckTestsNotifyAndCreatesNoDatabase: check logs in to [notify]'s
// SMTP server too (and says so when the login fails), names the starter
// file's placeholders still in the config, warns about plain text to
// another host, and leaves no database behind.
func TestCheckTestsNotifyAndCreatesNoDatabase(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	smtpSrv := mailtest.NewSMTPServer(t)
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	notify := fmt.Sprintf(`
[[salesperson]]
email = "tom@example-export.com"
away = [{ from = "2020-01-01", until = "2099-12-31" }]
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
`, smtpSrv.URL().String(), mailtest.SMTPUser)
	path := writeConfig(t, srv, notify)
	db := filepath.Join(filepath.Dir(path), "kw.db")

	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": "wrong"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  notify: SMTP login as "+mailtest.SMTPUser) {
		t.Fatalf("check with a wrong notify password: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "warn  the starter config's made-up values (example-export.com)") || !strings.Contains(out, `salesperson "tom@example-export.com".email`) {
		t.Errorf("check does not name the placeholder left:\n%s", out)
	}
	if !strings.Contains(out, "kw.db does not exist yet") {
		t.Errorf("check does not say the database is not there:\n%s", out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("check created the database: %v", err)
	}

	c = newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword})
	code, out, _ = c.run(context.Background(), "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "ok    notify: SMTP login as "+mailtest.SMTPUser) {
		t.Fatalf("check with the right notify password: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "away  tom@example-export.com is away (config) until Fri 2100-01-01 00:00") {
		t.Errorf("check does not show the absence:\n%s", out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("check created the database: %v", err)
	}
}
