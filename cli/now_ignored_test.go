package cli

import (
	"path/filepath"
	"strings"
	"testing"
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
	} {
		code, _, stderr := runBare(t, c.args...)
		if code != 0 {
			t.Errorf("%v: exit %d, stderr %s", c.args, code, stderr)
		}
		if want := "note: --now does not apply to keepwarm " + c.cmd + ": "; !strings.Contains(stderr, want) {
			t.Errorf("%v: stderr says nothing of --now:\n%s", c.args, stderr)
		}
	}
	// Without --now, no note.
	if _, _, stderr := runBare(t, "version"); strings.Contains(stderr, "--now") {
		t.Errorf("version without --now: %s", stderr)
	}
}
