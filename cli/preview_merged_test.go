package cli

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPreviewAndEnrollmentsFindTheSurvivorOfAMerge: --customer is read as
// every other command reads a customer. A domain the import's customer
// and the one mail made share names the survivor of their merge, not the
// merged-away record with its old language and no contacts; "#ID", the id
// customers list prints, is understood.
func TestPreviewAndEnrollmentsFindTheSurvivorOfAMerge(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	csv := filepath.Join(dir, "book.csv")
	if err := os.WriteFile(csv, []byte("Company,Email,Country\nMeier,einkauf@meier.de,DE\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.mustRun("customers", "import", "--owner", "lily@acme-export.com", csv)
	db := sqlDB(t, dir)
	// The contact's own language unknown: the customer's is the one written in.
	if _, err := db.Exec(`UPDATE contacts SET language = '' WHERE email = 'einkauf@meier.de'`); err != nil {
		t.Fatal(err)
	}
	var oldID int64
	if err := db.QueryRow(`SELECT id FROM customers WHERE domain = 'meier.de'`).Scan(&oldID); err != nil {
		t.Fatal(err)
	}
	// The customer mail made of the same company, written to in English.
	r, err := db.Exec(`INSERT INTO customers (key, name, domain, owner, grade, country, time_zone, language, created_at, tags, notes, source, graded_at)
		VALUES ('mail:meier-gmbh', 'Meier GmbH', 'meier.de', 'lily@acme-export.com', '', 'DE', '', 'en', 0, '', '', '', NULL)`)
	if err != nil {
		t.Fatal(err)
	}
	newID, _ := r.LastInsertId()
	var thread int64
	if err := db.QueryRow(`INSERT INTO threads (customer_id, subject, created_at) VALUES (?, 'Offer', 0) RETURNING id`, newID).Scan(&thread); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO enrollments (thread_id, customer_id, sequence, status, anchor_id, anchor_at, clock_at, due_at, created_at, updated_at)
		VALUES (?, ?, 'resend', 'active', 0, 0, 0, 0, 0, 0)`, thread, newID); err != nil {
		t.Fatal(err)
	}
	c.mustRun("customers", "merge", "#"+strconv.FormatInt(newID, 10), "#"+strconv.FormatInt(oldID, 10), "--yes")

	for _, ref := range []string{"meier.de", "#" + strconv.FormatInt(newID, 10)} {
		// No mailbox here sends (exit 1, saying so): the text is still shown.
		_, out, errs := c.run(context.Background(), "preview", "resend", "--customer", ref)
		if strings.Contains(out, "Sehr geehrte") || !strings.Contains(out, "I am writing to make sure") {
			t.Errorf("preview --customer %s rendered for the merged-away customer:\n%s%s", ref, out, errs)
		}
		if out := c.mustRun("enrollments", "--customer", ref); !strings.Contains(out, "resend") {
			t.Errorf("enrollments --customer %s does not list the survivor's enrollment:\n%s", ref, out)
		}
	}
}
