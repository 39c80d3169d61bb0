package cli

import (
	"context"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// TestMailboxPasswordFromACRLFFile: a secrets file edited on Windows
// hands the mailbox's password over with "\r" at its end (docker
// --env-file, or init's `. secrets.env`); the login uses it without the
// line ending, as the other secrets are used, and is not refused.
func TestMailboxPasswordFromACRLFFile(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	c := newCLI(t, oneMailboxConfig(t, srv, `password_env = "LILY_PW"`), map[string]string{"LILY_PW": "lily-pw\r"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "ok    mailbox lily: IMAP") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	if out := c.mustRun("--log-level", "error", "sync"); !strings.Contains(out, "synced 1 mailbox(es)") {
		t.Fatalf("sync: %s", out)
	}
}
