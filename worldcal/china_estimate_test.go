package worldcal

import (
	"testing"
	"time"
)

// The estimate for a year without the State Council's arrangement, run on
// the years that have one since the 2025 reform, gives every day off the
// arrangement gave (it may give a weekday more: the weekend days worked in
// exchange are not known): Monday 2 June 2025 after the Dragon Boat
// Festival on a Saturday, Friday 2 January 2026 after New Year's Day on a
// Thursday, Monday 6 April 2026 after Qingming on a Sunday, the nine days
// of the Spring Festival 2027 to Saturday 13 February.
func TestChinaEstimateGivesTheArrangedDaysOff(t *testing.T) {
	for y := 2025; y <= 2027; y++ {
		est := map[time.Time]bool{}
		for _, h := range chinaEstimate(chinaFallback(), y) {
			if h.Kind == Public {
				est[h.Date] = true
			}
		}
		for _, h := range Builtin().Holidays("CN", y) {
			if h.Kind == Public && !est[h.Date] && h.Date.Weekday() != time.Saturday && h.Date.Weekday() != time.Sunday {
				t.Errorf("CN %s (%s, %s): off by the arrangement, a working day in the estimate", h.Date.Format("2006-01-02"), h.Date.Weekday(), h.Name)
			}
		}
	}
	// 2028 and 2029, which lunar-go has no arrangement for: New Year's Day
	// on Saturday 1 January 2028, the Dragon Boat Festival on Sunday 28 May
	// 2028, the ninth day of the Spring Festival (Wednesday 2 February
	// 2028), the Mid-Autumn Festival on Saturday 22 September 2029, New
	// Year's Day 2030 on a Tuesday, Qingming on Tuesday 4 April 2028.
	for _, day := range []string{"2028-01-03", "2028-05-29", "2028-02-02", "2029-09-24", "2029-12-31", "2028-04-03"} {
		if Builtin().IsWorkday("CN", d(day)) {
			t.Errorf("CN %s is a working day in the estimate: %v", day, Builtin().On("CN", d(day)))
		}
	}
	for _, day := range []string{"2028-01-04", "2028-05-30", "2028-02-03", "2029-09-25", "2028-04-05"} {
		if !Builtin().IsWorkday("CN", d(day)) {
			t.Errorf("CN %s is not a working day in the estimate: %v", day, Builtin().On("CN", d(day)))
		}
	}
}
