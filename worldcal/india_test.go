package worldcal

import (
	"strings"
	"testing"
)

// India's compulsory central government holidays include Dussehra, Buddha
// Purnima, Mahavir Jayanti and Guru Nanak Jayanti (DoPT lists of 2025 and
// 2026); after the table's years they are listed as missing, and the notes
// say so instead of claiming the whole list.
func TestIndiaCentralHolidays(t *testing.T) {
	for day, key := range map[string]string{
		"2025-04-10": "mahavir-jayanti", "2025-05-12": "buddha-purnima", "2025-10-02": "dussehra", "2025-11-05": "guru-nanak-jayanti",
		"2026-03-31": "mahavir-jayanti", "2026-05-01": "buddha-purnima", "2026-10-20": "dussehra", "2026-11-24": "guru-nanak-jayanti",
	} {
		if !Builtin().IsDayOff("IN", d(day)) {
			t.Errorf("IN %s (%s) is not a day off", day, key)
		}
		found := false
		for _, h := range Builtin().On("IN", d(day)) {
			found = found || h.Key == key && h.Main
		}
		if !found {
			t.Errorf("IN %s is not %s: %+v", day, key, Builtin().On("IN", d(day)))
		}
	}
	missing := strings.Join(Builtin().Missing("IN", 2027), "\n")
	for _, name := range []string{"Dussehra", "Buddha Purnima", "Mahavir Jayanti", "Guru Nanak Jayanti"} {
		if !strings.Contains(missing, name) {
			t.Errorf("Missing(IN, 2027) does not name %s: %s", name, missing)
		}
	}
	if notes := Notes("IN"); strings.Contains(notes, "gazetted holidays;") || !strings.Contains(notes, "Guru Nanak Jayanti for 2025-2026 only") {
		t.Errorf("IN notes: %s", notes)
	}
	for key, faith := range map[string]string{"dussehra": Hindu, "buddha-purnima": Buddhist, "mahavir-jayanti": Jain, "guru-nanak-jayanti": Sikh} {
		if got := FaithOf(key); got != faith {
			t.Errorf("FaithOf(%s) = %q, want %q", key, got, faith)
		}
	}
}
