package sequences

import (
	"testing"
	"time"
)

func TestHolidaysOn(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	keys := func(country string, d time.Time) []string {
		var out []string
		for _, h := range HolidaysOn(nil, country, d) {
			if !h.Observed {
				out = append(out, h.Key)
			}
		}
		return out
	}
	for _, tc := range []struct {
		country string
		day     time.Time
		want    string
	}{
		{"US", day(2026, 11, 26), "thanksgiving"},
		{"DE", day(2026, 11, 26), ""},
		{"us", day(2026, 12, 25), "christmas"},
		{"DE", day(2026, 12, 25), "christmas"},
		{"ES", day(2027, 1, 1), "new-year"},
		{"CA", day(2026, 10, 12), "thanksgiving"},
		{"US", day(2026, 7, 4), "independence-day"},
		{"AE", day(2026, 12, 25), ""}, // not a holiday there
		{"AE", day(2026, 12, 2), "national-day"},
		{"IN", day(2026, 11, 8), "diwali"},
		{"SA", day(2026, 3, 20), "eid-al-fitr"},
		{"CN", day(2026, 2, 17), "spring-festival"},
		{"GB", day(2026, 12, 25), "christmas"},
		{"UK", day(2026, 12, 25), "christmas"},
	} {
		got := keys(tc.country, tc.day)
		if (tc.want == "" && len(got) != 0) || (tc.want != "" && (len(got) != 1 || got[0] != tc.want)) {
			t.Errorf("HolidaysOn(%s, %s) = %v, want %q", tc.country, tc.day.Format("2006-01-02"), got, tc.want)
		}
	}
	// 4 July 2026 is a Saturday: observed on Friday the 3rd.
	if h := HolidaysOn(nil, "US", day(2026, 7, 3)); len(h) != 1 || !h[0].Observed || !IsPublicHoliday(nil, "US", day(2026, 7, 3)) {
		t.Errorf("observed Independence Day: %+v", h)
	}
	if Slug("Tag der Arbeit") != "tag-der-arbeit" || Slug("Mariä Himmelfahrt") != "mariä-himmelfahrt" || Slug("Presidents' Day") != "presidents-day" {
		t.Errorf("slugs: %q %q %q", Slug("Tag der Arbeit"), Slug("Mariä Himmelfahrt"), Slug("Presidents' Day"))
	}
}

func TestHolidayKeys(t *testing.T) {
	keys := HolidayKeys(nil, 2026)
	for _, want := range []string{"christmas", "new-year", "thanksgiving", "independence-day"} {
		found := false
		for _, k := range keys {
			found = found || k == want
		}
		if !found {
			t.Errorf("HolidayKeys(2026) lacks %q", want)
		}
	}
}

func TestIsSendingDay(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		country string
		day     time.Time
		want    bool
	}{
		{"DE", day(2026, 12, 1), true},   // Tuesday
		{"DE", day(2026, 12, 5), false},  // Saturday
		{"DE", day(2026, 12, 25), false}, // Christmas, a Friday
		{"SA", day(2026, 12, 4), false},  // Friday: the weekend there
		{"SA", day(2026, 12, 6), true},   // Sunday: a working day there
		{"US", day(2026, 11, 26), false}, // Thanksgiving
		{"AE", day(2026, 12, 5), false},  // Saturday: the weekend in the UAE
		{"AE", day(2026, 12, 4), true},   // Friday: a working day there
		{"SA", day(2026, 3, 22), false},  // Eid al-Fitr (Sunday)
		{"CN", day(2026, 2, 14), true},   // Saturday worked before the Spring Festival
	} {
		if got := IsSendingDay(nil, tc.country, tc.day); got != tc.want {
			t.Errorf("IsSendingDay(%s, %s) = %v", tc.country, tc.day.Format("Mon 2006-01-02"), got)
		}
	}
}
