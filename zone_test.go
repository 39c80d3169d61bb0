package keepwarm

import (
	"testing"
	"time"
)

func TestFormatInZoneNamesTheZone(t *testing.T) {
	at := time.Date(2026, 11, 18, 13, 30, 0, 0, time.UTC)
	for _, tc := range []struct{ zone, want string }{
		{"Asia/Shanghai", "Wed 2026-11-18 21:30 (Asia/Shanghai, UTC+08:00)"},
		{"America/Chicago", "Wed 2026-11-18 07:30 (America/Chicago, UTC-06:00)"},
		{"Asia/Kolkata", "Wed 2026-11-18 19:00 (Asia/Kolkata, UTC+05:30)"},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		if got := FormatInZone(at, loc); got != tc.want {
			t.Errorf("FormatInZone in %s = %q, want %q", tc.zone, got, tc.want)
		}
	}
}
