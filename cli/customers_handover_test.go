package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/store"
)

// A salesperson who left hands all their customers on in one command, each
// with an owner event (which stops follow-ups in their name).
func TestCustomersHandoverMovesEveryCustomerOfOneWhoLeft(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\nTwo,b@two.com\nThree,c@three.com\nFour,d@four.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	ctx, gone := context.Background(), "gone@acme-export.com"
	for _, id := range []int64{1, 2, 3} {
		if err := db.SetCustomer(ctx, id, store.CustomerChange{Owner: &gone}, t0, "boss"); err != nil {
			t.Fatal(err)
		}
	}
	if out := c.mustRun("customers", "handover", gone, "Tom Wu", "--dry-run"); !strings.Contains(out, "dry run: 3 customer(s) of gone@acme-export.com would go to tom@acme-export.com") {
		t.Fatalf("dry run: %s", out)
	}
	if cu, _ := db.Customer(ctx, 1); cu.Owner != gone {
		t.Fatalf("the dry run wrote: %s", cu.Owner)
	}
	if out := c.mustRun("customers", "handover", gone, "Tom Wu"); !strings.Contains(out, "3 customer(s) of gone@acme-export.com are tom@acme-export.com's now") {
		t.Fatalf("handover: %s", out)
	}
	for _, id := range []string{"#1", "#2", "#3"} {
		var cu store.CustomerRecord
		json.Unmarshal([]byte(c.mustRun("customers", "show", id, "--json")), &cu)
		if cu.Owner != "tom@acme-export.com" {
			t.Fatalf("%s after the handover: %q", id, cu.Owner)
		}
		log, err := db.Log(ctx, cu.ID)
		if err != nil || len(log.Pool) == 0 || log.Pool[0].Event != "owner" || log.Pool[0].Salesperson != "tom@acme-export.com" {
			t.Fatalf("%s's pool history: %+v %v", id, log.Pool, err)
		}
	}
	code, _, stderr := c.run(ctx, "customers", "handover", "tom@acme-export.com", "nobody@acme-export.com")
	if code == 0 || !strings.Contains(stderr, "not a configured [[salesperson]]") {
		t.Fatalf("handover to no salesperson: %d %s", code, stderr)
	}
	// Handing Tom's customers to Tom (his name, then his address) hands
	// nothing on: the command says so instead of claiming they moved.
	code, stdout, stderr := c.run(ctx, "customers", "handover", "Tom Wu", "TOM@acme-export.com")
	if code != 2 || !strings.Contains(stderr, "customers handover: FROM and TO are the same person (tom@acme-export.com): name the salesperson who takes the customers") ||
		strings.Contains(stdout, "now") {
		t.Fatalf("handover to the same person: %d %q %q", code, stdout, stderr)
	}
	if log, err := db.Log(ctx, 4); err != nil || len(log.Pool) != 1 || log.Pool[0].Note != "import" {
		t.Fatalf("#4's pool history after a handover to the same person: %+v %v", log.Pool, err)
	}
}

