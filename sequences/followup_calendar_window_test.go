package sequences

import (
	"strings"
	"testing"
	"time"

	"keepwarm/zhtext"
)

// A window's workdays narrow the customer's own week, never replace it:
// Mon-Fri written for a Saudi customer sends nothing on Friday, their
// weekend, and a Chinese customer still gets mail on a Saturday China
// works in exchange for a holiday.
func TestCalendarWindowWorkdaysKeepTheCustomersWeekend(t *testing.T) {
	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	w := SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Holidays: true,
		Workdays: []string{"mon", "tue", "wed", "thu", "fri"}}
	sa := NewCustomerCalendar(nil, "SA", riyadh, w)
	// Thursday 3 December 2026, after the window: Friday and Saturday are
	// the Saudi weekend, Sunday is not a window workday: Monday.
	if got, want := sa.Next(time.Date(2026, 12, 3, 17, 30, 0, 0, riyadh)), time.Date(2026, 12, 7, 9, 0, 0, 0, riyadh); !got.Equal(want) {
		t.Errorf("SA from Thursday 17:30: %s, want Monday 7 December 09:00", got.In(riyadh).Format("Mon 2006-01-02 15:04"))
	}
	if sa.Workday(time.Date(2026, 12, 4, 12, 0, 0, 0, riyadh)) {
		t.Error("SA: Friday is a workday for a Mon-Fri window")
	}
	// Sunday 28 September 2025 was worked in China before the National Day
	// holiday.
	cn := NewCustomerCalendar(nil, "CN", shanghai, w)
	if !cn.Workday(time.Date(2025, 9, 28, 12, 0, 0, 0, shanghai)) {
		t.Error("CN: the Sunday worked in exchange for National Day 2025 is not a workday")
	}
	if cn.Workday(time.Date(2025, 10, 1, 12, 0, 0, 0, shanghai)) {
		t.Error("CN: National Day is a workday")
	}
}

// A window whose workdays all fall on the customer's weekend (Friday only,
// for Riyadh) never opens: it is not open at 03:00, nor at any hour, and
// has no next opening, also counting business days.
func TestCalendarWindowWithNoOpeningIsClosed(t *testing.T) {
	riyadh, _ := time.LoadLocation("Asia/Riyadh")
	sa := NewCustomerCalendar(nil, "SA", riyadh, SendWindow{Start: TimeOfDay{9 * 60}, End: TimeOfDay{17 * 60}, Workdays: []string{"fri"}})
	night := time.Date(2026, 12, 8, 3, 0, 0, 0, riyadh) // a Tuesday
	for _, at := range []time.Time{night, night.Add(8 * time.Hour), night.AddDate(0, 0, 3).Add(8 * time.Hour)} {
		if sa.InWindow(at) {
			t.Errorf("open at %s", at.Format("Mon 15:04"))
		}
	}
	if got := sa.Next(night); !got.IsZero() {
		t.Errorf("next opening %s, want none", got)
	}
	if got := sa.After(night, Delay{Whole: 2}, true); !got.IsZero() {
		t.Errorf("2 business days later: %s, want none", got)
	}
	why := sa.NoOpening("friday-catch-up", night)
	if !strings.Contains(why, "no working day for a customer in SA") || !strings.Contains(why, "fri, sat") {
		t.Errorf("why: %q", why)
	}
	if zh := zhtext.Err(why); zh == why || !strings.Contains(zh, "friday-catch-up") {
		t.Errorf("why in Chinese: %q", zh)
	}
}
