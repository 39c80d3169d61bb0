package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// With --now far from the clock, every command that changes what keepwarm
// will send refuses with exit status 2 and changes nothing, as the README's
// Commands section says: a merge, an opt-out, an import, a contact's
// correction or a "no answer needed" mark recorded weeks ahead stops or
// moves the real sends of today.
func TestChangesToWhatIsSentRefuseAFarNow(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\nTwo,b@two.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	c.env[ReplayEnv] = ""
	ctx, ahead := context.Background(), time.Now().AddDate(0, 0, 20).Format(time.RFC3339)
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	sheet2 := filepath.Join(dir, "book2.csv")
	os.WriteFile(sheet2, []byte("Company,Email\nThree,c@three.com\n"), 0o600)
	for _, args := range [][]string{
		{"customers", "merge", "a@one.com", "b@two.com"},
		{"customers", "unmerge", "2"},
		{"customers", "set", "a@one.com", "--opted-out"},
		{"customers", "set", "a@one.com", "--country", "DE"},
		{"customers", "import", sheet2, "--owner", "Tom Wu"},
		{"customers", "contact", "a@one.com", "--name", "Anna"},
		{"customers", "review", "a@one.com", "--grade", "E"},
		{"replies", "done", "1"},
		{"replies", "undo", "1"},
		{"tasks", "done", "1", "--reason", "pending"},
	} {
		code, out, errs := c.run(ctx, append([]string{"--now", ahead}, args...)...)
		if code != 2 || !strings.Contains(errs, "ahead of this machine's clock") || !strings.Contains(errs, "keepwarm "+args[0]+" "+args[1]+" would") {
			t.Fatalf("%v under --now %s: exit %d\nstdout: %s\nstderr: %s", args, ahead, code, out, errs)
		}
	}
	// A note changes nothing sent: refused, as it would be dated then,
	// and saying so, not that what is sent would change.
	code, out, errs := c.run(ctx, "--now", ahead, "customers", "set", "a@one.com", "--note", "x")
	if code != 2 || !strings.Contains(errs, "keepwarm customers set --note would date the note with that day, not today") || strings.Contains(errs, "sends") {
		t.Fatalf("customers set --note under --now %s: exit %d\nstdout: %s\nstderr: %s", ahead, code, out, errs)
	}
	// The reason names what the flags given change.
	if _, _, errs := c.run(ctx, "--now", ahead, "customers", "set", "a@one.com", "--lang", "de"); !strings.Contains(errs, "(the language it is written in)") {
		t.Fatalf("customers set --lang under --now %s: %s", ahead, errs)
	}
	one, _ := db.Customer(ctx, 1)
	two, _ := db.Customer(ctx, 2)
	if two.MergedInto != 0 || one.OptedOutAt != nil || one.Country == "DE" || one.Grade == "E" || one.ReviewedAt != nil || one.Notes != "" {
		t.Fatalf("refused, yet changed: #1 %+v, #2 %+v", one, two)
	}
	if _, err := db.FindCustomer(ctx, "c@three.com", ""); err == nil {
		t.Fatal("refused, yet the import went in")
	}
	// A dry run changes nothing: it is shown.
	c.mustRun("--now", ahead, "customers", "import", sheet2, "--owner", "Tom Wu", "--dry-run")
	// A replay against test mailboxes is let through.
	c.env[ReplayEnv] = "1"
	c.mustRun("--now", ahead, "customers", "merge", "a@one.com", "b@two.com", "--yes")
	if two, _ := db.Customer(ctx, 2); two.MergedInto != 1 {
		t.Fatalf("the replayed merge: %+v", two)
	}
}
