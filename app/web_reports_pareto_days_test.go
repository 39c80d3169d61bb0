package app

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/store"
	"keepwarm/web"
)

// The console's 80/20 covers the last twelve months in whole days, as
// orders are known (the day their file wrote): west of UTC the order of
// the first day a year back is in; east of UTC one written late on the
// evening before that day is out.
func TestConsoleParetoYearIsWholeOrderDays(t *testing.T) {
	ctx := context.Background()
	mgr := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	for _, tc := range []struct {
		zone string
		now  time.Time
		rows [][]string // Acme's order on the first day, Globex's before it
	}{
		// 03:00 UTC on 1 November is the evening of 31 October in Mexico City.
		{"America/Mexico_City", time.Date(2026, 11, 1, 3, 0, 0, 0, time.UTC),
			[][]string{{"Acme", "2025-10-31", "1000", "USD"}, {"Globex", "2025-10-30 22:00", "1000", "USD"}}},
		// 17:00 UTC on 1 November is 01:00 on 2 November in Shanghai.
		{"Asia/Shanghai", time.Date(2026, 11, 1, 17, 0, 0, 0, time.UTC),
			[][]string{{"Acme", "2025-11-02 08:00", "1000", "USD"}, {"Globex", "2025-11-01 20:00", "1000", "USD"}}},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), tc.now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		sheet, err := book.Parse([][]string{{"Company", "Email"}, {"Acme", "a@acme.example"}, {"Globex", "b@globex.example"}}, book.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportBook(ctx, tc.now, sheet, store.ImportOptions{Pool: true}); err != nil {
			t.Fatal(err)
		}
		orders, rej, err := book.ParseOrders(append([][]string{{"Customer", "Date", "Amount", "Currency"}}, tc.rows...), "USD")
		if err != nil || len(rej) != 0 {
			t.Fatal(err, rej)
		}
		if rep, err := db.ImportOrders(ctx, tc.now, orders, ""); err != nil || rep.Added != 2 {
			t.Fatalf("orders: %+v %v", rep, err)
		}
		b := NewWebBackend(WebDeps{DB: db, People: []web.Person{mgr}, TeamLocation: loc, Clock: keepwarm.NewManualClock(tc.now)})
		rep, err := b.Report(ctx, mgr, "pareto", tc.now)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range rep.Rows {
			names = append(names, r[0])
		}
		if !slices.Equal(names, []string{"Acme"}) {
			t.Errorf("%s: the 80/20 lists %q, want Acme's order of the first day alone", tc.zone, names)
		}
	}
}

// The console's suggested grade counts whole days from the team's today,
// as `report pareto` does: Acme's one order, 13 December 2025, puts the
// next on 13 December 2026, 31 days after 12 November (A) and 32 after
// 11 November (B), whatever the hour and whatever day it is at UTC.
func TestConsoleParetoSuggestsTheGradeOnTheTeamsDay(t *testing.T) {
	ctx := context.Background()
	mgr := web.Person{Email: "mei@seller.example", Name: "Mei Lin", Manager: true}
	for _, tc := range []struct {
		zone string
		now  time.Time
		want string
	}{
		{"Asia/Shanghai", time.Date(2026, 11, 11, 23, 30, 0, 0, time.UTC), "A"},     // 07:30 on the 12th
		{"America/Mexico_City", time.Date(2026, 11, 12, 1, 0, 0, 0, time.UTC), "B"}, // 19:00 on the 11th
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), tc.now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		sheet, err := book.Parse([][]string{{"Company", "Email", "Grade"}, {"Acme", "a@acme.example", "B"}}, book.ParseOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ImportBook(ctx, tc.now, sheet, store.ImportOptions{Pool: true}); err != nil {
			t.Fatal(err)
		}
		orders, rej, err := book.ParseOrders([][]string{{"Customer", "Date", "Amount", "Currency"}, {"Acme", "2025-12-13", "2000", "USD"}}, "USD")
		if err != nil || len(rej) != 0 {
			t.Fatal(err, rej)
		}
		if rep, err := db.ImportOrders(ctx, tc.now, orders, ""); err != nil || rep.Added != 1 {
			t.Fatalf("orders: %+v %v", rep, err)
		}
		b := NewWebBackend(WebDeps{DB: db, People: []web.Person{mgr}, TeamLocation: loc, Clock: keepwarm.NewManualClock(tc.now)})
		rep, err := b.Report(ctx, mgr, "pareto", tc.now)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Rows) != 1 || rep.Rows[0][0] != "Acme" {
			t.Fatalf("%s: rows %q, want Acme", tc.zone, rep.Rows)
		}
		if got := rep.Rows[0][len(rep.Rows[0])-1]; got != tc.want {
			t.Errorf("%s at %s: suggested %q, want %q", tc.zone, tc.now.In(loc).Format("01-02 15:04"), got, tc.want)
		}
	}
}
