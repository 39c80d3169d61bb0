package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// TestNowGivenToACommandWithoutTimeIsNoted: --now given to a command that
// never looks at the time (the demo plays its own fixed fortnight) is said
// on standard error to have no effect, and the command still runs.
func TestNowGivenToACommandWithoutTimeIsNoted(t *testing.T) {
	for _, c := range []struct {
		cmd  string
		args []string
	}{
		{"demo", []string{"demo", "--days", "1", "--now", "2027-03-01T09:00:00Z"}},
		{"init", []string{"--now", "2027-03-01T09:00:00Z", "init", filepath.Join(t.TempDir(), "team")}},
		{"version", []string{"version", "--now", "2027-03-01T09:00:00Z"}},
		{"completion", []string{"completion", "bash", "--now", "2027-03-01T09:00:00Z"}},
		{"help", []string{"help", "demo", "--now", "2027-03-01T09:00:00Z"}},
	} {
		code, _, stderr := runBare(t, c.args...)
		if code != 0 {
			t.Errorf("%v: exit %d, stderr %s", c.args, code, stderr)
		}
		if want := "note: --now does not apply to keepwarm " + c.cmd + ": "; !strings.Contains(stderr, want) {
			t.Errorf("%v: stderr says nothing of --now:\n%s", c.args, stderr)
		}
	}
	// backup copies the database as it is, whatever the time.
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	c := newCLI(t, writeConfig(t, srv, ""), map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("outbox")
	code, _, stderr := c.run(context.Background(), "backup", filepath.Join(t.TempDir(), "b.db"), "--now", "2027-03-01T09:00:00Z")
	if code != 0 || !strings.Contains(stderr, "note: --now does not apply to keepwarm backup: ") {
		t.Errorf("backup --now: exit %d, stderr %s", code, stderr)
	}
	// Without --now, no note.
	if _, _, stderr := runBare(t, "version"); strings.Contains(stderr, "--now") {
		t.Errorf("version without --now: %s", stderr)
	}
}
