package store

import (
	"strings"
	"testing"
)

// A book filled before empty CRM dates were refused holds 1900-01-01 as a
// contact's birthday: importing the sheet again clears it (the cell is
// refused, and what is stored is no birthday either), and says so.
func TestReimportClearsAPlaceholderBirthdayStoredBefore(t *testing.T) {
	db := openTest(t)
	head := []string{"Company", "Contact", "Email", "Birthday"}
	importRows(t, db, t0, [][]string{head, {"Globex", "Hans Meier", "hans@globex.de", "1985-03-02"}}, ImportOptions{Owner: "lily@t.com"})
	if _, err := db.w.Exec(`UPDATE contacts SET birthday = '1900-01-01' WHERE email = 'hans@globex.de'`); err != nil {
		t.Fatal(err)
	}
	rep := importRows(t, db, t0, [][]string{head, {"Globex", "Hans Meier", "hans@globex.de", "1900-01-01"}}, ImportOptions{Owner: "lily@t.com"})
	if r := rep.Rows[0]; !strings.Contains(r.Reason, "birthday of hans@globex.de emptied (was 1900-01-01, an empty CRM date)") {
		t.Fatalf("row: %+v", r)
	}
	var birthday string
	if err := db.w.Get(&birthday, `SELECT birthday FROM contacts WHERE email = 'hans@globex.de'`); err != nil || birthday != "" {
		t.Fatalf("birthday after the import: %q %v", birthday, err)
	}
	if len(rep.Replaced) != 1 || rep.Replaced[0].Was != "1900-01-01" || rep.Replaced[0].Now != "" {
		t.Fatalf("replaced: %+v", rep.Replaced)
	}
}
