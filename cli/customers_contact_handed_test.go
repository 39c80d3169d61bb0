package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Handing a mailbox on by hand (`customers contact sales@acme.com --name
// "Bob Stone"`, as the import's refusal advises) keeps what was set for
// Ann there: the command shows her salutation and birthday, says they were
// set for Ann and how to empty them, and --salutation "" empties the
// salutation, so that greetings to Bob no longer open "Dear Ann".
func TestCustomersContactHandingAMailboxOnNamesWhatWasSetForTheOldPerson(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Contact,Email,Birthday,Salutation\nAcme,Ann Lee,sales@acme.com,1975-03-02,Dear Ann\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	out := c.mustRun("customers", "contact", "sales@acme.com", "--name", "Bob Stone")
	for _, want := range []string{
		`sales@acme.com of #1 Acme: name Bob Stone, birthday 1975-03-02, holidays -, salutation "Dear Ann"`,
		`birthday 1975-03-02 and salutation "Dear Ann" were set for Ann Lee: if Bob Stone is someone else (a mailbox handed on), empty them (` + "`keepwarm customers contact sales@acme.com --birthday \"\" --salutation \"\"`)",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("want %s in:\n%s", want, out)
		}
	}
	out = c.mustRun("customers", "contact", "sales@acme.com", "--birthday", "", "--salutation", "")
	if !strings.Contains(out, "sales@acme.com of #1 Acme: name Bob Stone, birthday -, holidays -, salutation -") || strings.Contains(out, "were set for") {
		t.Fatalf("emptied: %s", out)
	}
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	cust, err := db.Customer(context.Background(), 1)
	if err != nil || cust.Contacts[0].Custom || cust.Contacts[0].Birthday != "" {
		t.Fatalf("customer: %+v %v", cust, err)
	}
	// The same person with a title added is told nothing; a salutation
	// set with the name is the new person's.
	out = c.mustRun("customers", "contact", "sales@acme.com", "--name", "Mr. Bob Stone", "--salutation", "Dear Bob", "--birthday", "1970-01-05")
	if !strings.Contains(out, `salutation "Dear Bob"`) || strings.Contains(out, "were set for") {
		t.Fatalf("same person: %s", out)
	}
	// A typo fixed (or 王伟 for Wang Wei) cannot be told from another
	// person by the names: the command asks whether the new one is
	// someone else, and does not say the details may not be theirs.
	c.mustRun("customers", "contact", "sales@acme.com", "--name", "Bob Stnoe")
	out = c.mustRun("customers", "contact", "sales@acme.com", "--name", "Bob Stone")
	if want := `birthday 1970-01-05 and salutation "Dear Bob" were set for Bob Stnoe: if Bob Stone is someone else (a mailbox handed on), empty them (`; !strings.Contains(out, want) {
		t.Fatalf("want %s in:\n%s", want, out)
	}
	out = c.mustRun("customers", "contact", "sales@acme.com", "--name", "Carl Berg", "--salutation", "Dear Carl")
	if strings.Contains(out, "were set for") {
		t.Fatalf("the salutation given with the name is Carl's: %s", out)
	}
	if code, _, stderr := c.run(context.Background(), "customers", "contact", "sales@acme.com", "--salutation", "Dear {{first_name}}"); code == 0 || !strings.Contains(stderr, "placeholder") {
		t.Fatalf("a placeholder salutation: %d %s", code, stderr)
	}
}

// Renaming a private buyer by hand names its other address still bearing
// the old name, with the command to rename it, and renames it not.
func TestCustomersContactRenamingAPrivateBuyerNamesItsOtherAddress(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Contact,Email\n,Wang Wei,wangwei88@gmail.com; wangwei.shop@163.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	c.mustRun("customers", "contact", "wangwei.shop@163.com", "--name", "Wang Wei")
	out := c.mustRun("customers", "contact", "wangwei88@gmail.com", "--name", "王伟")
	want := "wangwei.shop@163.com is still named Wang Wei; mail there now calls the customer 王伟: if it is 王伟 too, `keepwarm customers contact wangwei.shop@163.com --name \"王伟\"`"
	if !strings.Contains(out, "customer #1 renamed 王伟") || !strings.Contains(out, want) {
		t.Fatalf("want %s in:\n%s", want, out)
	}
}

// A salutation emptied by hand after a mailbox was handed on ("Dear Ann"
// to Bob) stays empty when an import's CRM kept its old salutation field:
// the row says it kept it, and how to take the file's.
func TestCustomersImportKeepsASalutationEmptiedByHand(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Contact,Email,Birthday,Salutation\nAcme,Ann Lee,sales@acme.com,,Dear Ann\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	c.mustRun("customers", "contact", "sales@acme.com", "--name", "Bob Stone", "--salutation", "")
	os.WriteFile(sheet, []byte("Company,Contact,Email,Birthday,Salutation\nAcme,Bob Stone,sales@acme.com,,Dear Ann\n"), 0o600)
	out := c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	want := `kept salutation of sales@acme.com empty (set by hand; the file says "Dear Ann"): letters open from the name; ` +
		"`keepwarm customers contact sales@acme.com --salutation \"Dear Ann\"` takes the file's"
	if !strings.Contains(out, want) {
		t.Fatalf("want %s in:\n%s", want, out)
	}
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	cust, err := db.Customer(context.Background(), 1)
	if err != nil || cust.Contacts[0].Custom {
		t.Fatalf("the salutation emptied by hand was filled: %+v %v", cust.Contacts, err)
	}
}

// A contact changed with the command is in the change history, as a
// change in the web's contact form is.
func TestCustomersContactIsRecordedInTheChangeHistory(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Contact,Email,Birthday,Salutation\nAcme,Ann Lee,sales@acme.com,,Dear Ann\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	c.mustRun("customers", "contact", "sales@acme.com", "--name", "Bob Stone", "--salutation", "Dear Bob")
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	audit, err := db.RecentAudit(context.Background(), 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range audit {
		if e.CustomerID == 1 && e.Action == "contact.edit" && e.Subject == "sales@acme.com" &&
			e.Before == `name="Ann Lee" salutation="Dear Ann"` && e.After == `name="Bob Stone" salutation="Dear Bob"` && e.Actor != "" {
			return
		}
	}
	t.Fatalf("no contact.edit entry: %+v", audit)
}
