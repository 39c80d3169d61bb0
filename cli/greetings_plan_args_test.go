package cli

import (
	"context"
	"strings"
	"testing"
)

// greetings plan --month takes YYYY-MM: anything else is a usage error
// (exit 2 and the pointer to --help), with greetings off as much as on.
func TestGreetingsPlanMonthIsAUsageError(t *testing.T) {
	for _, c := range []struct{ name, extra string }{
		{"greetings off", ""},
		{"christmas on", "\n[greetings]\noccasions = [\"christmas\"]\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cl, _, _ := bookCLI(t, c.extra)
			for _, month := range []string{"2026-13", "2026-1", "dec"} {
				code, out, errs := cl.run(context.Background(), "greetings", "plan", "--month", month)
				if code != 2 || !strings.Contains(errs, "--month \""+month+"\": write it as YYYY-MM") ||
					!strings.Contains(errs, "run `keepwarm greetings plan --help` for usage") || strings.Contains(out, "item(s)") {
					t.Fatalf("--month %s: exit %d\nstdout: %s\nstderr: %s", month, code, out, errs)
				}
			}
		})
	}
}
