package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A family shop on one free-mail address, no company cell: Bob's row
// brings a phone, Ann's her birthday and salutation. The address is Ann's
// whatever the row order, and so is the private buyer's name: Bob's row
// coming first named the customer "Bob Stone", and Ann's Christmas
// greeting wished her and "everyone at Bob Stone".
func TestImportNamesAPrivateBuyerAfterThePersonAtTheAddress(t *testing.T) {
	head := []string{"Contact", "Email", "Phone", "Birthday", "Salutation"}
	bob := []string{"Bob Stone", "stoneshop@gmail.com", "+1 212 555 0199", "", ""}
	ann := []string{"Ann Stone", "stoneshop@gmail.com", "", "1975-03-02", "Dear Ann"}
	for name, rows := range map[string][][]string{"Bob first": {head, bob, ann}, "Ann first": {head, ann, bob}} {
		t.Run(name, func(t *testing.T) {
			db, ctx := openTest(t), context.Background()
			for run := range 2 {
				rep := importRows(t, db, t0, rows, ImportOptions{Owner: "lily@t.com"})
				if len(rep.Rows) != 2 || rep.Counts[ImportRejected] != 0 {
					t.Fatalf("run %d: rows: %+v", run, rep.Rows)
				}
				c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
				if err != nil || len(c.Contacts) != 1 {
					t.Fatalf("run %d: customer: %+v %v", run, c, err)
				}
				if c.Name != "Ann Stone" || c.Contacts[0].Name != "Ann Stone" {
					t.Fatalf("run %d: customer %q, contact %q", run, c.Name, c.Contacts[0].Name)
				}
			}
		})
	}
}

// A book left with the private buyer named after the phone-only row that
// came first (its contact, made from that row, since renamed to the
// person whose row brings a birthday) is corrected by the next import,
// which says so.
func TestImportRenamesAPrivateBuyerNamedAfterAPhoneOnlyRow(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Contact", "Email", "Phone", "Birthday", "Salutation"}
	bob := []string{"Bob Stone", "stoneshop@gmail.com", "+1 212 555 0199", "", ""}
	importRows(t, db, t0, [][]string{head, bob}, ImportOptions{Owner: "lily@t.com"})
	rows := [][]string{head, bob, {"Ann Stone", "stoneshop@gmail.com", "", "1975-03-02", "Dear Ann"}}
	rep := importRows(t, db, t0, rows, ImportOptions{Owner: "lily@t.com"})
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || len(c.Contacts) != 1 {
		t.Fatalf("customer: %+v %v", c, err)
	}
	if c.Name != "Ann Stone" || c.Contacts[0].Name != "Ann Stone" {
		t.Fatalf("customer %q, contact %q", c.Name, c.Contacts[0].Name)
	}
	if !strings.Contains(rep.Rows[0].Reason+rep.Rows[1].Reason, "customer name Ann Stone (was Bob Stone") {
		t.Fatalf("rows: %+v", rep.Rows)
	}
	again := importRows(t, db, t0, rows, ImportOptions{Owner: "lily@t.com"})
	if actions(again) != "02:skipped 03:skipped" {
		t.Fatalf("again: %s %+v", actions(again), again.Rows)
	}
}

// A private buyer named after the person at its address follows that
// person's corrected name: the CRM writes Wang Wei as 王伟 now, and the
// customer stayed "Wang Wei", so his Chinese New Year greeting wished him
// and "Wang Wei的各位同事". A company, or a private buyer named otherwise,
// keeps its name.
func TestImportRenamesAPrivateBuyerWithItsPerson(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email", "Phone", "Birthday", "Salutation"}
	importRows(t, db, t0, [][]string{head,
		{"", "Wang Wei", "wangwei88@gmail.com", "", "", ""},
		{"Acme", "Bob Stnoe", "bob@acme.com", "", "", ""},
	}, ImportOptions{Owner: "lily@t.com"})
	rep := importRows(t, db, t0, [][]string{head,
		{"", "王伟", "wangwei88@gmail.com", "", "1980-02-03", ""},
		{"Acme", "Bob Stone", "bob@acme.com", "", "", ""},
	}, ImportOptions{Owner: "lily@t.com"})
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || len(c.Contacts) != 1 {
		t.Fatalf("customer: %+v %v", c, err)
	}
	if c.Name != "王伟" || c.Contacts[0].Name != "王伟" {
		t.Fatalf("customer %q, contact %q", c.Name, c.Contacts[0].Name)
	}
	if !strings.Contains(rep.Rows[0].Reason, "customer name 王伟 (was Wang Wei") {
		t.Fatalf("row: %+v", rep.Rows[0])
	}
	acme, err := db.Customer(ctx, rep.Rows[1].CustomerID)
	if err != nil || acme.Name != "Acme" || acme.Contacts[0].Name != "Bob Stone" {
		t.Fatalf("Acme: %+v %v", acme, err)
	}
}

// A CRM that wants a company for every customer gets the person's name in
// the company cell of a private buyer: when the CRM corrects the person
// (Wang Wei to 王伟, in both cells), the customer follows, and greetings
// to 王伟 no longer wish "Wang Wei的各位同事". A company cell naming
// another (Hengda Trading) still keeps the company's name.
func TestImportRenamesAPrivateBuyerWhoseCompanyCellIsItsPerson(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email"}
	importRows(t, db, t0, [][]string{head, {"Wang Wei", "Wang Wei", "wangwei88@gmail.com"}}, ImportOptions{Owner: "lily@t.com"})
	rep := importRows(t, db, t0.Add(time.Hour), [][]string{head, {"王伟", "王伟", "wangwei88@gmail.com"}}, ImportOptions{Owner: "lily@t.com"})
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || c.Name != "王伟" || c.Contacts[0].Name != "王伟" {
		t.Fatalf("customer: %+v %v", c, err)
	}
	if !strings.Contains(rep.Rows[0].Reason, "customer name 王伟 (was Wang Wei") {
		t.Fatalf("row: %+v", rep.Rows[0])
	}
}

