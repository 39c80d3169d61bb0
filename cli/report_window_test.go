package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// A team in Berlin on a server in UTC, a week after summer time began:
// `report replies` by default counts seven calendar days back in the
// team's zone, from 10:00 on Tuesday 31 March (CEST) to 10:00 on Tuesday
// 24 March (CET), not from an offset that makes it seven days and an hour
// (until is now's second included, so since is a second after 10:00).
func TestReportSinceCountsCalendarDaysInTheTeamsZone(t *testing.T) {
	r := newDigestRig(t, "", func(s string) string {
		return strings.Replace(s, `time_zone = "Asia/Shanghai"`, `time_zone = "Europe/Berlin"`, 1)
	})
	c := newCLI(t, r.path, r.env)
	for _, c2 := range []struct {
		args []string
		sec  int
	}{
		{[]string{"--now", "2026-03-31T10:00:00+02:00", "report", "replies", "--format", "json"}, 1},
		{[]string{"--now", "2026-03-31T08:00:00Z", "report", "replies", "--format", "json"}, 1},
		{[]string{"--now", "2026-04-05T00:00:00Z", "report", "replies", "--until", "2026-03-31T10:00:00+02:00", "--format", "json"}, 0},
		{[]string{"--now", "2026-04-05T00:00:00Z", "report", "sequences", "--since", "7d", "--until", "2026-03-31T08:00:00Z", "--format", "json"}, 0},
	} {
		var rep struct{ Since time.Time }
		r.must(json.Unmarshal([]byte(c.mustRun(c2.args...)), &rep))
		if want := time.Date(2026, 3, 24, 9, 0, c2.sec, 0, time.UTC); !rep.Since.Equal(want) {
			t.Errorf("%v: since %s, want %s (10:00 CET)", c2.args, rep.Since.UTC(), want)
		}
	}
}

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
