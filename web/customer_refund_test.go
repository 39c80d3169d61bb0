package web_test

import (
	"strings"
	"testing"
	"time"
)

// Acme's orders hold two refunds, one under a unit: the Orders card shows
// each amount with its sign ("EUR -0.50", not "EUR 0.50") and marks the
// refunds as such, in English and in Chinese, and an order as an order.
func TestCustomerPageShowsRefundsWithTheirSign(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	for i, cents := range []int64{200000, -50, -1234} {
		if _, err := w.raw.Exec(`INSERT INTO orders (key, customer_id, ordered_at, cents, currency, ref, created_at) VALUES (?, ?, ?, ?, 'EUR', '', ?)`,
			path("k%d", i), w.acme, time.Date(2026, 3, 10+i, 0, 0, 0, 0, time.UTC).Unix(), cents, now0.Unix()); err != nil {
			t.Fatal(err)
		}
	}
	c := w.signIn(w.serve(), lily)
	page := path("/customers/%d", w.acme)
	orders := cut(t, mustGet(t, c, page), `id="orders"`, "</section>")
	row := func(orders, day string) string {
		t.Helper()
		i := strings.Index(orders, day)
		if i < 0 {
			t.Fatalf("no row of %s in %s", day, orders)
		}
		return orders[i : i+strings.Index(orders[i:], "</li>")]
	}
	mustContain(t, "the order", row(orders, "2026-03-10"), "<strong>EUR 2000.00</strong>")
	mustLack(t, "the order", row(orders, "2026-03-10"), "refund")
	mustContain(t, "the refund under a unit", row(orders, "2026-03-11"), "<strong>EUR -0.50</strong>", `<span class="tag refund">refund</span>`)
	mustContain(t, "the refund", row(orders, "2026-03-12"), "<strong>EUR -12.34</strong>", `<span class="tag refund">refund</span>`)
	mustLack(t, "the orders", orders, "EUR 0.50", "EUR 12.34", "EUR -0.-50", "EUR 0.-50")
	zh := cut(t, c.getZh(t, page), `id="orders"`, "</section>")
	mustContain(t, "the refund in Chinese", row(zh, "2026-03-11"), "<strong>EUR -0.50</strong>", `<span class="tag refund">退款</span>`)
}
