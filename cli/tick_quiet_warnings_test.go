package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// `tick --quiet` under cron, at the default log level, on a config with no
// [notify] on purpose and a template that fails for some customers: a
// tick without --quiet says the warnings, but a quiet one with nothing new
// says nothing at all, or cron mails the same warnings every few minutes
// and the mail that matters is lost among them. keepwarm check says them.
func TestQuietTickRepeatsNoConfigWarnings(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	tmpl := t.TempDir()
	if err := os.WriteFile(filepath.Join(tmpl, "product-intro.tmpl"), []byte("subject: {{(index .Products 0).Name}}\n"+
		"requires: Products\n--- text\n{{.Contact.Salutation}},\n\nhere is our {{(index .Products 0).Name}}.\nOur {{(index .Products 1).Name}} is also popular.\n\n{{.Owner.Signature}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, writeConfig(t, srv, "[sequences]\ntemplates_dir = \""+tmpl+"\"\n"), map[string]string{"TEAM_PW": "team-pw"})
	now := t0.Format(time.RFC3339)
	code, out, errs := c.run(context.Background(), "--now", now, "tick")
	if code != 0 {
		t.Fatalf("first tick: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, "no [notify] sender or chat channel configured") || !strings.Contains(errs, "a follow-up template fails for some customers") {
		t.Fatalf("the config's warnings are not said at all, so this test cannot see them repeated:\n%s", errs)
	}
	code, out, errs = c.run(context.Background(), "--now", now, "tick", "--quiet")
	if code != 0 || out != "" || errs != "" {
		t.Fatalf("a quiet tick with nothing new: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}
