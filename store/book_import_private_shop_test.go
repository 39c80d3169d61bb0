package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm/templates"
)

// A private buyer whose row gives a second address of its own (the shop's
// "Email 2"), named after its person by mail's From line there, follows a
// corrected name at both: the CRM writes Wang Wei as 王伟 now, the
// customer became 王伟, and a greeting to the shop's address, still
// "Wang Wei", wished him and "王伟的各位同事".
func TestImportRenamesAPrivateBuyersSecondAddressWithItsPerson(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email"}
	rep := importRows(t, db, t0, [][]string{head, {"", "Wang Wei", "wangwei88@gmail.com; wangwei.shop@163.com"}}, ImportOptions{Owner: "lily@t.com"})
	// Mail from the shop's address named its contact (ingest-contact-name).
	if _, err := db.w.ExecContext(ctx, `UPDATE contacts SET name = 'Wang Wei' WHERE email = 'wangwei.shop@163.com' AND name = ''`); err != nil {
		t.Fatal(err)
	}
	again := importRows(t, db, t0.Add(time.Hour), [][]string{head, {"", "王伟", "wangwei88@gmail.com; wangwei.shop@163.com"}}, ImportOptions{Owner: "lily@t.com"})
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || c.Name != "王伟" || len(c.Contacts) != 2 {
		t.Fatalf("customer: %+v %v", c, err)
	}
	for _, k := range c.Contacts {
		if company := templates.CompanyOf(c.Customer, templates.NewContact(k.Name, k.Email)); company != "" {
			t.Errorf("a mail to %s (%q) writes the company %q", k.Email, k.Name, company)
		}
	}
	if !strings.Contains(again.Rows[0].Reason, "name of wangwei.shop@163.com 王伟 (was Wang Wei") {
		t.Fatalf("row: %+v", again.Rows[0])
	}
	if same := importRows(t, db, t0.Add(2*time.Hour), [][]string{head, {"", "王伟", "wangwei88@gmail.com; wangwei.shop@163.com"}}, ImportOptions{Owner: "lily@t.com"}); actions(same) != "02:skipped" {
		t.Fatalf("same file again: %s %+v", actions(same), same.Rows)
	}
}

// A contact there whose name was set by hand keeps it: the user said who
// is at that address.
func TestImportKeepsASecondAddressNamedByHandWhenItsPersonIsRenamed(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email"}
	rep := importRows(t, db, t0, [][]string{head, {"", "Wang Wei", "wangwei88@gmail.com; wangwei.shop@163.com"}}, ImportOptions{Owner: "lily@t.com"})
	name := "Wang Wei"
	if _, err := db.SetContactDetails(ctx, "wangwei.shop@163.com", ContactDetails{Name: &name}, t0, "test"); err != nil {
		t.Fatal(err)
	}
	again := importRows(t, db, t0.Add(time.Hour), [][]string{head, {"", "王伟", "wangwei88@gmail.com; wangwei.shop@163.com"}}, ImportOptions{Owner: "lily@t.com"})
	c, err := db.Customer(ctx, rep.Rows[0].CustomerID)
	if err != nil || c.Name != "王伟" || len(c.Contacts) != 2 {
		t.Fatalf("customer: %+v %v", c, err)
	}
	for _, k := range c.Contacts {
		if k.Email == "wangwei.shop@163.com" && k.Name != "Wang Wei" {
			t.Fatalf("the contact named by hand became %q", k.Name)
		}
	}
	// The row says so: mail there now calls the customer 王伟.
	if want := "kept name of wangwei.shop@163.com Wang Wei (set by hand): mail there now calls the customer 王伟; if it is 王伟 too, `keepwarm customers contact wangwei.shop@163.com --name \"王伟\"`"; !strings.Contains(again.Rows[0].Reason, want) {
		t.Fatalf("want %s in %+v", want, again.Rows[0])
	}
}

// A hand rename of a private buyer (customers contact --name 王伟) renames
// the customer and no other contact: an address handed on keeps its
// person. The same person's other address still named "Wang Wei" is
// named back, so the user can rename it too; a greeting there would wish
// "王伟的各位同事" otherwise.
func TestHandRenameOfAPrivateBuyerNamesItsOtherAddressesOfTheOldName(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	head := []string{"Company", "Contact", "Email"}
	importRows(t, db, t0, [][]string{head, {"", "Wang Wei", "wangwei88@gmail.com; wangwei.shop@163.com"}}, ImportOptions{Owner: "lily@t.com"})
	if _, err := db.w.ExecContext(ctx, `UPDATE contacts SET name = 'Wang Wei' WHERE email = 'wangwei.shop@163.com' AND name = ''`); err != nil {
		t.Fatal(err)
	}
	name := "王伟"
	set, err := db.SetContactDetails(ctx, "wangwei88@gmail.com", ContactDetails{Name: &name}, t0, "test")
	if err != nil || set.CustomerWas != "Wang Wei" {
		t.Fatalf("set: %+v %v", set, err)
	}
	if len(set.SameName) != 1 || set.SameName[0] != "wangwei.shop@163.com" {
		t.Fatalf("the other address of the old name: %+v", set)
	}
	c, err := db.Customer(ctx, set.Customer)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range c.Contacts {
		if k.Email == "wangwei.shop@163.com" && k.Name != "Wang Wei" {
			t.Fatalf("the other address was renamed %q", k.Name)
		}
	}
	// No customer renamed, nothing named.
	name = "Wang Wei"
	if set, err = db.SetContactDetails(ctx, "wangwei.shop@163.com", ContactDetails{Name: &name}, t0, "test"); err != nil || len(set.SameName) != 0 {
		t.Fatalf("no rename: %+v %v", set, err)
	}
}
