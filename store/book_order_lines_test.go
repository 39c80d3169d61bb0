package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm/book"
)

// importOrderRows parses rows as an orders file (with now as its Now) and
// imports them.
func importOrderRows(t *testing.T, db *DB, now time.Time, rows [][]any) OrdersReport {
	t.Helper()
	orders, rej, err := book.ParseOrdersWith(xlsxRows(t, rows), book.OrderOptions{Currency: "USD", Now: now})
	if err != nil || len(rej) != 0 {
		t.Fatal(rej, err)
	}
	rep, err := db.ImportOrders(context.Background(), now, orders, "")
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// An export that writes each line of an order on its own row, without an
// order number, gives the rhythm two orders, not six: three rows on 1 Jan
// and three on 1 Jul are a customer ordering every half year, suggested B
// a fortnight after the last order, not A.
func TestOrderRhythmCountsOrdersNotRows(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"}, {"Acme", "bob@acme.com", "lily@team.example"}}, ImportOptions{})
	rep := importOrderRows(t, db, t0, [][]any{
		{"Customer", "Date", "Amount"},
		{"Acme", "2026-01-01", "5,000.00"}, {"Acme", "2026-01-01", "2,000.00"}, {"Acme", "2026-01-01", "800.00"},
		{"Acme", "2026-07-01", "5,000.00"}, {"Acme", "2026-07-01", "2,000.00"}, {"Acme", "2026-07-01", "800.00"},
	})
	if rep.Added != 6 {
		t.Fatalf("import: %+v", rep)
	}
	revs, err := db.Revenues(ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(revs) != 1 || revs[0].Orders != 2 || revs[0].Cents != 2*7_800_00 {
		t.Fatalf("revenues: %+v %v", revs, err)
	}
	rows, _ := book.Pareto(revs, 0.8, time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC))
	if len(rows) != 1 || rows[0].Suggested != "B" || rows[0].NextOrder.Format("2006-01-02") != "2026-12-29" {
		t.Fatalf("pareto: %+v", rows)
	}
}

// An ERP export writes each line of an order on its own row under one
// order number: the lines are one order of their sum, not one order and
// two duplicates, and importing the file again adds nothing.
func TestOrderLinesUnderOneNumberAreOneOrder(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"}, {"Acme", "bob@acme.com", "lily@team.example"}}, ImportOptions{})
	file := [][]any{
		{"订单号", "客户", "日期", "金额"},
		{"1001", "Acme", "2026-03-02", "5,000.00"},
		{"1001", "Acme", "2026-03-02", "2,000.00"},
		{"1001", "bob@acme.com", "2026-03-02", "800.00"},
		{"1001", "Acme", "2026-03-09", "100.00"},
	}
	rep := importOrderRows(t, db, t0, file)
	if rep.Added != 1 || len(rep.Lines) != 1 || rep.Lines[0].Row != 2 ||
		rep.Lines[0].Reason != "rows 2, 3, 4 are 3 lines of order 1001 of Acme: taken as one order of 7,800.00 USD" ||
		len(rep.Duplicates) != 1 || rep.Duplicates[0].Row != 5 ||
		rep.Duplicates[0].Reason != "order 1001 of Acme is on row 2 already with 2026-03-02 USD: not added twice" {
		t.Fatalf("import: %+v", rep)
	}
	revs, err := db.Revenues(ctx, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || len(revs) != 1 || revs[0].Cents != 7_800_00 || revs[0].Orders != 1 {
		t.Fatalf("revenues: %+v %v", revs, err)
	}
	rep = importOrderRows(t, db, t0, file)
	if rep.Added != 0 || rep.Known != 1 || len(rep.Duplicates) != 1 {
		t.Fatalf("import again: %+v", rep)
	}
}

// An order without a number is the customer's, not the cell's: the next
// export writing the customer another way adds nothing. A row whose
// amount was fixed in the file is held as a possible correction of the
// order the book has for that customer and day, naming the command that
// removes the wrong one, instead of being added beside it; with KeepBoth
// both are orders.
func TestOrdersWithoutNumberAreTheCustomersAndCorrectionsAreHeld(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"}, {"Acme Ltd", "bob@acme.com", "lily@team.example"}}, ImportOptions{})
	header := []any{"Customer", "Date", "Amount"}
	if rep := importOrderRows(t, db, t0, [][]any{header, {"Acme Ltd", "2026-03-02", "120,000.00"}, {"Acme Ltd", "2026-03-04", "900.00"}}); rep.Added != 2 {
		t.Fatalf("first import: %+v", rep)
	}
	if rep := importOrderRows(t, db, t0, [][]any{header, {"bob@acme.com", "2026-03-02", "120,000.00"}, {"acme.com", "2026-03-04", "900.00"}}); rep.Added != 0 || rep.Known != 2 {
		t.Fatalf("the same orders naming the customer by email and domain: %+v", rep)
	}
	var wrong int64
	if err := db.r.GetContext(ctx, &wrong, `SELECT id FROM orders WHERE cents = 12000000`); err != nil {
		t.Fatal(err)
	}
	fixed := [][]any{header, {"Acme Ltd", "2026-03-02", "12,000.00"}, {"Acme Ltd", "2026-03-04", "900.00"}}
	rep := importOrderRows(t, db, t0, fixed)
	want := fmt.Sprintf("possible correction of order #%d of Acme Ltd on 2026-03-02 with 120,000.00 USD, which this file does not hold: not added; "+
		"if the book's order is wrong, remove it with `keepwarm orders remove %d` and import the file again; if both are orders, import it with --keep-both", wrong, wrong)
	if rep.Added != 0 || rep.Known != 1 || len(rep.Held) != 1 || rep.Held[0].Row != 2 || rep.Held[0].Reason != want {
		t.Fatalf("the fixed file: %+v\nwant %s", rep, want)
	}
	if rev := revenue(t, db); rev != 120_900_00 {
		t.Fatalf("revenue after the held correction: %d", rev)
	}
	// A missing order removes nothing, not even the ones named before it.
	if _, err := db.RemoveOrders(ctx, OrderRemoval{}, wrong, 999); err == nil || !strings.Contains(err.Error(), "no order #999") || revenue(t, db) != 120_900_00 {
		t.Fatalf("removing a missing order: %v", err)
	}
	removed, err := db.RemoveOrders(ctx, OrderRemoval{}, wrong)
	if err != nil || len(removed) != 1 || removed[0].Customer != "Acme Ltd" || removed[0].Cents != 12_000_000 || removed[0].At.Format("2006-01-02") != "2026-03-02" {
		t.Fatalf("remove: %+v %v", removed, err)
	}
	if rep := importOrderRows(t, db, t0, fixed); rep.Added != 1 || rep.Known != 1 || len(rep.Held) != 0 {
		t.Fatalf("the fixed file after the removal: %+v", rep)
	}
	if rev := revenue(t, db); rev != 12_900_00 {
		t.Fatalf("revenue after the correction: %d", rev)
	}
	// Two orders of one day in two files: held, then added with KeepBoth.
	second := [][]any{header, {"Acme Ltd", "2026-03-04", "300.00"}}
	orders, _, err := book.ParseOrdersWith(xlsxRows(t, second), book.OrderOptions{Currency: "USD", Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := db.ImportOrdersWith(ctx, t0, orders, OrdersOptions{}); err != nil || len(rep.Held) != 1 || rep.Added != 0 {
		t.Fatalf("a second order of the day: %+v %v", rep, err)
	}
	if rep, err := db.ImportOrdersWith(ctx, t0, orders, OrdersOptions{KeepBoth: true}); err != nil || len(rep.Held) != 0 || rep.Added != 1 {
		t.Fatalf("a second order of the day, kept: %+v %v", rep, err)
	}
	if rep := importOrderRows(t, db, t0, second); rep.Added != 0 || rep.Known != 1 || len(rep.Held) != 0 {
		t.Fatalf("the second order again: %+v", rep)
	}
}

// An order with a number in the book with another amount names the
// command that removes it.
func TestANumberedOrderInTheBookNamesItsRemoval(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"}, {"Acme", "bob@acme.com", "lily@team.example"}}, ImportOptions{})
	header := []any{"Customer", "Date", "Amount", "Order No"}
	importOrderRows(t, db, t0, [][]any{header, {"Acme", "2026-03-02", "120,000.00", "1001"}})
	rep := importOrderRows(t, db, t0, [][]any{header, {"Acme", "2026-03-02", "12,000.00", "1001"}})
	if len(rep.Duplicates) != 1 || rep.Duplicates[0].Reason != "order 1001 of Acme is in the book already with 120,000.00 USD on 2026-03-02, the file has 12,000.00 USD on 2026-03-02: not changed; "+
		"if the book's order is wrong, remove it with `keepwarm orders remove 1` and import the file again" || rep.Differ != 1 {
		t.Fatalf("%+v", rep)
	}
	if _, err := db.RemoveOrders(ctx, OrderRemoval{}, 1); err != nil {
		t.Fatal(err)
	}
	if rep := importOrderRows(t, db, t0, [][]any{header, {"Acme", "2026-03-02", "12,000.00", "1001"}}); rep.Added != 1 || revenue(t, db) != 12_000_00 {
		t.Fatalf("after the removal: %+v", rep)
	}
}

func revenue(t *testing.T, db *DB) int64 {
	t.Helper()
	revs, err := db.Revenues(context.Background(), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, r := range revs {
		sum += r.Cents
	}
	return sum
}
