package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"keepwarm/sequences"
)

// Lily is away from 18 December to 6 January: `greetings plan` does not
// list her customers' Christmas greetings as planned, since the send's last
// look would drop them; it says why, as the forecast and the digest do.
func TestGreetingsPlanSaysTheSalespersonIsAway(t *testing.T) {
	path := greetingsConfig(t, `
[greetings]
occasions = ["christmas"]
only_contacts_who_wrote = false  # the contacts below come from the book only
`, nil)
	body, _ := os.ReadFile(path)
	body = bytes.Replace(body, []byte("name = \"Lily Chen\"\n"),
		[]byte("name = \"Lily Chen\"\naway = [{ from = \"2026-12-18\", until = \"2027-01-06\" }]\n"), 1)
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, path, map[string]string{"TEAM_PW": "x"})
	t.Setenv("LILY_SECRET_FOR_TEST", "x")

	var plan sequences.Plan
	out := c.mustRun("--now", "2026-12-01T00:00:00Z", "greetings", "plan", "--month", "2026-12", "--json")
	if err := json.Unmarshal([]byte(out), &plan); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	var hans int
	for _, it := range plan.Items {
		if it.Kind != "greeting" || it.Occasion != "christmas" || it.To.Email == "amy@quiet.com" { // Amy opted out
			continue
		}
		if it.To.Email == "hans@globex.de" {
			hans++
		}
		if it.Status != sequences.PlanSkip || !strings.Contains(it.Reason, "lily@acme-export.com is away (config) and not back before the greeting's day ends") {
			t.Errorf("Christmas greeting to %s while Lily is away: %q %q; want skip, saying she is away", it.To.Email, it.Status, it.Reason)
		}
	}
	if hans != 1 {
		t.Fatalf("Hans's Christmas greetings: %d; want 1\n%s", hans, out)
	}
	table := c.mustRun("--now", "2026-12-01T00:00:00Z", "greetings", "plan", "--month", "2026-12")
	if !strings.Contains(table, "skip: lily@acme-export.com is away (config) and not back before the greeting's day ends") {
		t.Errorf("plan table:\n%s", table)
	}
}
