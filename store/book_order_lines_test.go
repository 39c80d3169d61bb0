package store

import (
	"context"
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
