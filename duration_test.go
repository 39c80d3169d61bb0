package keepwarm

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	const day = 24 * time.Hour
	for _, tc := range []struct {
		in    string
		want  time.Duration
		whole int
	}{
		{"5s", 5 * time.Second, 0}, {"10m", 10 * time.Minute, 0}, {"36h", 36 * time.Hour, 0}, {"1h30m", 90 * time.Minute, 0},
		{"3d", 3 * day, 3}, {"2w", 14 * day, 14}, {"1w2d", 9 * day, 9}, {"1d12h", 36 * time.Hour, 0}, {" 14d ", 14 * day, 14},
		{"0s", 0, 0}, {"0d", 0, 0},
	} {
		got, whole, err := ParseDuration(tc.in)
		if err != nil || got != tc.want || whole != tc.whole {
			t.Errorf("ParseDuration(%q) = %v, %d, %v; want %v, %d", tc.in, got, whole, err, tc.want, tc.whole)
		}
	}
	for _, bad := range []string{"", "5 seconds", "-3d", "-5m", "3", "d", "w", "3x", "1.5d", "2d-1h", "+5m", "3dd"} {
		if d, _, err := ParseDuration(bad); err == nil || !strings.Contains(err.Error(), DurationHint) {
			t.Errorf("ParseDuration(%q) = %v, %v; want an error with the hint", bad, d, err)
		}
	}
	for d, want := range map[time.Duration]string{14 * day: "2w", 3 * day: "3d", 36 * time.Hour: "36h0m0s", 10 * time.Minute: "10m0s"} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
