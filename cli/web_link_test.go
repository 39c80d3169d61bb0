package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// `keepwarm web link` is the way in when everything else is broken: it
// needs the store and base_url only, not the [notify] password (a shell
// without the service's secrets) nor clean sequences and templates (the
// console is where a manager fixes them).
func TestWebLinkNeedsNoSecretsNorCleanTemplates(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	tdir := t.TempDir()
	if err := os.WriteFile(filepath.Join(tdir, "resend.tmpl"), []byte("Subject: {{.Contact.Nmae}}\n\nHello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := writeConfig(t, srv, `
[web]
base_url = "https://keepwarm.acme-export.com"
[notify]
smtp_url = "smtp://smtp.acme-export.com:587"
username = "keepwarm@acme-export.com"
password_env = "KEEPWARM_UNSET_NOTIFY_PASSWORD"
from = "keepwarm@acme-export.com"
[sequences]
templates_dir = "`+tdir+`"
`)
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs := c.run(context.Background(), "web", "link", "lily@acme-export.com")
	if code != 0 {
		t.Fatalf("web link: exit %d: %s", code, errs)
	}
	if !regexp.MustCompile(`^https://keepwarm\.acme-export\.com/signin/link\?t=[A-Za-z0-9_-]{43}$`).MatchString(strings.TrimSpace(out)) {
		t.Fatalf("link %q", out)
	}
	if code, out, _ := c.run(context.Background(), "web", "link", "boss@acme-export.com"); code != 0 || !strings.Contains(out, "/signin/link?t=") {
		t.Fatalf("link for team.manager: exit %d %q", code, out)
	}
	code, _, errs = c.run(context.Background(), "web", "link", "stranger@else.example")
	if code != 1 || !strings.Contains(errs, "team.managers") {
		t.Fatalf("a stranger's error should name every way onto the team: exit %d %s", code, errs)
	}
}
