package web_test

import (
	"strings"
	"testing"

	"keepwarm/store"
)

// An order removed (keepwarm orders remove) reads in Chinese on Acme's
// page and in the manager's audit log: its day and amount and "已删除",
// not the English "… on 2026-09-01 → removed" it is stored in.
func TestOrderRemovedReadsInChinese(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	res, err := w.raw.Exec(`INSERT INTO orders (key, customer_id, ordered_at, cents, currency, ref, created_at) VALUES ('k1', ?, ?, 12000, 'USD', 'PO-77', ?)`,
		w.acme, now0.AddDate(0, -2, 0).Unix(), now0.Unix())
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	if _, err := w.db.RemoveOrders(w.ctx, store.OrderRemoval{Actor: mei, At: now0}, id); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	mc := w.signIn(srv, mei)
	for _, p := range []string{path("/customers/%d", w.acme), "/team"} {
		body := mc.getZh(t, p)
		i := strings.Index(body, "删除了一笔订单")
		if i < 0 {
			t.Fatalf("%s: no order removed in the changes:\n%s", p, body)
		}
		line := body[i:]
		line = line[:strings.Index(line, "</li>")]
		if !strings.Contains(line, "#"+itoa(id)+" PO-77") || !strings.Contains(line, "2026-09-16") || !strings.Contains(line, "120.00 USD") ||
			!strings.Contains(line, "已删除") || strings.Contains(line, " on 20") || strings.Contains(line, "removed") || strings.Contains(line, "order #") {
			t.Errorf("%s: the line reads %q", p, line)
		}
	}
	// In English it reads as stored.
	_, body := mc.get(path("/customers/%d", w.acme))
	if !strings.Contains(body, "120.00 USD on 2026-09-16 → removed") {
		t.Errorf("in English:\n%s", body)
	}
}
