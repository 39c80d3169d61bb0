package cli

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// fortyExportsInSales puts 40 generated export threads (10 customers) in
// the team mailbox's INBOX on srv, beside Lily's mailbox, and returns the
// keepwarm of a config that syncs them in batches of 5.
func fortyExportsInSales(t *testing.T, srv mailtest.Server) *cli {
	t.Helper()
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	opts := mailtest.GenOptions{TeamDomain: "acme-export.com", Customers: 10}
	var raws [][]byte
	for i := range 40 {
		raws = append(raws, mailtest.GenExport(i, opts))
	}
	c := srv.Dial(t, "sales@acme-export.com")
	mailtest.AppendMany(t, c, "INBOX", raws, func(i int) time.Time { return t0.Add(time.Duration(i) * time.Minute) })
	_ = c.Logout().Wait()
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	return newCLI(t, writeConfig(t, srv, "[sync]\nbatch_size = 5\n"), map[string]string{"TEAM_PW": "team-pw"})
}

// TestSyncFetchesOlderTextsForAWhile: a first sync stores older mail from
// its header; `keepwarm sync` (and `keepwarm tick`, after its cycle) then
// fetches their texts for at most --texts (a batch at least) and says how
// many still follow and what brings them.
func TestSyncFetchesOlderTextsForAWhile(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		cli := fortyExportsInSales(t, srv)
		now := t0.Add(120 * 24 * time.Hour).Format(time.RFC3339)
		follow := regexp.MustCompile(`texts of ([0-9,]+) older message\(s\) follow: keepwarm run fetches them, or keepwarm sync again \(([0-9,]+) fetched now\)`)
		num := func(s string) int {
			n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}

		out := cli.mustRun("--now", now, "sync", "--texts", "0")
		m := follow.FindStringSubmatch(out)
		if m == nil || num(m[2]) != 0 {
			t.Fatalf("sync --texts 0 says nothing of the texts to follow:\n%s", out)
		}
		waiting := num(m[1])
		if waiting < 20 {
			t.Fatalf("%d of 40 older messages wait for their text", waiting)
		}
		// No time: one batch (5) goes.
		out = cli.mustRun("--now", now, "sync", "--texts", "1ns")
		if m := follow.FindStringSubmatch(out); m == nil || num(m[2]) != 5 || num(m[1]) != waiting-5 {
			t.Fatalf("sync --texts 1ns with %d waiting:\n%s", waiting, out)
		}
		// tick too, after its cycle.
		out = cli.mustRun("--now", now, "tick", "--texts", "1ns")
		if m := follow.FindStringSubmatch(out); m == nil || num(m[2]) != 5 || num(m[1]) != waiting-10 || !strings.HasPrefix(out, "tick: ") {
			t.Fatalf("tick --texts 1ns with %d waiting:\n%s", waiting-5, out)
		}
		// The default few seconds bring in the rest.
		out = cli.mustRun("--now", now, "sync")
		if follow.MatchString(out) || !strings.Contains(out, "texts of "+strconv.Itoa(waiting-10)+" older message(s) fetched") {
			t.Fatalf("sync with %d waiting:\n%s", waiting-10, out)
		}
		if out := cli.mustRun("--now", now, "tick"); strings.Contains(out, "texts of") {
			t.Fatalf("a tick with no text waiting speaks of texts:\n%s", out)
		}
		if out := cli.mustRun("--now", now, "sync"); strings.Contains(out, "texts of") {
			t.Fatalf("a sync with no text waiting speaks of texts:\n%s", out)
		}
	})
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 12: "12", 999: "999", 1000: "1,000", 12345: "12,345", 1234567: "1,234,567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q; want %q", n, got, want)
		}
	}
}
