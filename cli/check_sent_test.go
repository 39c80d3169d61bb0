package cli

import (
	"context"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// A salesperson's mailbox on a server whose Sent folder keepwarm cannot
// recognise (no SPECIAL-USE, a name not among the usual ones) is read
// INBOX only: `keepwarm check` warns, naming sent_folder and the folders
// the server has.
func TestCheckWarnsWithoutSentFolder(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	admin := srv.Dial(t, "lily@acme-export.com")
	if err := admin.Delete("Sent").Wait(); err != nil {
		t.Fatal(err)
	}
	if err := admin.Create("Sent Box", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, oneMailboxConfig(t, srv, `password_cmd = "echo lily-pw"`), nil)
	_, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if !strings.Contains(out, "warn  mailbox lily: no Sent folder found (server has: ") ||
		!strings.Contains(out, "Sent Box") || !strings.Contains(out, "set sent_folder") {
		t.Fatalf("check output lacks the warning naming sent_folder:\n%s\n%s", out, errs)
	}

	// With sent_folder set, no warning.
	c = newCLI(t, oneMailboxConfig(t, srv, "password_cmd = \"echo lily-pw\"\nsent_folder = \"Sent Box\""), nil)
	_, out, _ = c.run(context.Background(), "--log-level", "error", "check")
	if strings.Contains(out, "no Sent folder") || !strings.Contains(out, "Sent Box (sent)") {
		t.Fatalf("with sent_folder set:\n%s", out)
	}
}
