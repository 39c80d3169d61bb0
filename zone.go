package keepwarm

import (
	"fmt"
	"time"
)

// ZoneLabel names loc unambiguously at the instant at: its IANA name and
// its offset then ("Asia/Shanghai, UTC+08:00"). An abbreviation such as
// "CST" could be China, Cuba or the US Central zone.
func ZoneLabel(loc *time.Location, at time.Time) string {
	_, off := at.In(loc).Zone()
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	return fmt.Sprintf("%s, UTC%s%02d:%02d", loc, sign, off/3600, off%3600/60)
}

// FormatInZone writes t as people read it in loc, with the zone named:
// "Wed 2026-11-18 21:30 (Asia/Shanghai, UTC+08:00)".
func FormatInZone(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("Mon 2006-01-02 15:04") + " (" + ZoneLabel(loc, t) + ")"
}

// OffsetZone is a zone at a fixed UTC offset (seconds east of UTC), named
// by it: "UTC+01:00", "UTC-05:00", "UTC+05:30". It has no summer time.
func OffsetZone(offset int) *time.Location {
	sign, off := "+", offset
	if off < 0 {
		sign, off = "-", -off
	}
	return time.FixedZone(fmt.Sprintf("UTC%s%02d:%02d", sign, off/3600, off%3600/60), offset)
}

// LoadZone is the IANA zone name names, refusing "" and "Local", which
// time.LoadLocation takes as UTC and as whatever zone the process runs in
// (UTC in a container or under systemd): neither is a place's zone.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%q is not an IANA time zone", name)
	}
	return time.LoadLocation(name)
}
