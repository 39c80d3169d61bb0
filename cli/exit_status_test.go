package cli

import (
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

// A wrong flag value is a usage error: exit 2 and a pointer to the
// command's --help, as promised, not exit 1 as if the database failed; and
// the root help lists the exit statuses.
func TestWrongFlagValuesAreUsageErrors(t *testing.T) {
	r := newSeqRig(t, mailtest.NewMemServer(t), "")
	r.start("A")
	for _, args := range [][]string{
		{"report", "replies", "--by", "owner", "--format", "json"},
		{"enroll", "1", "--sequence", "key-custmer"},
	} {
		code, out, errs := r.run(day(1), args...)
		want := "run `keepwarm " + strings.Join(args[:2], " ") + " --help` for usage"
		if args[0] == "enroll" {
			want = "run `keepwarm enroll --help` for usage"
		}
		if code != 2 || !strings.Contains(errs, want) || out != "" {
			t.Fatalf("%v: exit %d\nstdout %s\nstderr %s", args, code, out, errs)
		}
	}
	code, out, _ := runBare(t, "--help")
	// The help wraps its lines wherever the words fall.
	if flat := strings.Join(strings.Fields(out), " "); code != 0 || !strings.Contains(flat, "Exit status: 0 done;") || !strings.Contains(flat, "4 tick gave up on a mail") {
		t.Fatalf("--help: exit %d\n%s", code, out)
	}
}
