package book

import (
	"testing"
	"time"
)

// A CRM's "dd-mmm-yy" birthday is in the last century when this one's
// would lie ahead, as with all-number dates, and a timestamp keeps the
// date it was written with, whatever its offset from UTC.
func TestBirthdayNamedMonthTwoDigitYearAndZonedTimestamp(t *testing.T) {
	now := time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct{ in, want string }{
		{"17-May-64", "1964-05-17"},
		{"07-May-64", "1964-05-07"},
		{"17-May-01", "2001-05-17"},
		{"17-May-80", "1980-05-17"},
		{"1980-05-17T00:00:00+08:00", "1980-05-17"},
		{"1980-05-17T23:30:00-05:00", "1980-05-17"},
	} {
		if got, err := NormalizeBirthdayAt(c.in, DateUnknown, now); err != nil || got != c.want {
			t.Errorf("NormalizeBirthdayAt(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}
