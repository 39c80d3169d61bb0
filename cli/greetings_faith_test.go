package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
)

// The customer book marks who keeps which festival (the import's holidays
// column, shown by `customers show`); `greetings plan` says why the
// Bangladeshi buyer gets no Christmas greeting and why a customer made
// from one mail, ungraded, gets none at all.
func TestGreetingsPlanSaysWhoIsNotGreetedAndWhy(t *testing.T) {
	path := greetingsConfig(t, `
[greetings]
occasions = ["christmas"]
only_contacts_who_wrote = false  # the contacts below come from the book only
`, nil)
	dir := filepath.Dir(path)
	raw, err := sqlx.Open("sqlite3", "file:"+filepath.Join(dir, "kw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO customers (key, name, owner, grade, country, created_at, source)
		VALUES ('domain:fast-freight.de', 'fast-freight.de', 'lily@acme-export.com', '', 'DE', 0, 'mail')`); err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO contacts (customer_id, email, name, created_at)
		SELECT id, 'dispo@fast-freight.de', 'Karl Dispo', 0 FROM customers WHERE key = 'domain:fast-freight.de'`); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, path, map[string]string{"TEAM_PW": "x"})
	t.Setenv("LILY_SECRET_FOR_TEST", "x")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Contact,Email,Country,Grade,Holidays\n"+
		"Dhaka Trade,Rahim Uddin,rahim@dhaka-trade.bd,Bangladesh,A,\n"+
		"Lagos Lamps,Grace Okafor,grace@lagos-lamps.ng,Nigeria,A,Christmas; Easter Sunday\n"), 0o600)
	if out := c.mustRun("customers", "import", sheet, "--owner", "lily@acme-export.com"); !strings.Contains(out, "2 created") {
		t.Fatalf("import: %s", out)
	}
	if out := c.mustRun("customers", "show", "grace@lagos-lamps.ng"); !strings.Contains(out, "keeps christmas, easter-sunday") {
		t.Errorf("customers show:\n%s", out)
	}
	table := c.mustRun("--now", "2026-12-01T00:00:00Z", "greetings", "plan", "--month", "2026-12")
	for _, want := range []string{
		"rahim@dhaka-trade.bd", "skip: Christmas is not the majority's festival in BD: mark the contact's holidays in the customer book to greet them",
		"fast-freight.de", "ungraded; grade the customer first",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("plan lacks %q:\n%s", want, table)
		}
	}
	for _, line := range strings.Split(table, "\n") {
		if strings.Contains(line, "grace@lagos-lamps.ng") && !strings.Contains(line, "planned") {
			t.Errorf("Grace, who keeps Christmas: %s", line)
		}
	}
}
