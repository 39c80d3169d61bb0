package worldcal

import (
	"slices"
	"testing"
	"time"
)

// Each config load makes a Set, and Validate reads the shipped rows' years
// (Korea 2027) for every one: a country the team's rows leave alone is
// computed once, in the built-in Set, and read from there by every Set; a
// country with a team row is computed in its own Set, with the row.
func TestASetSharesTheBuiltinYearsOfCountriesItLeavesAlone(t *testing.T) {
	team, err := New([]Override{{Country: "DE", Date: time.Date(2027, 2, 8, 0, 0, 0, 0, time.UTC), Name: "Rosenmontag"}})
	if err != nil {
		t.Fatal(err)
	}
	b := Builtin()
	kr := team.Holidays("KR", 2027)
	b.mu.Lock()
	_, shared := b.cache[cacheKey{"KR", 2027}]
	b.mu.Unlock()
	team.mu.Lock()
	_, own := team.cache[cacheKey{"KR", 2027}]
	team.mu.Unlock()
	if !shared || own {
		t.Fatalf("KR 2027 in the built-in cache: %v, in the team's Set: %v", shared, own)
	}
	if !slices.EqualFunc(kr, b.Holidays("KR", 2027), func(x, y Holiday) bool { return x.Key == y.Key && x.Date.Equal(y.Date) && x.Kind == y.Kind }) {
		t.Fatalf("KR 2027 differs between the team's Set and the built-in one")
	}
	de := team.Holidays("DE", 2027)
	if !slices.ContainsFunc(de, func(h Holiday) bool { return h.Name == "Rosenmontag" }) ||
		slices.ContainsFunc(b.Holidays("DE", 2027), func(h Holiday) bool { return h.Name == "Rosenmontag" }) {
		t.Fatalf("the team's DE row is not in its own Set only: %+v", de)
	}
}
