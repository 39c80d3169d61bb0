package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// An import before lines were summed kept an order's first line and took
// the others for duplicates: the same file now sets the order to the sum
// of its lines, once, and says so; importing it again changes nothing and
// says nothing of lines.
func TestOrderKeptAtItsFirstLineIsSetToTheSum(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"}, {"Acme", "bob@acme.com", "lily@team.example"}}, ImportOptions{})
	var id int64
	if err := db.w.GetContext(ctx, &id, `SELECT id FROM customers WHERE name = 'Acme'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, `INSERT INTO orders (key, customer_id, ordered_at, cents, currency, ref, created_at) VALUES ('old', ?, ?, 500000, 'USD', '1001', ?)`,
		id, mustDay(t, "2026-03-02"), t0.Unix()); err != nil {
		t.Fatal(err)
	}
	file := [][]any{
		{"Order No", "Customer", "Date", "Amount"},
		{"1001", "Acme", "2026-03-02", "5,000.00"},
		{"1001", "Acme", "2026-03-02", "2,000.00"},
		{"1001", "Acme", "2026-03-02", "800.00"},
	}
	rep := importOrderRows(t, db, t0, file)
	if rep.Added != 0 || rep.Corrected != 1 || rep.Differ != 0 || len(rep.Duplicates) != 0 || len(rep.Lines) != 1 ||
		rep.Lines[0].Reason != "order 1001 of Acme: its 3 lines (rows 2, 3, 4) sum to 7,800.00 USD (the book had 5,000.00, its first line, from an earlier import)" {
		t.Fatalf("import: %+v", rep)
	}
	if rev := revenue(t, db); rev != 7_800_00 {
		t.Fatalf("revenue: %d", rev)
	}
	rep = importOrderRows(t, db, t0, file)
	if rep.Known != 1 || rep.Corrected != 0 || len(rep.Lines) != 0 || len(rep.Duplicates) != 0 || revenue(t, db) != 7_800_00 {
		t.Fatalf("import again: %+v", rep)
	}
}

// The day of an order is its identity, not the time a file writes beside
// it: an export writing "2026-03-02 10:15" for yesterday's "2026-03-02"
// adds nothing, and a fixed amount with the time is held as a correction.
func TestOrdersWithoutNumberAreKnownByTheirDay(t *testing.T) {
	db := openTest(t)
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"}, {"Acme", "bob@acme.com", "lily@team.example"}}, ImportOptions{})
	header := []any{"Customer", "Date", "Amount"}
	if rep := importOrderRows(t, db, t0, [][]any{header, {"Acme", "2026-03-02", "900.00"}}); rep.Added != 1 {
		t.Fatalf("first: %+v", rep)
	}
	if rep := importOrderRows(t, db, t0, [][]any{header, {"bob@acme.com", "2026-03-02 10:15", "900.00"}}); rep.Added != 0 || rep.Known != 1 || revenue(t, db) != 900_00 {
		t.Fatalf("with its time: %+v", rep)
	}
	rep := importOrderRows(t, db, t0, [][]any{header, {"Acme", "2026-03-02 10:15", "90.00"}})
	if rep.Added != 0 || len(rep.Held) != 1 || !strings.Contains(rep.Held[0].Reason, "possible correction of order #1 of Acme on 2026-03-02 with 900.00 USD") {
		t.Fatalf("a fixed amount with its time: %+v", rep)
	}
	// Two rows of the day, one with its time, are one order in the rhythm.
	importOrderRows(t, db, t0, [][]any{header, {"Acme", "2026-03-02 11:00", "900.00"}, {"Acme", "2026-03-02", "900.00"}})
	revs, err := db.Revenues(context.Background(), t0.AddDate(-1, 0, 0))
	if err != nil || len(revs) != 1 || revs[0].Orders != 1 || revs[0].Cents != 1_800_00 {
		t.Fatalf("revenues: %+v %v", revs, err)
	}
}

// Rows under one number that all repeat the amount are the order written
// again (an export joining orders with shipments), not lines: the first
// is the order, the others duplicates; lines of other amounts are summed.
func TestRepeatedNumberedRowsOfOneAmountAreDuplicates(t *testing.T) {
	db := openTest(t)
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"}, {"Acme", "bob@acme.com", "lily@team.example"}}, ImportOptions{})
	header := []any{"Order No", "Customer", "Date", "Amount"}
	rep := importOrderRows(t, db, t0, [][]any{header, {"1001", "Acme", "2026-03-02", "7,000.00"}, {"1001", "Acme", "2026-03-02", "7,000.00"}})
	if rep.Added != 1 || len(rep.Lines) != 0 || len(rep.Duplicates) != 1 || rep.Duplicates[0].Row != 3 ||
		rep.Duplicates[0].Reason != "row 3 repeats order 1001 of Acme on row 2 with the same amount, 7,000.00 USD: not added twice; if these are lines of equal price, import the file with --keep-both" ||
		revenue(t, db) != 7_000_00 {
		t.Fatalf("repeated: %+v", rep)
	}
	rep = importOrderRows(t, db, t0, [][]any{header, {"1002", "Acme", "2026-03-03", "5,000.00"}, {"1002", "Acme", "2026-03-03", "2,000.00"}, {"1002", "Acme", "2026-03-03", "800.00"}})
	if rep.Added != 1 || len(rep.Lines) != 1 || len(rep.Duplicates) != 0 || revenue(t, db) != 14_800_00 {
		t.Fatalf("lines: %+v", rep)
	}
}

func mustDay(t *testing.T, s string) int64 {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d.Unix()
}

// A numbered order entered for the wrong customer and fixed in the file
// is held, naming the order to remove, instead of counted twice; with
// KeepBoth both are orders, and a file holding both customers' orders
// under the number holds neither.
func TestANumberedOrderMovedToAnotherCustomerIsHeld(t *testing.T) {
	db, ctx := openTest(t), context.Background()
	importSheet(t, db, t0, [][]string{{"Company", "Email", "Owner"}, {"Acme", "bob@acme.com", "lily@team.example"}, {"Gulf Build", "ali@gulf.example", "lily@team.example"}}, ImportOptions{})
	header := []any{"Customer", "Date", "Amount", "Order No"}
	importOrderRows(t, db, t0, [][]any{header, {"Acme", "2026-03-02", "7,000.00", "1001"}})
	var acme int64
	if err := db.r.GetContext(ctx, &acme, `SELECT id FROM orders WHERE ref = '1001'`); err != nil {
		t.Fatal(err)
	}
	fixed := [][]any{header, {"Gulf Build", "2026-03-02", "7,000.00", "1001"}}
	rep := importOrderRows(t, db, t0, fixed)
	want := fmt.Sprintf("order 1001 of Gulf Build is in the book under Acme as #%d with the same date and amount: not added; "+
		"if it was entered for the wrong customer, remove it with `keepwarm orders remove %d` and import the file again; if both are orders, import it with --keep-both", acme, acme)
	if rep.Added != 0 || len(rep.Held) != 1 || rep.Held[0].Reason != want || revenue(t, db) != 7_000_00 {
		t.Fatalf("the fixed file: %+v\nwant %s", rep, want)
	}
	if rep := importOrderRows(t, db, t0, [][]any{header, {"Acme", "2026-03-02", "7,000.00", "1001"}, {"Gulf Build", "2026-03-02", "7,000.00", "1001"}}); rep.Added != 1 || len(rep.Held) != 0 {
		t.Fatalf("both customers' orders in one file: %+v", rep)
	}
	if _, err := db.RemoveOrders(ctx, OrderRemoval{}, acme); err != nil {
		t.Fatal(err)
	}
	if rep := importOrderRows(t, db, t0, fixed); rep.Known != 1 || revenue(t, db) != 7_000_00 {
		t.Fatalf("after the removal: %+v", rep)
	}
}
