package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// paretoCLI is bookCLI for a team in zone, with Acme and Globex in the
// book and orders (a CSV body without its header) imported.
func paretoCLI(t *testing.T, zone, orders string) *cli {
	t.Helper()
	c, _, dir := bookCLI(t, "")
	body, err := os.ReadFile(c.config)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.config, []byte(strings.Replace(string(body), `time_zone = "Asia/Shanghai"`, `time_zone = "`+zone+`"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	cust := filepath.Join(dir, "c.csv")
	os.WriteFile(cust, []byte("Company,Email,Grade\nAcme,a@acme.example,B\nGlobex,b@globex.example,B\n"), 0o600)
	c.mustRun("customers", "import", "--pool", cust)
	file := filepath.Join(dir, "orders.csv")
	os.WriteFile(file, []byte("客户,日期,金额,币种\n"+orders), 0o600)
	c.mustRun("--now", "2026-11-01T00:00:00Z", "orders", "import", file)
	return c
}

func paretoJSON(t *testing.T, c *cli, args ...string) (orders int, cents int64) {
	t.Helper()
	var reps []paretoReport
	if err := json.Unmarshal([]byte(c.mustRun(append([]string{"report", "pareto", "--json"}, args...)...)), &reps); err != nil {
		t.Fatal(err)
	}
	for _, r := range reps {
		cents += r.Total
		for _, p := range r.Rows {
			orders += p.Orders
		}
	}
	return orders, cents
}

// Orders are known by their day, as the file wrote it. `report pareto`
// counts them from the day --since names and prints their days as written,
// whatever the team's zone: west of UTC the first day's orders are in and
// the LAST ORDER is the order's own date, not the day before; east of UTC
// an order written late on the evening before --since stays out. The
// default year is whole days too.
func TestParetoTakesOrderDatesAsDaysInEveryZone(t *testing.T) {
	t.Run("west", func(t *testing.T) {
		c := paretoCLI(t, "America/Mexico_City",
			"a@acme.example,2026-01-01,\"1,000.00\",USD\na@acme.example,2026-03-15,\"2,000.00\",USD\n"+
				"b@globex.example,2025-10-30,100,USD\nb@globex.example,2025-10-31,200,USD\n")
		if orders, cents := paretoJSON(t, c, "--now", "2026-11-01T00:00:00Z", "--since", "2026-01-01", "--target", "1"); orders != 2 || cents != 300000 {
			t.Errorf("--since 2026-01-01 west of UTC: %d order(s) of %d cents, want both of Acme's orders, 300000", orders, cents)
		}
		out := c.mustRun("--now", "2026-11-01T00:00:00Z", "report", "pareto", "--since", "2026-01-01")
		if !strings.Contains(out, "USD since 2026-01-01:") || !strings.Contains(out, "2026-03-15") || strings.Contains(out, "2026-03-14") {
			t.Errorf("LAST ORDER west of UTC: want 2026-03-15:\n%s", out)
		}
		// 03:00 UTC on 1 November is the evening of 31 October in Mexico
		// City: the year starts on 31 October 2025, that day's order in.
		if orders, cents := paretoJSON(t, c, "--now", "2026-11-01T03:00:00Z", "--target", "1"); orders != 3 || cents != 320000 {
			t.Errorf("the default year west of UTC: %d order(s) of %d cents, want 3 of 320000 (31 October 2025 in, 30 October out)", orders, cents)
		}
	})
	t.Run("east", func(t *testing.T) {
		c := paretoCLI(t, "Asia/Shanghai",
			"a@acme.example,2025-12-31 20:00,\"1,000.00\",USD\na@acme.example,2026-01-02 09:30,\"2,000.00\",USD\n"+
				"b@globex.example,2025-11-01 20:00,100,USD\nb@globex.example,2025-11-02 08:00,200,USD\n")
		if orders, cents := paretoJSON(t, c, "--now", "2026-11-01T00:00:00Z", "--since", "2026-01-01", "--target", "1"); orders != 1 || cents != 200000 {
			t.Errorf("--since 2026-01-01 east of UTC: %d order(s) of %d cents, want only 2 January's, 200000", orders, cents)
		}
		out := c.mustRun("--now", "2026-11-01T00:00:00Z", "report", "pareto", "--since", "2026-01-01")
		if !strings.Contains(out, "USD since 2026-01-01:") || !strings.Contains(out, "2026-01-02") {
			t.Errorf("pareto table east of UTC:\n%s", out)
		}
		// 17:00 UTC on 1 November is 01:00 on 2 November in Shanghai: the
		// year starts on 2 November 2025, the evening of the 1st out.
		if orders, cents := paretoJSON(t, c, "--now", "2026-11-01T17:00:00Z", "--target", "1"); orders != 3 || cents != 320000 {
			t.Errorf("the default year east of UTC: %d order(s) of %d cents, want 3 of 320000 (1 November 2025 out)", orders, cents)
		}
	})
}

// The suggested grade counts whole days from the team's today to the day
// the next order is due: A when it is at most 31 days away. It does not
// turn at some hour of the run, nor count from UTC's day. Acme's one order,
// 13 December 2025, puts the next on 13 December 2026.
func TestParetoSuggestsTheGradeOnTheTeamsDay(t *testing.T) {
	for _, tc := range []struct {
		zone, now, want, why string
	}{
		// 07:30 and 08:30 on 12 November in Shanghai: 31 days, A all day.
		{"Asia/Shanghai", "2026-11-11T23:30:00Z", "A", "07:30 on 12 November in Shanghai, 31 days before"},
		{"Asia/Shanghai", "2026-11-12T00:30:00Z", "A", "08:30 on 12 November in Shanghai, 31 days before"},
		// 19:00 on 11 November in Mexico City: 32 days, B, though UTC is
		// already on the 12th.
		{"America/Mexico_City", "2026-11-12T01:00:00Z", "B", "19:00 on 11 November in Mexico City, 32 days before"},
		{"America/Mexico_City", "2026-11-12T07:00:00Z", "A", "01:00 on 12 November in Mexico City, 31 days before"},
	} {
		t.Run(tc.zone+"/"+tc.now, func(t *testing.T) {
			c := paretoCLI(t, tc.zone, "a@acme.example,2025-12-13,\"2,000.00\",USD\n")
			var reps []paretoReport
			if err := json.Unmarshal([]byte(c.mustRun("--now", tc.now, "report", "pareto", "--json")), &reps); err != nil {
				t.Fatal(err)
			}
			if len(reps) != 1 || len(reps[0].Rows) != 1 {
				t.Fatalf("want Acme alone: %+v", reps)
			}
			if got := reps[0].Rows[0].Suggested; got != tc.want {
				t.Errorf("%s: suggested %q, want %q", tc.why, got, tc.want)
			}
			if next := reps[0].Rows[0].NextOrder.UTC().Format(time.RFC3339); next != "2026-12-13T00:00:00Z" {
				t.Errorf("next order %s, want the day 2026-12-13", next)
			}
		})
	}
}

// A --since after the team's today would print "no orders" over a full
// book (and an empty CSV or [] a script reads as no revenue): it is
// refused, exit status 2, as the other reports refuse an empty window.
// Today itself is a window of one day.
func TestParetoRefusesASinceAfterToday(t *testing.T) {
	c := paretoCLI(t, "Asia/Shanghai", "a@acme.example,2026-10-20,\"1,000.00\",USD\n")
	for _, since := range []string{"2027-01-01", "2026-11-02"} {
		code, out, stderr := c.run(context.Background(), "--now", "2026-11-01T00:00:00Z", "report", "pareto", "--since", since)
		if code != 2 || !strings.Contains(stderr, "report pareto") || !strings.Contains(stderr, since) {
			t.Errorf("--since %s, a day after today: exit %d, stdout %q, stderr %q", since, code, out, stderr)
		}
	}
	if code, _, stderr := c.run(context.Background(), "--now", "2026-11-01T00:00:00Z", "report", "pareto", "--since", "2026-11-01"); code != 0 {
		t.Errorf("--since today: exit %d, %s", code, stderr)
	}
}

// A duration counts whole days back from the team's today, to the last
// second of it: at 23:59:59.5 in Shanghai 2w is 18 October, that day's
// order in, and 0d is today, not tomorrow.
func TestParetoSinceDaysAtTheLastSecondOfTheDay(t *testing.T) {
	c := paretoCLI(t, "Asia/Shanghai", "a@acme.example,2026-10-18,\"1,000.00\",USD\na@acme.example,2026-10-25,\"2,000.00\",USD\n")
	const now = "2026-11-01T15:59:59.5Z" // 23:59:59.5 on 1 November in Shanghai
	if orders, cents := paretoJSON(t, c, "--now", now, "--since", "2w", "--target", "1"); orders != 2 || cents != 300000 {
		t.Errorf("--since 2w at 23:59:59.5: %d order(s) of %d cents, want both, 18 October's in", orders, cents)
	}
	code, out, stderr := c.run(context.Background(), "--now", now, "report", "pareto", "--since", "0d")
	if code != 0 || !strings.Contains(out, "since 2026-11-01") {
		t.Errorf("--since 0d at 23:59:59.5: exit %d, want today, 2026-11-01:\n%s%s", code, out, stderr)
	}
}
