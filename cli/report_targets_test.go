package cli

import (
	"os"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// After the manager changes the reply target, a report of a period before
// the change says what its mail was judged with: Lily's 6-minute answer
// stays late against the 5 minutes of its day, and a head saying only
// "target 30m" would contradict its own rows.
func TestReportRepliesNamesTheTargetsItsMailWasJudgedWith(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	for user, pw := range map[string]string{"sales@acme-export.com": "team-pw", "lily@acme-export.com": "lily-pw"} {
		srv.AddUser(t, user, pw)
	}
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	srv.Append(t, "lily@acme-export.com", "Sent", quote.Bytes(), quote.Date)
	path := writeConfig(t, srv, "[replies]\nreply_target = \"5m\"\n")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("--log-level", "error", "sync")
	now := t0.Add(3 * time.Hour).Format(time.RFC3339)
	before := c.mustRun("--now", now, "report", "replies", "--since", "1d")
	if !strings.Contains(before, "; target 5m\n") || strings.Contains(before, "The targets changed") {
		t.Fatalf("before the change:\n%s", before)
	}

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(raw), `reply_target = "5m"`, `reply_target = "30m"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	after := c.mustRun("--now", now, "report", "replies", "--since", "1d")
	if !strings.Contains(after, "; target 30m\n") ||
		!strings.Contains(after, "The targets changed: this period's mail was judged with 5m (each message keeps the target of its day)") {
		t.Fatalf("after the change:\n%s", after)
	}
	out := c.mustRun("--now", now, "report", "replies", "--since", "1d", "--format", "json")
	if !strings.Contains(out, `"targets_seconds": [`) || !strings.Contains(out, "300") {
		t.Fatalf("json:\n%s", out)
	}
}

// The table names a salesperson's row as its lists name them, by name,
// with the address the CSV and JSON key the row by.
func TestReportRepliesTableNamesTheSalespeople(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	for user, pw := range map[string]string{"sales@acme-export.com": "team-pw", "lily@acme-export.com": "lily-pw"} {
		srv.AddUser(t, user, pw)
	}
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	srv.Append(t, "lily@acme-export.com", "Sent", quote.Bytes(), quote.Date)
	c := newCLI(t, writeConfig(t, srv, ""), map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("--log-level", "error", "sync")
	now := t0.Add(3 * time.Hour).Format(time.RFC3339)
	table := c.mustRun("--now", now, "report", "replies", "--since", "1d")
	if !strings.Contains(table, "\nLily Chen <lily@acme-export.com>  ") {
		t.Fatalf("table:\n%s", table)
	}
	if csv := c.mustRun("--now", now, "report", "replies", "--since", "1d", "--format", "csv"); !strings.Contains(csv, "\nlily@acme-export.com,1,1,") {
		t.Fatalf("csv:\n%s", csv)
	}
}
