package cli

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"keepwarm/internal/mailtest"
)

func TestCalendarCommandJSON(t *testing.T) {
	// No config file: the built-in calendars.
	c := newCLI(t, defaultConfigFile, nil) // none here: the built-in calendars
	type entry struct{ date, key, kind string }
	for _, tc := range []struct {
		country string
		weekend []string
		want    []entry
	}{
		{"SA", []string{"fri", "sat"}, []entry{{"2027-02-08", "ramadan", "quiet"}, {"2027-02-22", "founding-day", "public"},
			{"2027-03-09", "eid-al-fitr", "public"}, {"2027-05-16", "eid-al-adha", "public"}, {"2027-09-23", "national-day", "public"}}},
		{"IN", []string{"sat", "sun"}, []entry{{"2027-01-26", "republic-day", "public"}, {"2027-03-22", "holi", "public"},
			{"2027-10-29", "diwali", "public"}}},
		{"CN", []string{"sat", "sun"}, []entry{{"2027-01-31", "spring-festival", "workday"}, {"2027-02-06", "spring-festival", "public"},
			{"2027-09-15", "mid-autumn", "public"}}},
		{"AE", []string{"sat", "sun"}, []entry{{"2027-03-09", "eid-al-fitr", "public"}, {"2027-12-02", "national-day", "public"}}},
		{"ru", []string{"sat", "sun"}, []entry{{"2027-01-07", "orthodox-christmas", "public"}, {"2027-05-02", "orthodox-easter", "observance"}}},
		{"MX", []string{"sat", "sun"}, []entry{{"2027-02-01", "constitution-day", "public"}, {"2027-11-15", "revolution-day", "public"},
			{"2027-11-02", "day-of-the-dead", "observance"}}},
	} {
		var got struct {
			Country  string   `json:"country"`
			Year     int      `json:"year"`
			Weekend  []string `json:"weekend"`
			Holidays []struct {
				Date, Until, Name, Key, Kind, Source string
			} `json:"holidays"`
		}
		out := c.mustRun("calendar", tc.country, "--year", "2027", "--json")
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%s: %v\n%s", tc.country, err, out)
		}
		if got.Country != strings.ToUpper(tc.country) || got.Year != 2027 || !slices.Equal(got.Weekend, tc.weekend) {
			t.Errorf("%s: country %s year %d weekend %v", tc.country, got.Country, got.Year, got.Weekend)
		}
		for _, w := range tc.want {
			found := false
			for _, h := range got.Holidays {
				if h.Date == w.date && h.Key == w.key && h.Kind == w.kind && h.Name != "" && h.Source != "" {
					found = true
				}
			}
			if !found {
				t.Errorf("%s 2027 lacks %+v:\n%s", tc.country, w, out)
			}
		}
	}
}

