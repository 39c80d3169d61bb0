package worldcal

import "testing"

// Iran closes on its Shia holidays and on 29 Esfand (Oil Nationalisation
// Day), not only on the Eids, Ashura and Ghadir: a follow-up must not land
// on Imam Ali's martyrdom (21 Ramadan 1448, Sunday 28 February 2027 by the
// Umm al-Qura calendar). 29 Esfand is the day before Nowruz, two days
// before in a year whose Esfand has 30 days (1403: 19 March 2025).
func TestIransHolidaysOfTheShiaCalendarAndEsfand(t *testing.T) {
	s := Builtin()
	for day, off := range map[string]bool{
		"2027-02-28": true,  // 21 Ramadan 1448
		"2027-03-20": true,  // 29 Esfand 1405, a Saturday; Nowruz is 21 March
		"2025-03-19": true,  // 29 Esfand 1403
		"2025-03-20": false, // 30 Esfand 1403
		"2027-07-24": true,  // Arbaeen, 20 Safar 1449
		"2027-08-02": true,  // Imam Reza, the last of Safar (1 Rabi al-Awwal is 3 August)
		"2027-08-10": true,  // Imam Hasan Askari, 8 Rabi al-Awwal
		"2027-08-19": true,  // the Prophet's birthday, 17 Rabi al-Awwal
		"2026-12-22": true,  // Imam Ali's birthday, 13 Rajab 1448
	} {
		if got := s.IsDayOff("IR", d(day)); got != off {
			t.Errorf("IR %s: day off %v, want %v (%v)", day, got, off, s.On("IR", d(day)))
		}
	}
	// The days of mourning are no occasions for a greeting.
	for _, h := range s.Holidays("IR", 2027) {
		switch h.Key {
		case "arbaeen", "prophets-death", "imam-reza-martyrdom", "imam-hasan-askari-martyrdom", "fatima-martyrdom",
			"imam-ali-martyrdom", "imam-sadiq-martyrdom":
			if _, ok := Solemn(h.Key); !ok {
				t.Errorf("IR %s is not solemn", h.Key)
			}
		}
	}
}
