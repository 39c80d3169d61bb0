package cli

import (
	"context"
	"strings"
	"testing"
)

// TestReportWindowRefusesAnEmptyWindow: swapped dates, or the same
// instant twice, are a usage error naming --since, not an empty report
// that reads as "no customer mail".
func TestReportWindowRefusesAnEmptyWindow(t *testing.T) {
	r := newDigestRig(t, "")
	c := newCLI(t, r.path, r.env)
	for _, args := range [][]string{
		{"report", "replies", "--since", "2026-12-01", "--until", "2026-11-01"},
		{"report", "sequences", "--since", "2026-12-01", "--until", "2026-11-01", "--format", "json"},
		{"report", "quiet", "--since", "2026-11-01T00:00:00Z", "--until", "2026-11-01T00:00:00Z", "--format", "csv"},
	} {
		code, out, errs := c.run(context.Background(), args...)
		if code != 2 || !strings.Contains(errs, "--since") || !strings.Contains(errs, "is not before --until") {
			t.Errorf("%v: exit %d, %q\n%s", args, code, errs, out)
		}
	}
}
