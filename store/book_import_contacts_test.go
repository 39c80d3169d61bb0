package store

import (
	"context"
	"strings"
	"testing"
)

// A corrected sheet corrects a contact's name, birthday and holidays: they
// are set nowhere else, and "unchanged" would leave the wrong greeting.
func TestImportCorrectsContactNameBirthdayHolidays(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Birthday", "Holidays"}
	importRows(t, db, t0, [][]string{head, {"Acme", "Jhon Smith", "john@acme.com", "1980-02-08", "muslim"}}, ImportOptions{Owner: "lily@t.com"})
	rep := importRows(t, db, t0, [][]string{head, {"Acme", "John Smith", "john@acme.com", "1980-08-02", "christian"}}, ImportOptions{Owner: "lily@t.com"})
	r := rep.Rows[0]
	if r.Action != ImportUpdated || !strings.Contains(r.Reason, "name of john@acme.com John Smith (was Jhon Smith)") ||
		!strings.Contains(r.Reason, "birthday of john@acme.com 1980-08-02 (was 1980-02-08)") {
		t.Fatalf("second import: %+v", r)
	}
	c, err := db.Customer(ctx, r.CustomerID)
	if err != nil || len(c.Contacts) != 1 {
		t.Fatalf("customer: %+v %v", c, err)
	}
	k := c.Contacts[0]
	if k.Name != "John Smith" || k.Birthday != "1980-08-02" || strings.Join(k.Holidays, ",") != "christian" {
		t.Fatalf("contact after the corrected sheet: %+v", k)
	}
	// A sheet without the cells leaves them alone.
	rep = importRows(t, db, t0, [][]string{{"Company", "Email"}, {"Acme", "john@acme.com"}}, ImportOptions{Owner: "lily@t.com"})
	if rep.Rows[0].Action != ImportSkipped {
		t.Fatalf("sheet without the cells: %+v", rep.Rows[0])
	}
}

// A sheet that writes another salutation, language or time zone than the
// book holds does not change them (the web's forms set them too), but says
// so on its row: "unchanged" would hide that the old ones are still
// written. A language only a country implies is no such cell.
func TestImportSaysWhichSalutationLanguageAndZoneItKept(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Country", "Salutation", "Language", "Time Zone"}
	first := importRows(t, db, t0, [][]string{head, {"Acme", "John Smith", "john@acme.com", "BE", "Dear Mr. Smith", "fr", "Europe/Brussels"}}, ImportOptions{Owner: "lily@t.com"})
	if first.Rows[0].Action != ImportCreated {
		t.Fatalf("first import: %+v", first.Rows[0])
	}
	rep := importRows(t, db, t0, [][]string{head, {"Acme", "John Smith", "john@acme.com", "BE", "Dear Ms. Smith", "nl", "Europe/Amsterdam"}}, ImportOptions{Owner: "lily@t.com"})
	r := rep.Rows[0]
	for _, want := range []string{
		"kept time zone Europe/Brussels (the file says Europe/Amsterdam)",
		"kept language fr (the file says nl)",
		`kept salutation of john@acme.com "Dear Mr. Smith" (the file says "Dear Ms. Smith"): change it on the contact's page (or ` + "`keepwarm customers contact john@acme.com --salutation \"Dear Ms. Smith\"`)",
		"kept language of john@acme.com fr (the file says nl): change it on the contact's page",
	} {
		if !strings.Contains(r.Reason, want) {
			t.Errorf("second import: %q lacks %q", r.Reason, want)
		}
	}
	if r.Action != ImportSkipped || !strings.HasPrefix(r.Reason, "unchanged; ") {
		t.Errorf("second import: %+v", r)
	}
	c, err := db.Customer(ctx, r.CustomerID)
	if err != nil || len(c.Contacts) != 1 || c.Language != "fr" || c.TimeZone != "Europe/Brussels" ||
		c.Contacts[0].Salutation != "Dear Mr. Smith" || c.Contacts[0].Language != "fr" {
		t.Fatalf("after the second import: %+v %v", c, err)
	}
	// België implies nl, but the sheet writes no language: nothing kept.
	rep = importRows(t, db, t0, [][]string{{"Company", "Email", "Country"}, {"Acme", "john@acme.com", "België"}}, ImportOptions{Owner: "lily@t.com"})
	if r := rep.Rows[0]; r.Reason != "unchanged" {
		t.Errorf("a sheet with the country only: %+v", r)
	}
}
