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