// A company at a free-mail address whose contact bore the company's name
// (a CRM putting the company in the contact column, or its mail's From
// line) keeps its name when a re-import names the person there: the row's
// company cell says what the company is called, and nothing would name
// the customer back.
func TestImportKeepsACompanyNameWhenItsContactIsRenamed(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email"}
	rep := importRows(t, db, t0, [][]string{head, {"Hengda Trading", "Hengda Trading", "hengda888@163.com"}}, ImportOptions{Owner: "lily@t.com"})
	again := importRows(t, db, t0.Add(time.Hour), [][]string{head, {"Hengda Trading", "陈丽", "hengda888@163.com"}}, ImportOptions{Owner: "lily@t.com"})
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || len(c.Contacts) != 1 {
		t.Fatalf("customer: %+v %v", c, err)
	}
	if c.Name != "Hengda Trading" || c.Contacts[0].Name != "陈丽" {
		t.Fatalf("customer %q, contact %q", c.Name, c.Contacts[0].Name)
	}
	if strings.Contains(again.Rows[0].Reason, "customer name") {
		t.Fatalf("row: %+v", again.Rows[0])
	}
}

// A private buyer named after its person follows a name corrected by
// hand, as it follows one corrected by an import, and says so: fixed by
// hand only, "Wang Wei" stayed the customer's name for good, and greetings
// to 王伟 wished him and "Wang Wei的各位同事".
func TestSetContactNameRenamesAPrivateBuyerNamedAfterItsPerson(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email"}
	rep := importRows(t, db, t0, [][]string{head, {"", "Wang Wei", "wangwei88@gmail.com"}}, ImportOptions{Owner: "lily@t.com"})
	name := "王伟"
	set, err := db.SetContactDetails(ctx, "wangwei88@gmail.com", ContactDetails{Name: &name}, t0, "test")
	if err != nil || set.Customer != rep.Rows[0].CustomerID || set.CustomerWas != "Wang Wei" {
		t.Fatalf("set: %+v %v", set, err)
	}
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || c.Name != "王伟" || c.Contacts[0].Name != "王伟" {
		t.Fatalf("customer: %+v %v", c, err)
	}
	// The CRM corrected too: nothing more changes.
	again := importRows(t, db, t0.Add(time.Hour), [][]string{head, {"", "王伟", "wangwei88@gmail.com"}}, ImportOptions{Owner: "lily@t.com"})
	if actions(again) != "02:skipped" {
		t.Fatalf("again: %s %+v", actions(again), again.Rows)
	}
}

// So does it when the person is named by hand (`keepwarm customers
// contact EMAIL --name`, after "Dear Hengda Trading"): the hand path
// renames only a customer an import named after its person.
func TestSetContactNameKeepsTheCustomerName(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email"}
	rep := importRows(t, db, t0, [][]string{head, {"Hengda Trading", "Hengda Trading", "hengda888@163.com"}}, ImportOptions{Owner: "lily@t.com"})
	name := "陈丽"
	if set, err := db.SetContactDetails(ctx, "hengda888@163.com", ContactDetails{Name: &name}, t0, "test"); err != nil || set.CustomerWas != "" {
		t.Fatalf("set: %+v %v", set, err)
	}
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || c.Name != "Hengda Trading" || c.Contacts[0].Name != "陈丽" {
		t.Fatalf("customer: %+v %v", c, err)
	}
}

// A CRM putting the company in the contact column that corrects the
// company's spelling in both cells renames the customer with the row, but
// does not mark it named after its person: that shape is a company's too,
// and a later `customers contact hengda888@163.com --name 陈丽` made the
// company 陈丽 for good (nothing names a customer back), and greetings to
// the shop wished "everyone at 陈丽".
func TestImportRenameByBothCellsDoesNotNameACompanyAfterItsPerson(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email"}
	rep := importRows(t, db, t0, [][]string{head, {"Hengda Trading", "Hengda Trading", "hengda888@163.com"}}, ImportOptions{Owner: "lily@t.com"})
	again := importRows(t, db, t0.Add(time.Hour), [][]string{head, {"Hengda Trading Co., Ltd.", "Hengda Trading Co., Ltd.", "hengda888@163.com"}}, ImportOptions{Owner: "lily@t.com"})
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || c.Name != "Hengda Trading Co., Ltd." {
		t.Fatalf("customer after the CRM's correction: %+v %v", c, err)
	}
	// The row says why, without calling the company a person.
	if r := again.Rows[0].Reason; !strings.Contains(r, "customer name Hengda Trading Co., Ltd. (was Hengda Trading, as the row's company cell says)") || strings.Contains(r, "named after the person") {
		t.Fatalf("row: %s", r)
	}
	name := "陈丽"
	if set, err := db.SetContactDetails(ctx, "hengda888@163.com", ContactDetails{Name: &name}, t0, "test"); err != nil || set.CustomerWas != "" {
		t.Fatalf("set: %+v %v", set, err)
	}
	c, err = db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || c.Name != "Hengda Trading Co., Ltd." || c.Contacts[0].Name != "陈丽" {
		t.Fatalf("customer: %q, contacts %+v %v", c.Name, c.Contacts, err)
	}
}
