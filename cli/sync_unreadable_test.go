package cli

import (
	"context"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// One mailbox whose password cannot be read (its password_env forgotten)
// does not keep `keepwarm sync` from reading the others: they are synced,
// and the command exits 1 naming the one it could not, and why.
func TestSyncReadsTheOtherMailboxesWhenOnesPasswordCannotBeRead(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	srv.Append(t, "lily@acme-export.com", "Sent", quote.Bytes(), quote.Date)
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")                  // password_cmd runs in a real shell
	c := newCLI(t, writeConfig(t, srv, ""), map[string]string{}) // TEAM_PW not exported

	code, stdout, stderr := c.run(context.Background(), "sync")
	if code != 1 {
		t.Fatalf("sync: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "synced 1 mailbox(es)") || !strings.Contains(stdout, "1 new message(s)") {
		t.Fatalf("sync summary: %s\nstderr: %s", stdout, stderr)
	}
	for _, want := range []string{"password_env", "TEAM_PW", "sync failed for [team]"} {
		if !strings.Contains(stderr, want) {
			t.Fatalf("stderr lacks %q: %s", want, stderr)
		}
	}
	if out := c.mustRun("threads", "--json"); !strings.Contains(out, `"last_outbound_at": "2026-11-02T01:06:00Z"`) {
		t.Fatalf("Lily's mail is not stored: %s", out)
	}
	// A mailbox name that is not configured is still a usage error.
	if code, _, stderr := c.run(context.Background(), "sync", "--mailbox", "nosuch"); code != 2 || !strings.Contains(stderr, `no mailbox named "nosuch"`) {
		t.Fatalf("unknown mailbox: exit %d %s", code, stderr)
	}
}
