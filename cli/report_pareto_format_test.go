package cli

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
)

// `report pareto` reads --since as the other reports do: a duration back
// from today (days and weeks counted in the team's zone) or a date, and
// takes --format table|csv|json; --json still prints the JSON, for the
// scripts written before --format, and is left out of --help.
func TestParetoTakesTheOtherReportsSinceAndFormat(t *testing.T) {
	c := paretoCLI(t, "Asia/Shanghai",
		"a@acme.example,2025-09-27,\"1,000.00\",USD\na@acme.example,2026-10-20,\"2,000.00\",USD\n"+
			"b@globex.example,2025-09-26,100,USD\nb@globex.example,2026-10-19,200,USD\n")
	const now = "2026-11-01T00:00:00Z" // 08:00 on 1 November in Shanghai
	pareto := func(args ...string) string {
		t.Helper()
		return c.mustRun(append([]string{"--now", now, "report", "pareto", "--target", "1"}, args...)...)
	}
	// 400 days before 1 November 2026 is 27 September 2025: Acme's first
	// order in, Globex's of the day before out.
	byDate := pareto("--since", "2025-09-27", "--json")
	if orders, cents := paretoJSON(t, c, "--now", now, "--target", "1", "--since", "400d"); orders != 3 || cents != 320000 {
		t.Errorf("--since 400d: %d order(s) of %d cents, want 3 of 320000 (from 27 September 2025)", orders, cents)
	}
	if got := pareto("--since", "400d", "--json"); got != byDate {
		t.Errorf("--since 400d prints\n%s\nwant what --since 2025-09-27 prints\n%s", got, byDate)
	}
	if got := pareto("--since", "400d", "--format", "json"); got != byDate {
		t.Errorf("--format json prints\n%s\nwant what --json prints\n%s", got, byDate)
	}
	// Two weeks back is 18 October: the two October orders alone.
	if orders, cents := paretoJSON(t, c, "--now", now, "--target", "1", "--since", "2w"); orders != 2 || cents != 220000 {
		t.Errorf("--since 2w: %d order(s) of %d cents, want the 2 October orders, 220000", orders, cents)
	}
	if out := pareto("--since", "2w"); !strings.Contains(out, "USD since 2026-10-18:") {
		t.Errorf("the table for --since 2w:\n%s", out)
	}

	// The CSV opens with a byte-order mark, as keepwarm's CSVs do (a
	// spreadsheet then reads it as UTF-8).
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(pareto("--since", "400d", "--format", "csv"), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"currency", "since", "customer_id", "customer", "owner", "revenue", "share", "cumulative", "orders", "last_order", "grade", "suggested_grade"},
		{"USD", "2025-09-27", "", "Acme", "", "3000.00", "0.9375", "0.9375", "2", "2026-10-20", "B", ""},
		{"USD", "2025-09-27", "", "Globex", "", "200.00", "0.0625", "1.0000", "1", "2026-10-19", "B", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("CSV: %q", rows)
	}
	for i, r := range rows {
		for j, v := range want[i] {
			if v != "" && (j >= len(r) || r[j] != v) {
				t.Errorf("CSV line %d: %q, want %q in column %s", i+1, r, v, want[0][j])
			}
		}
	}

	for _, bad := range [][]string{{"--since", "ninety days"}, {"--format", "xlsx"}, {"--json", "--format", "csv"}} {
		code, _, stderr := c.run(context.Background(), append([]string{"--now", now, "report", "pareto"}, bad...)...)
		if code != 2 || !strings.Contains(stderr, "report pareto") {
			t.Errorf("report pareto %v: exit %d, %s", bad, code, stderr)
		}
	}
	help := c.mustRun("report", "pareto", "--help")
	if !strings.Contains(help, "--format") || strings.Contains(help, "--json") {
		t.Errorf("report pareto --help should name --format and not --json:\n%s", help)
	}
}

// The pareto table names a customer's owner as every other table does, by
// the salesperson's configured name, and a pooled customer's as "(pool)".
func TestParetoNamesTheOwner(t *testing.T) {
	c := paretoCLI(t, "Asia/Shanghai", "a@acme.example,2026-10-20,\"2,000.00\",USD\nb@globex.example,2026-10-19,\"1,000.00\",USD\n")
	c.mustRun("customers", "set", "a@acme.example", "--owner", "tom@acme-export.com")
	out := c.mustRun("--now", "2026-11-01T00:00:00Z", "report", "pareto", "--target", "1")
	if !strings.Contains(out, "Acme  ") || !strings.Contains(out, " Tom Wu ") || strings.Contains(out, "tom@acme-export.com") || !strings.Contains(out, "(pool)") {
		t.Errorf("the pareto table:\n%s", out)
	}
}