// A sheet still naming someone who left loses the owner cell, not the row:
// its new phone goes in, with a warning.
func TestCustomersImportSetsAsideADepartedOwnersCell(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	ctx, gone := context.Background(), "gone@acme-export.com"
	if err := db.SetCustomer(ctx, 1, store.CustomerChange{Owner: &gone}, t0, "boss"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(sheet, []byte("Company,Email,Phone,Owner\nOne,a@one.com,+49 30 1234567,Gone@acme-export.com\n"), 0o600)
	rep := runImport(t, c, sheet)
	if r := rep.Rows[0]; r.Action != store.ImportUpdated || !strings.Contains(r.Reason, "added phone +49301234567") ||
		!strings.Contains(r.Reason, "owner gone@acme-export.com in column D (Owner) is no longer on the team: the cell is left out") {
		t.Fatalf("row: %+v", r)
	}
	if cu, _ := db.Customer(ctx, 1); cu.Owner != gone || len(cu.Phones) != 1 {
		t.Fatalf("customer: owner %q phones %v", cu.Owner, cu.Phones)
	}
	// Someone who never owned anything is still a typo: the row is refused.
	os.WriteFile(sheet, []byte("Company,Email,Owner\nTwo,b@two.com,nobody@acme-export.com\n"), 0o600)
	if code, _, _ := c.run(ctx, "customers", "import", sheet); code != rejectedExit {
		t.Fatalf("unknown owner: exit %d", code)
	}
}

// After the manager hands the customers of someone who left on, as the
// import's warning says, next week's uncorrected CRM export still goes in:
// the owner cell is set aside again, not the row.
func TestCustomersImportAfterHandoverSetsAsideTheOwnerCellAgain(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	db := openReadOnly(t, filepath.Join(dir, "kw.db"))
	ctx, gone := context.Background(), "gone@acme-export.com"
	if err := db.SetCustomer(ctx, 1, store.CustomerChange{Owner: &gone}, t0, "boss"); err != nil {
		t.Fatal(err)
	}
	c.mustRun("customers", "handover", gone, "Tom Wu")
	os.WriteFile(sheet, []byte("Company,Contact,Email,Owner\nOne,Anna Berg,anna@one.com,gone@acme-export.com\n"), 0o600)
	code, stdout, stderr := c.run(ctx, "customers", "import", sheet)
	if code != 0 {
		t.Fatalf("import after the handover: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "owner gone@acme-export.com in column D (Owner) is no longer on the team (their customers were handed on): the cell is left out") {
		t.Fatalf("import after the handover:\n%s", stdout)
	}
	cu, err := db.Customer(ctx, 1)
	if err != nil || cu.Owner != "tom@acme-export.com" || len(cu.Contacts) != 2 {
		t.Fatalf("customer: %+v %v", cu, err)
	}
}

// A contact's name, birthday and holidays can be corrected by hand.
func TestCustomersContactCorrectsNameBirthdayHolidays(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Contact,Email,Birthday,Holidays\nAcme,Jhon Smith,john@acme.com,1980-02-08,muslim\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	out := c.mustRun("customers", "contact", "John@acme.com", "--name", "John Smith", "--birthday", "1980-08-02", "--holidays", "")
	if !strings.Contains(out, "john@acme.com of #1 Acme: name John Smith, birthday 1980-08-02, holidays -") {
		t.Fatalf("contact: %s", out)
	}
	if code, _, stderr := c.run(context.Background(), "customers", "contact", "john@acme.com", "--birthday", "1900-01-01"); code == 0 || !strings.Contains(stderr, "empty CRM date") {
		t.Fatalf("a placeholder birthday: %d %s", code, stderr)
	}
}

// A private buyer named after its person takes the person's corrected
// name, and the command says so; a company keeps its name.
func TestCustomersContactRenamesAPrivateBuyerWithItsPerson(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Contact,Email\n,Wang Wei,wangwei88@gmail.com\nHengda Trading,Hengda Trading,hengda888@163.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	out := c.mustRun("customers", "contact", "wangwei88@gmail.com", "--name", "王伟")
	if !strings.Contains(out, "customer #1 renamed 王伟 (was Wang Wei, named after the person at wangwei88@gmail.com)") ||
		!strings.Contains(out, "wangwei88@gmail.com of #1 王伟: name 王伟") {
		t.Fatalf("contact: %s", out)
	}
	out = c.mustRun("customers", "contact", "hengda888@163.com", "--name", "陈丽")
	if strings.Contains(out, "renamed") || !strings.Contains(out, "hengda888@163.com of #2 Hengda Trading: name 陈丽") {
		t.Fatalf("contact: %s", out)
	}
}

// A hand correction that the next import of the uncorrected sheet undoes is
// listed apart from the rows, with what it was, and the correction itself
// says the CRM needs it too.
func TestCustomersImportListsTheContactDetailsItReplaced(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Contact,Email,Birthday\nGlobex,Mr Hans,hans@globex.de,1985-02-03\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	out := c.mustRun("customers", "contact", "hans@globex.de", "--name", "Hans Müller", "--birthday", "1985-03-02")
	if !strings.Contains(out, "correct it in the CRM too") {
		t.Fatalf("contact: %s", out)
	}
	out = c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	i := strings.Index(out, "contact details the file replaced")
	if i < 0 {
		t.Fatalf("import:\n%s", out)
	}
	for _, want := range []string{"hans@globex.de  name      Mr Hans     Hans Müller", "hans@globex.de  birthday  1985-02-03  1985-03-02"} {
		if !strings.Contains(strings.Join(strings.Fields(out[i:]), " "), strings.Join(strings.Fields(want), " ")) {
			t.Fatalf("import, want %q:\n%s", want, out)
		}
	}
}

// A win is the company's, not its owner's: handing the customer on, all of
// a salesperson's at once or one by hand, keeps it won.
func TestCustomersHandoverAndSetOwnerKeepTheWin(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\nTwo,b@two.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Tom Wu")
	c.mustRun("customers", "won", "a@one.com")
	c.mustRun("customers", "won", "b@two.com")
	c.mustRun("customers", "handover", "Tom Wu", "lily@acme-export.com", "--yes")
	c.mustRun("customers", "set", "b@two.com", "--owner", "Tom Wu")
	var items []listItem
	if err := json.Unmarshal([]byte(c.mustRun("customers", "list", "--json")), &items); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a@one.com": "lily@acme-export.com", "b@two.com": "tom@acme-export.com"}
	if len(items) != len(want) {
		t.Fatalf("list: %+v", items)
	}
	for _, it := range items {
		if len(it.Contacts) != 1 || it.Owner != want[it.Contacts[0]] || it.WonAt == nil || it.Status != "won" {
			t.Fatalf("%s after the hand-over: owner %q won_at %v status %q", it.Name, it.Owner, it.WonAt, it.Status)
		}
	}
}

// A mistyped salesperson where a customer changes hands (handover --to,
// claim, import --owner, set --owner) is refused with the team to choose
// from, as tasks --owner does, not a bare "not a configured [[salesperson]]".
func TestMistypedSalespersonWhereACustomerChangesHandsNamesTheTeam(t *testing.T) {
	c, _, dir := bookCLI(t, "")
	sheet := filepath.Join(dir, "book.csv")
	os.WriteFile(sheet, []byte("Company,Email\nOne,a@one.com\n"), 0o600)
	c.mustRun("customers", "import", sheet, "--owner", "Lily Chen")
	ctx := context.Background()
	for _, args := range [][]string{
		{"customers", "handover", "lily@acme-export.com", "Tom"},
		{"customers", "claim", "one.com", "--salesperson", "Tom"},
		{"customers", "import", sheet, "--owner", "Tom"},
		{"customers", "set", "one.com", "--owner", "Tom"},
	} {
		code, _, errs := c.run(ctx, args...)
		if code != 2 || !strings.Contains(errs, "not a configured [[salesperson]]") ||
			!strings.Contains(errs, "Tom Wu <tom@acme-export.com>") || !strings.Contains(errs, "Lily Chen <lily@acme-export.com>") {
			t.Errorf("%v: exit %d\n%s", args, code, errs)
		}
	}
}
