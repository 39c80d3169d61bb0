package web_test

import (
	"testing"
	"time"
)

// An order is a day, the date its file wrote (stored at UTC). Acme's page
// lists it on that date whatever the team's zone, as `keepwarm orders
// list` does: west of UTC not the day before, east of UTC not the day
// after an order written late in the evening.
func TestCustomerPageListsOrdersOnTheirWrittenDay(t *testing.T) {
	for _, tc := range []struct {
		zone      string
		at        time.Time
		want, not string
	}{
		{"America/Mexico_City", time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC), "2026-03-15", "2026-03-14"},
		{"Asia/Shanghai", time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC), "2025-12-31", "2026-01-01"},
	} {
		t.Run(tc.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(tc.zone)
			if err != nil {
				t.Fatal(err)
			}
			w := newWorld(t, "http://keepwarm.test")
			w.cfg.Location = loc
			res, err := w.raw.Exec(`INSERT INTO orders (key, customer_id, ordered_at, cents, currency, ref, created_at) VALUES ('k1', ?, ?, 200000, 'USD', '', ?)`,
				w.acme, tc.at.Unix(), now0.Unix())
			if err != nil {
				t.Fatal(err)
			}
			id, _ := res.LastInsertId()
			srv := w.serve()
			w.rebase(srv.URL)
			mc := w.signIn(srv, mei)
			_, body := mc.get(path("/customers/%d", w.acme))
			orders := cut(t, body, `id="orders"`, "</section>")
			mustContain(t, "Acme's order in "+tc.zone, orders, tc.want+" · <strong>USD 2000.00</strong> <span class=\"muted\">#"+itoa(id))
			mustLack(t, "Acme's order in "+tc.zone, orders, tc.not)
		})
	}
}
