package web_test

import (
	"fmt"
	"testing"
	"time"

	"keepwarm/book"
)

// A salesperson's 80/20 of revenue lists their customers among the team's
// biggest with the team's shares, as the manager's page gives them: Lily
// and her manager talk of the same figures.
func TestParetoReportSharesAreTheTeams(t *testing.T) {
	r, mgr, sales, _ := newConsole(t)
	monthOldOrders(t, r, sale{"marie@dupont.fr", 50000}, sale{"hans@buyer.de", 30000}, sale{"bob@acme.com", 20000})
	_, body := mgr.get("/reports/pareto")
	mustContain(t, "manager's 80/20", body, "<td>50.0%</td>", "<td>30.0%</td>")
	_, body = sales.get("/reports/pareto")
	mustContain(t, "Lily's 80/20", body, "<td>30.0%</td>", "Your customers among the team")
	mustLack(t, "Lily's 80/20", body, "<td>60.0%</td>", "<td>50.0%</td>")
	mustContain(t, "Lily's 80/20 in Chinese", sales.getZh(t, "/reports/pareto"), "团队合计贡献")
}

// Tom holds the team's big account: none of Lily's customers is among
// those bringing the team's first 80%. Her 80/20 is then her own, of her
// own revenue, and says so, instead of an empty table.
func TestParetoOfASalespersonWithoutTheTeamsBiggest(t *testing.T) {
	r, _, sales, _ := newConsole(t)
	monthOldOrders(t, r, sale{"marie@dupont.fr", 90000}, sale{"hans@buyer.de", 6000}, sale{"bob@acme.com", 4000})
	_, body := sales.get("/reports/pareto")
	mustContain(t, "Lily's 80/20", body, "None of your customers is among the team", "Meier GmbH", "<td>60.0%</td>", "<td>40.0%</td>")
	mustLack(t, "Lily's 80/20", body, "Nothing in this period.", "Dupont", "<td>90.0%</td>")
	mustContain(t, "Lily's 80/20 in Chinese", sales.getZh(t, "/reports/pareto"), "您的客户都不在")
}

// The customer page lists each order with the #id keepwarm orders remove
// takes: an order entered for the wrong customer can be removed without
// reading the database.
func TestCustomerPageNamesEachOrdersID(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	orders := []book.Order{{Row: 2, Customer: "bob@acme.com", Date: now0.AddDate(0, 0, -3), Cents: 700000, Currency: "USD", Ref: "1001"}}
	if rep, err := r.db.ImportOrders(r.ctx, now0, orders, ""); err != nil || rep.Added != 1 {
		t.Fatalf("orders: %+v %v", rep, err)
	}
	var id int64
	if err := r.raw.QueryRow(`SELECT id FROM orders WHERE ref = '1001'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	_, body := mgr.get(path("/customers/%d", r.acme))
	mustContain(t, "the customer's orders", body, fmt.Sprintf(`1001 <span class="muted">#%d</span>`, id))
}

// The manager's 80/20 names each customer's owner as every other report
// page does, by name, and a pooled customer's as the pool, in Chinese too
// (the CSV keeps the addresses).
func TestParetoNamesTheOwners(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	monthOldOrders(t, r, sale{"marie@dupont.fr", 40000}, sale{"ali@pooltrading.ae", 30000}, sale{"hans@buyer.de", 20000}, sale{"bob@acme.com", 10000})
	_, body := mgr.get("/reports/pareto")
	mustContain(t, "the manager's 80/20", body, "<td>Tom Wu</td>", "<td>Lily Chen</td>", "<td>(pool)</td>")
	mustLack(t, "the manager's 80/20", body, "<td>"+lily+"</td>", "<td>"+tom+"</td>")
	mustContain(t, "the manager's 80/20 in Chinese", mgr.getZh(t, "/reports/pareto"), "<td>（公海）</td>")
	_, csv := mgr.get("/reports/pareto?format=csv")
	mustContain(t, "the 80/20 CSV", csv, lily, tom)
}

// sale is one customer's order in monthOldOrders: address and cents.
type sale struct {
	customer string
	cents    int64
}

// monthOldOrders imports, as of now0, the sales as USD orders placed 30
// days before, in turn; the clock then moves an hour on.
func monthOldOrders(t *testing.T, r *consoleRig, sales ...sale) {
	t.Helper()
	day := now0.AddDate(0, 0, -30)
	var orders []book.Order
	for i, s := range sales {
		orders = append(orders, book.Order{Row: i + 2, Customer: s.customer, Date: day, Cents: s.cents, Currency: "USD", Ref: fmt.Sprintf("o-%d", i+1)})
	}
	if rep, err := r.db.ImportOrders(r.ctx, now0, orders, ""); err != nil || len(rep.Rejected) > 0 {
		t.Fatalf("orders: %+v %v", rep, err)
	}
	r.clock.Set(now0.Add(time.Hour))
}
