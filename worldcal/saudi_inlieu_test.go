package worldcal

import "testing"

// Saudi Founding Day (22 February) or National Day (23 September) on a
// Friday gives the Thursday before off, on a Saturday the Sunday after:
// Sunday 24 September 2023 and Sunday 23 February 2025 were off, and so are
// Sunday 24 September 2028 and Thursday 21 February 2030.
func TestSaudiNationalDaysInLieu(t *testing.T) {
	for day, off := range map[string]bool{
		"2023-09-24": true, "2025-02-23": true, "2028-09-24": true, "2030-02-21": true,
		"2028-09-25": false, "2030-02-20": false, "2027-09-22": false, "2026-02-23": false,
	} {
		if got := !Builtin().IsWorkday("SA", d(day)); got != off {
			t.Errorf("SA %s day off = %v, want %v: %v", day, got, off, Builtin().On("SA", d(day)))
		}
	}
	for _, h := range Builtin().On("SA", d("2028-09-24")) {
		if h.Key == "national-day" && (!h.Observed || h.Main) {
			t.Errorf("SA 24 September 2028: %+v, want a day off in lieu, not the holiday's own day", h)
		}
	}
}
