package keepwarm

import "testing"

// A share is written rounded down: a red bar (under 80%) never says 80%.
func TestSharePercentNeverRoundsUpToTheTarget(t *testing.T) {
	for share, want := range map[float64]string{0.796: "79%", 39.0 / 49: "79%", 0.8: "80%", 0.29: "29%", 0.57: "57%", 0.999: "99%", 1: "100%", 0: "0%"} {
		if got := SharePercent(share); got != want {
			t.Errorf("SharePercent(%v) = %q, want %q", share, got, want)
		}
	}
}
