package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// `customers set --owner` under a --now far from the clock is refused, as
// claim, release and handover are: it would change the owner today and
// record the hand-over at the replayed instant.
func TestCustomersSetOwnerRefusesAFarNow(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	c.env[ReplayEnv] = ""
	ctx, ahead := context.Background(), time.Now().AddDate(0, 0, 30).Format(time.RFC3339)
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	for _, to := range []string{"lily@acme-export.com", "pool"} {
		code, out, errs := c.run(ctx, "--now", ahead, "customers", "set", "a@one.com", "--owner", to)
		if code != 2 || !strings.Contains(errs, "customers set --owner would change who owns the customer today") {
			t.Fatalf("set --owner %s under --now %s: exit %d\nstdout: %s\nstderr: %s", to, ahead, code, out, errs)
		}
		if cu, _ := db.Customer(ctx, 1); cu.Owner != "tom@acme-export.com" {
			t.Fatalf("refused, yet the owner is %q", cu.Owner)
		}
	}
	// Other fields change what keepwarm sends (the grade picks the
	// sequence): refused too, with their own reason.
	if code, _, errs := c.run(ctx, "--now", ahead, "customers", "set", "a@one.com", "--grade", "B"); code != 2 ||
		!strings.Contains(errs, "customers set would change what keepwarm sends") {
		t.Fatalf("set --grade under --now %s: exit %d, %s", ahead, code, errs)
	}
	// A replay against test mailboxes is let through.
	c.env[ReplayEnv] = "1"
	c.mustRun("--now", ahead, "customers", "set", "a@one.com", "--grade", "B")
	c.mustRun("--now", ahead, "customers", "set", "a@one.com", "--owner", "lily@acme-export.com")
	if cu, _ := db.Customer(ctx, 1); cu.Owner != "lily@acme-export.com" || cu.Grade != "B" {
		t.Fatalf("after the replayed set: owner %q grade %q", cu.Owner, cu.Grade)
	}
}
