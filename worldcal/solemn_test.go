package worldcal

import (
	"regexp"
	"testing"
)

// A day named for the dead, the fallen or martyrs is solemn, so no
// greeting is configured for it: the UAE's Commemoration Day and Turkey's
// Democracy and National Unity Day (the victims of 15 July 2016) too.
// Named so but celebrations: Japan's Constitution Memorial Day, Turkey's
// Commemoration of Atatürk, Youth and Sports Day, Vietnam's Hung Kings
// Commemoration.
func TestDaysOfRemembranceAreSolemn(t *testing.T) {
	celebrations := map[string]bool{"constitution-memorial-day": true, "youth-day": true, "hung-kings": true}
	re := regexp.MustCompile(`(?i)martyr|commemorat|remembrance|memorial|mourning`)
	for _, c := range Countries() {
		for _, h := range Builtin().Holidays(c, 2026) {
			if !re.MatchString(h.Name) || celebrations[h.Key] {
				continue
			}
			if _, ok := Solemn(h.Key); !ok {
				t.Errorf("%s %s (%s) is not solemn", c, h.Key, h.Name)
			}
		}
	}
	if _, ok := Solemn("democracy-and-national-unity-day"); !ok {
		t.Error("Turkey's 15 July is not solemn")
	}
	if _, ok := Solemn("democracy-day"); ok {
		t.Error("Nigeria's Democracy Day is solemn")
	}
}
