package worldcal

import (
	"slices"
	"testing"
	"time"
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

// mainDay is the own day of key in country's computed calendar of year.
func mainDay(t *testing.T, country, key string, year int) time.Time {
	t.Helper()
	for _, h := range Builtin().Holidays(country, year) {
		if h.Key == key && h.Main {
			return h.Date
		}
	}
	t.Fatalf("%s has no %s in %d", country, key, year)
	return time.Time{}
}

// Moving Eid al-Adha after the sighting moves Arafat Day, the day before
// it, too: the real Arafat Day is a day off and the computed one a workday.
func TestOverrideOfEidAlAdhaMovesArafat(t *testing.T) {
	adha := mainDay(t, "SA", "eid-al-adha", 2027)
	for _, shift := range []int{1, -1} {
		s, err := New([]Override{{Country: "SA", Date: adha.AddDate(0, 0, shift), Name: "Eid al-Adha"}})
		if err != nil {
			t.Fatal(err)
		}
		arafat := adha.AddDate(0, 0, shift-1)
		got := s.On("SA", arafat)
		if !slices.ContainsFunc(got, func(h Holiday) bool { return h.Key == "arafat-day" }) {
			t.Errorf("shift %+d: %s is not Arafat Day: %+v", shift, arafat.Format("2006-01-02"), got)
		}
		if shift == 1 && s.IsDayOff("SA", adha.AddDate(0, 0, -1)) {
			t.Errorf("shift %+d: the computed Arafat Day %s is still a day off", shift, adha.AddDate(0, 0, -1).Format("2006-01-02"))
		}
	}
}

// Moving Indonesia's Idul Fitri moves the collective leave around it.
func TestOverrideOfLebaranMovesCollectiveLeave(t *testing.T) {
	fitr := mainDay(t, "ID", "eid-al-fitr", 2027)
	s, err := New([]Override{{Country: "ID", Date: fitr.AddDate(0, 0, 1), Name: "Idul Fitri (Lebaran)"}})
	if err != nil {
		t.Fatal(err)
	}
	keys := func(set *Set, key string) []string {
		var out []string
		for _, h := range set.Holidays("ID", 2027) {
			if h.Key == key {
				out = append(out, h.Date.Format("2006-01-02"))
			}
		}
		return out
	}
	for _, k := range []string{"cuti-bersama-lebaran", "cuti-bersama-lebaran-after"} {
		before, after := keys(Builtin(), k), keys(s, k)
		if len(before) == 0 || len(before) != len(after) {
			t.Fatalf("%s: %v then %v", k, before, after)
		}
		for i := range before {
			if want := d(before[i]).AddDate(0, 0, 1).Format("2006-01-02"); after[i] != want {
				t.Errorf("%s: day %d on %s, want %s (a day after %s)", k, i, after[i], want, before[i])
			}
		}
	}
}

// A team that fixed Arafat Day as well as Eid al-Adha (needed before Eid
// moved it) keeps Arafat on its own date whichever row comes first: Eid
// does not move it a second time onto Eid's day. Indonesia's collective
// leave typed in before Idul Fitri likewise stays.
func TestOverrideOfArafatWinsOverEidMovingIt(t *testing.T) {
	adha := mainDay(t, "SA", "eid-al-adha", 2027)
	arafat := Override{Country: "SA", Date: adha, Name: "Arafat Day"}
	eid := Override{Country: "SA", Date: adha.AddDate(0, 0, 1), Name: "Eid al-Adha"}
	for _, rows := range [][]Override{{arafat, eid}, {eid, arafat}} {
		s, err := New(rows)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(s.On("SA", adha), func(h Holiday) bool { return h.Key == "arafat-day" }) || !s.IsDayOff("SA", adha) {
			t.Errorf("rows %s first: %s is not Arafat Day: %+v", rows[0].Name, adha.Format("2006-01-02"), s.On("SA", adha))
		}
		n := 0
		for _, h := range s.Holidays("SA", 2027) {
			if h.Key == "arafat-day" {
				n++
				if !h.Date.Equal(adha) {
					t.Errorf("rows %s first: Arafat Day on %s", rows[0].Name, h.Date.Format("2006-01-02"))
				}
			}
		}
		if n == 0 {
			t.Errorf("rows %s first: no Arafat Day", rows[0].Name)
		}
	}
	fitr := mainDay(t, "ID", "eid-al-fitr", 2027)
	var leave Holiday
	for _, h := range Builtin().Holidays("ID", 2027) {
		if h.Key == "cuti-bersama-lebaran" {
			leave = h
			break
		}
	}
	if leave.Key == "" {
		t.Skip("no collective leave in ID 2027")
	}
	fixed := leave.Date.AddDate(0, 0, 1)
	s, err := New([]Override{{Country: "ID", Date: fixed, Name: leave.Name}, {Country: "ID", Date: fitr.AddDate(0, 0, 1), Name: "Idul Fitri (Lebaran)"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range s.Holidays("ID", 2027) {
		if h.Key == "cuti-bersama-lebaran" && h.Main && !h.Date.Equal(fixed) {
			t.Errorf("the collective leave fixed on %s was moved again to %s", fixed.Format("2006-01-02"), h.Date.Format("2006-01-02"))
		}
		// The leave after Lebaran, not fixed by the team, still moves with it.
		if h.Key == "cuti-bersama-lebaran-after" && h.Main && !h.Date.After(fitr.AddDate(0, 0, 2)) {
			t.Errorf("the collective leave after Lebaran stayed on %s", h.Date.Format("2006-01-02"))
		}
	}
	if !slices.ContainsFunc(s.On("ID", fixed), func(h Holiday) bool { return h.Key == "cuti-bersama-lebaran" }) {
		t.Errorf("no collective leave on %s: %+v", fixed.Format("2006-01-02"), s.On("ID", fixed))
	}
}
