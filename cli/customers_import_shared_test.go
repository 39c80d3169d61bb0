package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Through the command: Bob Stone writes from sales@acme.com, so a CRM
// export putting that address on Ann's row too (with her birthday and
// salutation) is refused for Ann, saying Bob writes from it, and Bob's
// contact keeps his name; and a private buyer's free-mail address is named
// after the person there, not after the colleague whose phone-only row
// comes first.
func TestCustomersImportKeepsTheWritersAddressAndNamesThePrivateBuyer(t *testing.T) {
	c, srv, dir := bookCLI(t, "")
	raw := "From: Bob Stone <sales@acme.com>\r\nTo: sales@acme-export.com\r\nSubject: Prices\r\n" +
		"Message-ID: <bob-1@acme.com>\r\nDate: Mon, 30 Nov 2026 09:00:00 +0100\r\n\r\nYour prices for 2027, please.\r\n"
	srv.Append(t, "sales@acme-export.com", "INBOX", []byte(raw), time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC))
	c.mustRun("--log-level", "error", "sync")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Contact,Email,Phone,Birthday,Salutation\n"+
		"Acme,Bob Stone,sales@acme.com,+1 212 555 0199,,\n"+
		"Acme,Ann Lee,sales@acme.com,,1975-03-02,Dear Ann\n"+
		",Bob Stone,stoneshop@gmail.com,+1 212 555 0188,,\n"+
		",Ann Stone,stoneshop@gmail.com,,1975-04-03,Dear Ann\n"), 0o600)
	code, out, _ := c.run(context.Background(), "customers", "import", sheet, "--owner", "Tom Wu")
	if code != rejectedExit || !strings.Contains(out, "sales@acme.com is Bob Stone's (row 2, who writes from it)") {
		t.Fatalf("import: exit %d\n%s", code, out)
	}
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	ctx := context.Background()
	if s, _, err := db.ContactDetails(ctx, "sales@acme.com"); err != nil || s != "" {
		t.Fatalf("Bob's contact took Ann's salutation: %q %v", s, err)
	}
	show := c.mustRun("customers", "show", "sales@acme.com")
	if !strings.Contains(show, "Bob Stone") || strings.Contains(show, "Ann Lee") {
		t.Fatalf("show:\n%s", show)
	}
	show = c.mustRun("customers", "show", "stoneshop@gmail.com")
	if strings.Contains(strings.SplitN(show, "\n", 2)[0], "Bob Stone") || !strings.Contains(show, "Ann Stone") {
		t.Fatalf("private buyer:\n%s", show)
	}
}
