package store

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"keepwarm/book"
)

// An orders row names its customer by what a person can see: a bare number
// is an ERP's own customer number, not keepwarm's id (that is written
// "#1024"), and a company name two customers share is refused, listing
// both, instead of booking on the lower id.
func TestOrdersRowsNameTheirCustomerPlainly(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{
		{"Company", "Email", "Country", "Owner"},
		{"Acme", "bob@acme.com", "US", "lily@team.example"},
		{"ABC Trading", "li@abc-trading.hk", "HK", "lily@team.example"},
	}, ImportOptions{})
	// A namesake from another file: two customers of one name.
	importSheet(t, db, t0, [][]string{
		{"Company", "Email", "Country", "Owner"},
		{"ABC Trading", "sam@abctrading.co.za", "ZA", "lily@team.example"},
	}, ImportOptions{})
	acme, err := db.ResolveCustomer(ctx, "bob@acme.com")
	if err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(acme.ID, 10)
	orders := []book.Order{
		{Row: 2, Customer: id, Date: t0, Cents: 100000, Currency: "USD", Ref: "A-1"},
		{Row: 3, Customer: "#" + id, Date: t0, Cents: 100000, Currency: "USD", Ref: "A-2"},
		{Row: 4, Customer: "ABC Trading", Date: t0, Cents: 50000, Currency: "USD", Ref: "B-1"},
		{Row: 5, Customer: "li@abc-trading.hk", Date: t0, Cents: 50000, Currency: "USD", Ref: "B-2"},
	}
	rep, err := db.ImportOrders(ctx, t0, orders, "")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 2 {
		t.Errorf("added %d orders, want 2 (#id and the email)", rep.Added)
	}
	reasons := map[int]string{}
	for _, r := range rep.Rejected {
		reasons[r.Row] = r.Reason
	}
	if !strings.Contains(reasons[2], "no customer") {
		t.Errorf("row 2 (a bare number): %q; want it refused as no customer", reasons[2])
	}
	if r := reasons[4]; !strings.Contains(r, "names 2 customers") || !strings.Contains(r, "#") {
		t.Errorf("row 4 (a shared name): %q; want it refused naming both", r)
	}
	if cents, cur, err := book.ParseAmount("12500元"); err != nil || cents != 1250000 || cur != "CNY" {
		t.Errorf("ParseAmount(12500元) = %d %q %v", cents, cur, err)
	}
	if _, _, err := book.ParseAmount("12500 ab€"); err == nil {
		t.Error("a currency that is no code was accepted")
	}
}
