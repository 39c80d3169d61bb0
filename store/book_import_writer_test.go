package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The person who writes from a shared address keeps it: Bob Stone's mail
// made the contact at sales@acme.com, and a CRM export putting the
// company address on every colleague's row (Bob's with a phone, Ann's
// with her birthday) does not rename him Ann, whose salutation his
// running follow-ups would then open with. Ann's row is refused, saying
// why, as before such rows were handed the address.
func TestImportKeepsTheAddressOfThePersonWhoWritesFromIt(t *testing.T) {
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	bob := []string{"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "", ""}
	ann := []string{"Acme", "Ann Lee", "sales@acme.com", "", "1975-03-02", "Dear Ann"}
	for name, rows := range map[string][][]string{"Bob first": {head, bob, ann}, "Ann first": {head, ann, bob}} {
		t.Run(name, func(t *testing.T) {
			db := openTest(t)
			m := mail("m1@x", "sales@acme.com", "prices", t0)
			m.From.Name, m.Contacts[0].Name = "Bob Stone", "Bob Stone"
			save(t, db, at(m, "lily", "INBOX", 1, t0))
			for run := range 2 {
				rep := importRows(t, db, t0.Add(time.Hour), rows, ImportOptions{Owner: "lily@t.com"})
				var r ImportRow
				for _, row := range rep.Rows {
					if row.Row == 2 && rows[1][1] == "Ann Lee" || row.Row == 3 && rows[2][1] == "Ann Lee" {
						r = row
					}
				}
				if r.Action != ImportRejected {
					t.Fatalf("run %d: Ann's row: %+v", run, rep.Rows)
				}
				for _, want := range []string{"sales@acme.com is Bob Stone's", "who writes from it", "Ann Lee's row is left out"} {
					if !strings.Contains(r.Reason, want) {
						t.Errorf("run %d: Ann's row: %q lacks %q", run, r.Reason, want)
					}
				}
				if len(rep.Replaced) != 0 {
					t.Fatalf("run %d: replaced: %+v", run, rep.Replaced)
				}
				if k := contactAt(t, db, "sales@acme.com"); k.Name != "Bob Stone" || k.Birthday != "" || strings.Contains(k.Salutation, "Ann") {
					t.Fatalf("run %d: Bob's contact became Ann: %+v", run, k)
				}
			}
		})
	}
}

// A contact an import made from Bob's phone-only row, but with mail on
// the desk since (Lily's mail to sales@acme.com, greeting him) or a
// follow-up in progress, is not renamed by Ann's row either: nothing
// tells that the mail was not meant for Bob. Only a contact nothing but
// the import ever named is handed on
// (TestImportHandsOnAnAddressClaimedByAPhoneOnlyRow).
func TestImportKeepsAnImportedContactWithMail(t *testing.T) {
	db := openTest(t)
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	rows := [][]string{head,
		{"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "", ""},
	}
	importRows(t, db, t0, rows, ImportOptions{Owner: "lily@t.com"})
	out := msg("out1@x")
	out.Kind = keepwarm.KindOutbound
	out.From = keepwarm.Address{Email: "lily@t.com", Name: "Lily"}
	out.To = []keepwarm.Address{{Email: "sales@acme.com", Name: "Bob Stone"}}
	out.Contacts = []keepwarm.Address{{Email: "sales@acme.com", Name: "Bob Stone"}}
	out.CustomerKey, out.Subject, out.SubjectKey, out.Date = "domain:acme.com", "offer", "offer", t0.Add(time.Hour)
	save(t, db, at(out, "lily", "Sent", 1, t0.Add(time.Hour)))
	rows = append(rows, []string{"Acme", "Ann Lee", "sales@acme.com", "", "1975-03-02", "Dear Ann"})
	rep := importRows(t, db, t0.Add(2*time.Hour), rows, ImportOptions{Owner: "lily@t.com"})
	if r := rep.Rows[1]; r.Action != ImportRejected || !strings.Contains(r.Reason, "sales@acme.com is Bob Stone's (row 2, with mail to or from it on the desk)") ||
		!strings.Contains(r.Reason, "if sales@acme.com is Ann Lee's now, rename the contact (`keepwarm customers contact sales@acme.com --name \"Ann Lee\"`) and import again") {
		t.Fatalf("Ann's row: %+v", rep.Rows)
	}
	if k := contactAt(t, db, "sales@acme.com"); k.Name != "Bob Stone" || k.Salutation != "" {
		t.Fatalf("contact: %+v", k)
	}
}

// contactAt reads the book's contact at email.
func contactAt(t *testing.T, db *DB, email string) contactRow {
	t.Helper()
	var c contactRow
	if err := db.r.Get(&c, `SELECT id, customer_id, email, name, salutation, language, birthday, holidays, bounced_at FROM contacts WHERE email = ?`, email); err != nil {
		t.Fatal(err)
	}
	return c
}

// Nor is a contact with mail queued to it in its name (a greeting, a
// follow-up step) handed on before that mail goes.
func TestImportKeepsAnImportedContactWithMailGoingOut(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	rows := [][]string{head, {"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "", ""}}
	importRows(t, db, t0, rows, ImportOptions{Owner: "lily@t.com"})
	it := testItem("greet:1:christmas:2026", t0.Add(48*time.Hour))
	it.Origin, it.Sequence, it.Step, it.InReplyTo, it.References = "greeting", "", nil, "", nil
	it.To = []keepwarm.Address{{Name: "Bob Stone", Email: "sales@acme.com"}}
	if _, _, err := db.Enqueue(ctx, it); err != nil {
		t.Fatal(err)
	}
	rows = append(rows, []string{"Acme", "Ann Lee", "sales@acme.com", "", "1975-03-02", "Dear Ann"})
	rep := importRows(t, db, t0.Add(time.Hour), rows, ImportOptions{Owner: "lily@t.com"})
	if r := rep.Rows[1]; r.Action != ImportRejected || !strings.Contains(r.Reason, "sales@acme.com is Bob Stone's (row 2, with follow-ups or mail going out to it)") {
		t.Fatalf("Ann's row: %+v", rep.Rows)
	}
	if k := contactAt(t, db, "sales@acme.com"); k.Name != "Bob Stone" || k.Salutation != "" {
		t.Fatalf("contact: %+v", k)
	}
}

// An import made the contact at sales@acme.com from Bob's phone-only row,
// which came first, and mail from the address is on the desk under Ann's
// name. Whether Ann writes from it, or it was handed on to Bob after she
// left and the CRM was never corrected, the mail cannot tell: her row is
// refused, saying why, and Bob keeps the address with no birthday or
// salutation of hers, until a person hands it on (`keepwarm customers
// contact EMAIL --name`). A later re-import refuses her row again.
func TestImportRefusesAnAddressWithMailUnderAnotherName(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	bob := []string{"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "", ""}
	importRows(t, db, t0, [][]string{head, bob}, ImportOptions{Owner: "lily@t.com"})
	m := mail("m1@x", "sales@acme.com", "prices", t0.Add(time.Hour))
	m.From.Name, m.Contacts[0].Name = "Ann Lee", "Ann Lee"
	save(t, db, at(m, "lily", "INBOX", 1, t0.Add(time.Hour)))
	rows := [][]string{head, bob, {"Acme", "Ann Lee", "sales@acme.com", "", "1975-03-02", "Dear Ann"}}
	for i := 2; i <= 3; i++ {
		rep := importRows(t, db, t0.Add(time.Duration(i)*time.Hour), rows, ImportOptions{Owner: "lily@t.com"})
		if rep.Counts[ImportRejected] != 1 || rep.Rows[1].Action != ImportRejected || !strings.Contains(rep.Rows[1].Reason, "keepwarm customers contact") {
			t.Fatalf("import %d rows: %+v", i, rep.Rows)
		}
		c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
		if err != nil || len(c.Contacts) != 1 {
			t.Fatalf("customer: %+v %v", c, err)
		}
		if k := c.Contacts[0]; k.Name != "Bob Stone" || k.Birthday != "" || strings.Contains(k.Salutation, "Ann") {
			t.Fatalf("import %d contact: %+v", i, k)
		}
	}
}

// A mailbox handed on by hand with no mail on the desk: Ann left, Lily
// named the contact Bob Stone and emptied Ann's birthday as the refusal
// said. The nightly sheet still names Ann there with her birthday and
// "Dear Ann": her row stays refused, saying the name was set by hand and
// how to give the address back, and the contact stays Bob's. The next
// import made it Ann Lee again, with her birthday and "Dear Ann" to Bob.
func TestImportKeepsAContactNamedByHand(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	rows := [][]string{head,
		{"Acme", "Ann Lee", "sales@acme.com", "", "1975-03-02", "Dear Ann"},
		{"Acme", "Bob Stone", "sales@acme.com", "+1 212 555 0199", "", ""},
	}
	importRows(t, db, t0, rows, ImportOptions{Owner: "lily@t.com"})
	bob := "Bob Stone"
	if _, err := db.SetContactDetails(ctx, "sales@acme.com", ContactDetails{Name: &bob}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	rep := importRows(t, db, t0.Add(time.Hour), rows, ImportOptions{Owner: "lily@t.com"})
	if rep.Rows[0].Action != ImportRejected || !strings.Contains(rep.Rows[0].Reason, `--birthday ""`) {
		t.Fatalf("first import: %+v", rep.Rows)
	}
	empty := ""
	if _, err := db.SetContactDetails(ctx, "sales@acme.com", ContactDetails{Birthday: &empty}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `UPDATE contacts SET salutation = '' WHERE email = 'sales@acme.com'`); err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= 3; i++ {
		rep := importRows(t, db, t0.Add(time.Duration(i)*time.Hour), rows, ImportOptions{Owner: "lily@t.com"})
		if rep.Rows[0].Action != ImportRejected || !strings.Contains(rep.Rows[0].Reason, "named by hand") ||
			!strings.Contains(rep.Rows[0].Reason, `keepwarm customers contact sales@acme.com --name "Ann Lee"`) {
			t.Fatalf("import %d rows: %+v", i, rep.Rows)
		}
		c, err := db.Customer(ctx, rep.Rows[1].CustomerID)
		if err != nil || len(c.Contacts) != 1 {
			t.Fatalf("customer: %+v %v", c, err)
		}
		if k := c.Contacts[0]; k.Name != "Bob Stone" || k.Birthday != "" || strings.Contains(k.Salutation, "Ann") {
			t.Fatalf("import %d contact: %+v", i, k)
		}
	}
}
