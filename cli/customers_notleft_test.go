package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// "Left the company" read from an automatic answer can be taken back by
// hand; a contact not flagged says so.
func TestCustomersContactNotLeft(t *testing.T) {
	c, srv, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Contact,Email\nAcme,John Smith,john@acme.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	raw := "From: John Smith <john@acme.com>\r\nTo: sales@acme-export.com\r\nSubject: Automatic reply: Offer\r\n" +
		"Auto-Submitted: auto-replied\r\nMessage-ID: <left-1@acme.com>\r\nDate: Mon, 30 Nov 2026 09:00:00 +0100\r\n\r\n" +
		"John Smith is no longer with the company. Please write to anna@acme.com.\r\n"
	srv.Append(t, "sales@acme-export.com", "INBOX", []byte(raw), time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC))
	c.mustRun("--log-level", "error", "sync")
	// A follow-up to John alone that the flag ended.
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	const thread = 1 // the one message synced
	noted := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	e, err := db.Enroll(context.Background(), keepwarm.Enrollment{ThreadID: thread, CustomerID: 1, Sequence: "default",
		Status: keepwarm.EnrollBounced, AnchorAt: noted, ClockAt: noted, DueAt: noted, To: []keepwarm.Address{{Email: "john@acme.com"}},
		Reason: "no recipient may be written to: left the company", CreatedAt: noted, UpdatedAt: noted.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	out := c.mustRun("customers", "contact", "John@acme.com", "--not-left")
	if !strings.Contains(out, "john@acme.com of customer #1 has not left the company: the next follow-up steps") ||
		!strings.Contains(out, fmt.Sprintf("follow-up #%d of thread %d ended because of this flag and does not start again by itself; keepwarm enroll %d starts", e.ID, thread, thread)) {
		t.Fatalf("not-left: %s", out)
	}
	if code, _, stderr := c.run(context.Background(), "customers", "contact", "john@acme.com", "--not-left"); code == 0 || !strings.Contains(stderr, "is not marked as having left the company") {
		t.Fatalf("again: %d %s", code, stderr)
	}
	if code, _, stderr := c.run(context.Background(), "customers", "contact", "john@acme.com", "--not-left", "--name", "J"); code == 0 || !strings.Contains(stderr, "--not-left goes alone") {
		t.Fatalf("with --name: %d %s", code, stderr)
	}
}
