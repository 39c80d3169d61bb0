package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// check names, for the countries of the team's customers, each holiday of
// this year and the next that has no date (India's DoPT table ends with
// 2026), and the countries keepwarm has no calendar for; an override that
// dates the holiday silences its line.
func TestCheckWarnsOfCalendarGaps(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email,Country\nStar Electric,raj@star-electric.in,India\nBorneo Pumps,ali@borneopumps.com.bn,Brunei\nHimal Traders,ram@himaltraders.com.np,Nepal\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	now := "2026-12-05T10:00:00Z"
	_, out, errs := c.run(context.Background(), "--log-level", "error", "--now", now, "check")
	for _, want := range []string{
		"warn  calendar IN 2027, 1 customer(s): Dussehra (Vijayadashami): no date in 2027",
		"warn  calendar IN 2027, 1 customer(s): Buddha Purnima: no date in 2027",
		"[[calendar.override]]",
		"warn  calendars: no calendar for BN (1 customer(s)), NP (1 customer(s))",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check lacks %q:\n%s\n%s", want, out, errs)
		}
	}
	if strings.Contains(out, "calendar IN 2026") {
		t.Errorf("check warns of 2026, which the table has:\n%s", out)
	}

	// The team dates the four holidays of 2027: no more lines for India.
	cfg := c.config
	extra := ""
	for _, o := range [][2]string{{"2027-10-09", "Dussehra"}, {"2027-05-20", "Buddha Purnima"}, {"2027-04-18", "Mahavir Jayanti"}, {"2027-11-14", "Guru Nanak Jayanti"}} {
		extra += "\n[[calendar.override]]\ncountry = \"IN\"\ndate = \"" + o[0] + "\"\nname = \"" + o[1] + "\"\n"
	}
	b, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append(b, extra...), 0o600); err != nil {
		t.Fatal(err)
	}
	_, out, errs = c.run(context.Background(), "--log-level", "error", "--now", now, "check")
	if strings.Contains(out, "calendar IN") || !strings.Contains(out, "no calendar for BN") {
		t.Errorf("with the overrides:\n%s\n%s", out, errs)
	}
}

// A festival [greetings] also brings to Britain takes India's date, which
// the DoPT table lacks for 2027: check says so though the book has no
// Indian customer, and the team's override silences it.
func TestCheckWarnsOfTheAlsoFestivalsMissingDate(t *testing.T) {
	c, _, _ := bookCLI(t, "\n[greetings]\noccasions = [\"dussehra\"]\nalso = { dussehra = [\"GB\"] }\n")
	now := "2026-12-05T10:00:00Z"
	_, out, errs := c.run(context.Background(), "--log-level", "error", "--now", now, "check")
	want := "warn  calendar IN 2027 (greetings.also dussehra for GB): Dussehra (Vijayadashami): no date in 2027"
	if !strings.Contains(out, want) || !strings.Contains(out, `[[calendar.override]] country = "IN"`) {
		t.Errorf("check lacks %q:\n%s\n%s", want, out, errs)
	}
	b, err := os.ReadFile(c.config)
	if err != nil {
		t.Fatal(err)
	}
	extra := "\n[[calendar.override]]\ncountry = \"IN\"\ndate = \"2027-10-09\"\nname = \"Dussehra\"\n"
	if err := os.WriteFile(c.config, append(b, extra...), 0o600); err != nil {
		t.Fatal(err)
	}
	_, out, errs = c.run(context.Background(), "--log-level", "error", "--now", now, "check")
	if strings.Contains(out, "greetings.also dussehra") {
		t.Errorf("with the override:\n%s\n%s", out, errs)
	}
}

// An override row with kind "observance" on a public holiday makes the
// day it names a working day: check says which, so a team that wrote it
// to keep a greeting sees that follow-ups go that day.
func TestCheckNamesTheDaysAnObservanceRowOpens(t *testing.T) {
	c, _, _ := bookCLI(t, "\n[[calendar.override]]\ncountry = \"AE\"\ndate = \"2027-12-02\"\nname = \"National Day\"\nkind = \"observance\"\n")
	_, out, errs := c.run(context.Background(), "--log-level", "error", "--now", "2026-12-05T10:00:00Z", "check")
	want := "warn  calendar override AE 2027-12-02 National Day (observance): Thursday 2 December 2027 becomes a working day, follow-ups go"
	if !strings.Contains(out, want) {
		t.Errorf("check lacks %q:\n%s\n%s", want, out, errs)
	}
	if strings.Contains(out, "3 December 2027") {
		t.Errorf("check names 3 December, which stays a day off:\n%s", out)
	}
}
