package worldcal

import (
	"slices"
	"testing"
)

// The keys a configuration may name do not run out with a table: Diwali,
// Holi and the Hebrew calendar's holidays stay keys in 2031 and after, so a
// configuration naming them is not refused when the year turns.
func TestKeysOutlastTheTables(t *testing.T) {
	keys := Builtin().Keys(2031)
	for _, want := range []string{"diwali", "holi", "rosh-hashanah", "passover", "christmas", "eid-al-fitr", "spring-festival", "thanksgiving"} {
		if !slices.Contains(keys, want) {
			t.Errorf("Keys(2031) lacks %q", want)
		}
	}
	if keys := Builtin().Keys(); !slices.Contains(keys, "diwali") {
		t.Error("Keys() lacks diwali")
	}
}

// Keys are exactly what the calendars give on their holidays' own days in
// the years the tables cover: nothing lost, nothing invented.
func TestKeysAreTheCalendarsKeys(t *testing.T) {
	seen := map[string]bool{}
	for y := tableFirst; y <= tableLast; y++ {
		for _, c := range Countries() {
			for _, h := range Builtin().Holidays(c, y) {
				if h.Main && (h.Kind == Public || h.Kind == Observance) {
					seen[h.Key] = true
				}
			}
		}
	}
	keys := Builtin().Keys()
	for k := range seen {
		if !slices.Contains(keys, k) {
			t.Errorf("Keys() lacks %q", k)
		}
	}
	for _, k := range keys {
		if !seen[k] {
			t.Errorf("Keys() has %q, which no calendar gives in %d-%d", k, tableFirst, tableLast)
		}
	}
}

// A holiday the team adds with an override is a key of its set (not of the
// built-in calendars), in any year.
func TestKeysOfOverrides(t *testing.T) {
	s, err := New([]Override{
		{Country: "IN", Date: d("2031-11-14"), Name: "Diwali"},
		{Country: "AE", Date: d("2035-03-01"), Name: "Founders Day"},
	})
	if err != nil {
		t.Fatal(err)
	}
	keys := s.Keys()
	for _, want := range []string{"diwali", "founders-day"} {
		if !slices.Contains(keys, want) {
			t.Errorf("Keys() with overrides lacks %q", want)
		}
	}
	if slices.Contains(Builtin().Keys(), "founders-day") {
		t.Error("the built-in calendars have the team's founders-day")
	}
}
