package book

import (
	"testing"
	"time"
)

// A customer whose refunds in the period outweigh their orders (an older
// order refunded) does not lower the total the others' shares are of.
func TestParetoLeavesANetRefundOutOfTheTotal(t *testing.T) {
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	revs := []Revenue{
		{CustomerID: 1, Customer: "Acme", Currency: "USD", Cents: 1_000_000, Orders: 2, FirstOrder: now.AddDate(0, -6, 0), LastOrder: now.AddDate(0, -1, 0)},
		{CustomerID: 2, Customer: "Globex", Currency: "USD", Cents: -600_000},
	}
	rows, total := Pareto(revs, 0.8, now)
	if total != 1_000_000 {
		t.Fatalf("total = %d, want 1000000 (Globex's net refund left out)", total)
	}
	if len(rows) != 1 || rows[0].Customer != "Acme" {
		t.Fatalf("rows = %+v, want Acme alone", rows)
	}
	if rows[0].Share > 1 || rows[0].Cumulative > 1 {
		t.Fatalf("Acme's share %.2f, cumulative %.2f: past 100%%", rows[0].Share, rows[0].Cumulative)
	}
	// The header's "N of M customer(s)": M is who the total is of.
	revs = append(revs, Revenue{CustomerID: 3, Customer: "Initech", Currency: "USD"})
	if n := WithRevenue(revs); n != 1 {
		t.Fatalf("WithRevenue = %d, want 1: Acme; Globex's net refund and Initech's zero are not in the total", n)
	}
	if rows, total := Pareto(revs[1:], 0.8, now); rows != nil || total != 0 {
		t.Fatalf("refunds only: %+v, %d; want no rows and no total", rows, total)
	}
}
