package cli

import (
	"testing"
	"time"
)

// report replies writes a share rounded down and a p90 under an hour to
// the second, as the web report, the digest and the summary do: 39 of 49
// within target is 79%, never 80%.
func TestReportRepliesWritesTheShareRoundedDown(t *testing.T) {
	share, p90 := 39.0/49, int64(10*60+59)
	if got := pct(&share); got != "79%" {
		t.Errorf("pct(39/49) = %q, want 79%%", got)
	}
	if got := fmtSecs(&p90); got != "10m59s" {
		t.Errorf("fmtSecs(659) = %q, want 10m59s", got)
	}
	// Over an hour and over a day too: a p90 of 1h 00m 59s under a 1h
	// target is not written as the target, nor a worst of 2d 0h 30m as 2d.
	for _, c := range []struct {
		secs   int64
		target time.Duration
		want   string
	}{
		{3659, time.Hour, "1h00m59s"},
		{2*86400 + 1800, 48 * time.Hour, "2d00h30m"},
		{86400 + 30, 24 * time.Hour, "1d00h00m30s"},
	} {
		got := fmtSecs(&c.secs)
		if got == shortDur(c.target) || got != c.want {
			t.Errorf("fmtSecs(%d) = %q beside a %s target written %q; want %s", c.secs, got, c.target, shortDur(c.target), c.want)
		}
	}
	if got := shortDur(time.Hour); got != "1h00m" {
		t.Errorf("a 1h target is written %q", got)
	}
}