func TestCalendarCommandWithOverrides(t *testing.T) {
	path := writeConfig(t, mailtest.NewMemServer(t), `
[[calendar.override]]
country = "SA"
date = "2027-03-10"
name = "Eid al-Fitr"
`)
	c := newCLI(t, path, nil)
	out := c.mustRun("--now", "2027-01-05T09:00:00+03:00", "calendar", "SA")
	for _, want := range []string{"Saudi Arabia (SA) 2027, with 1 override(s)", "weekend: fri sat",
		"2027-03-10  Wed  public  Eid al-Fitr", "override (config); computed: Umm al-Qura calendar (go-hijri)",
		// Saudi Arabia's four days off run from the day after 29 Ramadan,
		// which the sighting does not move: 9-12 March.
		"2027-03-09  Tue  public  Eid al-Fitr (day off)", "2027-03-12  Fri  public  Eid al-Fitr (day off)",
		"Ramadan (until 2027-03-09)"} { // Ramadan ends the day before the sighted Eid
		if !strings.Contains(out, want) {
			t.Errorf("calendar SA lacks %q:\n%s", want, out)
		}
	}
	// Christmas in Bangladesh is not the majority's: the calendar says whom it goes to.
	if out := c.mustRun("calendar", "BD", "--year", "2026"); !strings.Contains(out, "Christmas [christian: greeted only to contacts marked as keeping it in the customer book]") {
		t.Errorf("calendar BD:\n%s", out)
	}
	if out := c.mustRun("calendar", "IN", "--year", "2026"); !strings.Contains(out, "Eid al-Fitr [muslim: greeted to those writing ur, ar or marked as keeping it in the customer book]") {
		t.Errorf("calendar IN:\n%s", out)
	}
	if strings.Contains(out, "2027-03-09  Tue  public  Eid al-Fitr  ") || strings.Contains(out, "2027-03-13") {
		t.Errorf("the computed Eid stays beside the override:\n%s", out)
	}

	bad := writeConfig(t, mailtest.NewMemServer(t), "[[calendar.override]]\ncountry = \"XX\"\ndate = \"2027-03-10\"\nname = \"Eid\"\n")
	code, _, errs := newCLI(t, bad, nil).run(context.Background(), "calendar", "SA")
	if code != 1 || !strings.Contains(errs, "the 1st [[calendar.override]]: country \"XX\" has no calendar") {
		t.Errorf("bad override: exit %d: %s", code, errs)
	}
	bad = writeConfig(t, mailtest.NewMemServer(t), "[[calendar.override]]\ncountry = \"SA\"\ndate = \"10/03/2027\"\nname = \"Eid\"\n")
	if code, _, errs := newCLI(t, bad, nil).run(context.Background(), "calendar", "SA"); code != 1 || !strings.Contains(errs, "date in the 1st [[calendar.override]]: \"10/03/2027\" is not a date") {
		t.Errorf("bad date: exit %d: %s", code, errs)
	}
	var j struct {
		Config    *string `json:"config"`
		Overrides int     `json:"overrides"`
	}
	if err := json.Unmarshal([]byte(c.mustRun("calendar", "SA", "--year", "2027", "--json")), &j); err != nil || j.Config == nil || *j.Config != path || j.Overrides != 1 {
		t.Errorf("calendar --json says nothing of the overrides: %v %+v", err, j)
	}
	// A config named that is not there is an error, not the built-in
	// calendars without the team's dates.
	missing := filepath.Join(t.TempDir(), "keepwarm.tmol")
	if code, out, errs := newCLI(t, missing, nil).run(context.Background(), "calendar", "SA", "--json"); code != 2 || out != "" || !strings.Contains(errs, missing+" does not exist") {
		t.Errorf("missing --config: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := c.run(context.Background(), "calendar", "ZZ"); code != 2 || !strings.Contains(errs, `"ZZ": no calendar`) {
		t.Errorf("unknown country: exit %d: %s", code, errs)
	}
}

// A year past a source's end is printed with what the calendar lacks, in
// text and JSON, and a year past the Umm al-Qura table is accepted.
func TestCalendarCommandSaysWhatIsMissing(t *testing.T) {
	c := newCLI(t, defaultConfigFile, nil) // none here: the built-in calendars
	out := c.mustRun("calendar", "IN", "--year", "2031")
	if !strings.Contains(out, "missing: Diwali: no date in 2031: keepwarm's table has 2025-2030; add it with [[calendar.override]]") {
		t.Errorf("calendar IN 2031:\n%s", out)
	}
	if out := c.mustRun("calendar", "IN", "--year", "2026"); strings.Contains(out, "missing:") {
		t.Errorf("calendar IN 2026:\n%s", out)
	}
	var got struct{ Missing []string }
	if err := json.Unmarshal([]byte(c.mustRun("calendar", "SA", "--year", "2080", "--json")), &got); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(got.Missing, func(s string) bool { return strings.HasPrefix(s, "Eid al-Fitr: no date in 2080") }) {
		t.Errorf("calendar SA 2080 --json missing %q", got.Missing)
	}
}

// Korea's and Vietnam's lunar dates are China's moved a day whenever the
// new moon falls in the hour between their midnight and Beijing's, and the
// accuracy line says so: it said "near midnight (within a minute or two of
// it ...)", which Seollal 2028 (00:12 in Seoul) and Tết 2030 (23:07 in
// Hanoi) belie.
func TestCalendarSaysWhenKoreaAndVietnamMoveChinasLunarDate(t *testing.T) {
	c := newCLI(t, defaultConfigFile, nil)
	for _, tc := range []struct {
		country, year, day, accuracy, uncertain string
	}{
		{"KR", "2028", "2028-01-27  Thu  public  Seollal", "China's date, a day later when the new moon falls between Seoul's midnight and Beijing's",
			"one within a minute or two of Seoul's midnight is uncertain"},
		{"VN", "2030", "2030-02-02  Sat  public  Tết Nguyên Đán", "China's date, a day earlier when the new moon falls between Beijing's midnight and Hanoi's",
			"one within a minute or two of Hanoi's midnight is uncertain"},
	} {
		out := c.mustRun("calendar", tc.country, "--year", tc.year)
		var accuracy string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "accuracy: ") {
				accuracy = l
			}
		}
		if !strings.Contains(accuracy, tc.accuracy) || !strings.Contains(accuracy, tc.uncertain) {
			t.Errorf("calendar %s: %q, want it to say %q and %q", tc.country, accuracy, tc.accuracy, tc.uncertain)
		}
		if !strings.Contains(out, tc.day) {
			t.Errorf("calendar %s --year %s lacks %q:\n%s", tc.country, tc.year, tc.day, out)
		}
	}
}
