package book

import (
	"testing"
	"time"
)

// An ERP in China exports an order placed this morning with its zone;
// imported an hour later (03:00 UTC) it is today's order, not one "in the
// future", and its date is the one written.
func TestOrderTimestampWithZoneFromToday(t *testing.T) {
	now := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	rows := [][]string{
		{"customer", "date", "amount", "currency"},
		{"a@a.com", "2026-12-05T10:00:00+08:00", "100", "USD"},
		{"a@a.com", "2026-12-05 10:00", "100", "USD"},
		{"a@a.com", "2026-12-07T10:00:00+08:00", "100", "USD"},
	}
	orders, rej, err := ParseOrdersWith(rows, OrderOptions{Currency: "USD", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != 2 {
		t.Fatalf("orders %+v, rejected %+v: want the two of 5 December", orders, rej)
	}
	for _, o := range orders {
		if got := o.Date.Format("2006-01-02"); got != "2026-12-05" {
			t.Errorf("row %d: date %s, want 2026-12-05", o.Row, got)
		}
	}
	if len(rej) != 1 || rej[0].Row != 4 {
		t.Errorf("rejected %+v: want the order of 7 December as in the future", rej)
	}
}
