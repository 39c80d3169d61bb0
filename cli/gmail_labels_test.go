package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// TestCheckSaysGmailArchivedRepliesAreUnread: a Gmail mailbox read as
// INBOX and Sent misses a customer's reply archived or filtered past the
// inbox, so check warns about it; the label the filter files customers'
// mail under can be named in extra_folders, and is then read.
func TestCheckSaysGmailArchivedRepliesAreUnread(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	c := srv.Dial(t, "lily@acme-export.com")
	if err := c.Create("Customers/ACME", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	smtpSrv := mailtest.NewSMTPServer(t)
	keys := fmt.Sprintf("provider = \"gmail\"\npassword_env = \"LILY_PW\"\nsmtp_url = %q", smtpSrv.URL().String())
	env := map[string]string{"LILY_PW": "lily-pw"}

	_, out, errs := newCLI(t, oneMailboxConfig(t, srv, keys), env).run(context.Background(), "--log-level", "error", "check")
	if !strings.Contains(out, "warn  mailbox lily: keepwarm reads INBOX and Sent: a customer's reply archived") || !strings.Contains(out, "extra_folders") {
		t.Fatalf("no warning about archived replies:\n%s\n%s", out, errs)
	}

	_, out, errs = newCLI(t, oneMailboxConfig(t, srv, keys+"\nextra_folders = [\"Customers/ACME\"]"), env).run(context.Background(), "--log-level", "error", "check")
	if !strings.Contains(out, "ok    mailbox lily: IMAP login") || !strings.Contains(out, "Customers/ACME (other)") {
		t.Fatalf("the label is not read:\n%s\n%s", out, errs)
	}
	if strings.Contains(out, "reply archived") {
		t.Fatalf("warned with a label read:\n%s", out)
	}
}
