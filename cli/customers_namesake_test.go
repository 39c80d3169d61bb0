package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/store"
)

// Two companies of one name in a sheet stay two customers, and the import
// proposes their merge naming the name they share.
func TestCustomersImportProposesNamesakes(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "star.csv")
	os.WriteFile(sheet, []byte("Company,Email,Country\nStar Electric,raj@star-electric.in,India\nStar Electric,john@starelectric.co.ke,Kenya\n"), 0o600)
	out := c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	if !strings.Contains(out, "2 created") || !strings.Contains(out, "same company name as row 2") ||
		!strings.Contains(out, `#1 Star Electric and #2 Star Electric are both called "Star Electric" but have other company domains or countries: `+"`keepwarm customers merge 1 2`") {
		t.Fatalf("namesakes: %s", out)
	}
	// A command naming the shared name does not pick one of them.
	code, _, stderr := c.run(context.Background(), "customers", "set", "Star Electric", "--grade", "A")
	if code == 0 || !strings.Contains(stderr, `"Star Electric" names 2 customers (#1 IN star-electric.in, #2 KE starelectric.co.ke): give the #id, an email or the domain`) {
		t.Fatalf("set by a shared name: %d %s", code, stderr)
	}
	for _, id := range []string{"#1", "#2"} {
		var cu store.CustomerRecord
		json.Unmarshal([]byte(c.mustRun("customers", "show", id, "--json")), &cu)
		if cu.Name != "Star Electric" || cu.Grade != "" {
			t.Fatalf("customer %s after the refused set: %+v", id, cu)
		}
	}
	if out := c.mustRun("customers", "set", "john@starelectric.co.ke", "--grade", "A"); !strings.Contains(out, "#2") {
		t.Fatalf("set by email: %s", out)
	}
}

// Round robin passes over a salesperson who is away ([[salesperson]]
// away): both new inquiries go to Lily while Tom is on leave.
func TestBookJobRoundRobinPassesOverWhoIsAway(t *testing.T) {
	m := syncedBook(t, "away = [{ from = \"2026-11-01\", until = \"2026-11-20\" }]\n[book]\nround_robin = true\n")
	if _, err := m.app.NewBookJob().Run(context.Background(), t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	entries, _ := m.db.Book(context.Background())
	if len(entries) != 2 {
		t.Fatalf("%d customers", len(entries))
	}
	for _, e := range entries {
		if e.Owner != "lily@acme-export.com" {
			t.Fatalf("round robin handed %s to %q while Tom is away", e.Name, e.Owner)
		}
	}
}
