package cli

import "testing"

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
}
