package cli

import (
	"strings"
	"testing"
)

// Ramadan is a quiet period: never greeted, and skip_quiet holds the
// follow-ups of those writing its languages as well as those marked as
// keeping it. The calendar says so rather than calling it a greeting.
func TestCalendarQuietPeriodSaysWhatSkipQuietDoes(t *testing.T) {
	c := newCLI(t, defaultConfigFile, nil)
	out := c.mustRun("calendar", "MY", "--year", "2027")
	var line string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Ramadan") {
			line = l
		}
	}
	if line == "" {
		t.Fatalf("no Ramadan line:\n%s", out)
	}
	if strings.Contains(line, "greeted only") || strings.Contains(line, "greeted to") {
		t.Errorf("Ramadan is said to be greeted: %s", line)
	}
	for _, want := range []string{"not greeted", "skip_quiet", "ms, ar, id", "muslim"} {
		if !strings.Contains(line, want) {
			t.Errorf("Ramadan line lacks %q: %s", want, line)
		}
	}
	out = c.mustRun("calendar", "SA", "--year", "2027")
	for _, l := range strings.Split(out, "\n") {
		// The Eid al-Fitr days off name 29 Ramadan in their source.
		if strings.Contains(l, "  quiet  ") && !strings.Contains(l, "skip_quiet holds follow-ups to every customer") {
			t.Errorf("SA Ramadan line: %s", l)
		}
	}
}
