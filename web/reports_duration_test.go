package web

import (
	"testing"
	"time"
)

// A report's duration is never written as a whole number of its coarsest
// unit when it is more: a p90 of 1h 00m 59s under a 1h target does not
// read "1h", nor 2 days and half an hour under a 2d target "2d 0h", nor 2
// days and 30 seconds "2d 0h 00m".
func TestShortDurationIsNeverAWholeUnitItIsNot(t *testing.T) {
	for d, want := range map[time.Duration]string{
		45 * time.Second:                              "45s",
		10 * time.Minute:                              "10m",
		10*time.Minute + 59*time.Second:               "10m 59s",
		time.Hour:                                     "1h",
		time.Hour + 59*time.Second:                    "1h 00m 59s",
		3*time.Hour + 5*time.Minute:                   "3h 05m",
		48 * time.Hour:                                "2d",
		52 * time.Hour:                                "2d 4h",
		48*time.Hour + 30*time.Minute:                 "2d 0h 30m",
		48*time.Hour + 59*time.Minute:                 "2d 0h 59m",
		48*time.Hour + 30*time.Second:                 "2d 0h 00m 30s",
		52*time.Hour + 30*time.Minute + 5*time.Second: "2d 4h 30m 05s",
		-time.Second:                                  "0s",
	} {
		if got := ShortDuration(d); got != want {
			t.Errorf("ShortDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
