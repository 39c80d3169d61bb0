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

func TestOffsetZoneIsNamedByItsOffset(t *testing.T) {
	at := time.Date(2026, 11, 18, 13, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		off        int
		name, want string
	}{
		{3600, "UTC+01:00", "Wed 2026-11-18 14:30"},
		{-5 * 3600, "UTC-05:00", "Wed 2026-11-18 08:30"},
		{5*3600 + 1800, "UTC+05:30", "Wed 2026-11-18 19:00"},
		{0, "UTC+00:00", "Wed 2026-11-18 13:30"},
	} {
		loc := OffsetZone(tc.off)
		if loc.String() != tc.name || at.In(loc).Format("Mon 2006-01-02 15:04") != tc.want {
			t.Errorf("OffsetZone(%d) = %s, %s; want %s, %s", tc.off, loc, at.In(loc).Format("Mon 2006-01-02 15:04"), tc.name, tc.want)
		}
	}
}
