package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A customer's page shows its own reply figures: the same as the report
// grouped by customer has for it, read from that customer's clocks alone
// (through reply_clocks_customer), however many clocks the rest of the
// team has.
func TestCustomerRepliesAreTheReportsGroup(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	uid := uint32(0)
	for c, dom := range []string{"acme.com", "beta.de", "gamma.fr"} {
		for i := 1; i <= 3+2*c; i++ {
			uid++
			q := msg(fmt.Sprintf("q%d-%d@%s", c, i, dom))
			q.From = keepwarm.Address{Email: "buyer@" + dom}
			q.Contacts = []keepwarm.Address{q.From}
			q.CustomerKey = "domain:" + dom
			q.Subject, q.SubjectKey = fmt.Sprintf("Order %d-%d", c, i), fmt.Sprintf("order %d-%d", c, i)
			start := t0.Add(time.Duration(uid) * time.Hour)
			save(t, db, at(q, "team", "INBOX", uid, start))
			if i%3 == 0 {
				continue // unanswered
			}
			a := lilyAnswer(fmt.Sprintf("r%d-%d@team", c, i), q.Key)
			a.To, a.CustomerKey, a.Contacts = []keepwarm.Address{q.From}, q.CustomerKey, []keepwarm.Address{q.From}
			save(t, db, at(a, "lily", "Sent", uid, start.Add(time.Duration(i*4)*time.Minute)))
		}
	}
	now := t0.Add(30 * time.Hour)
	measure(t, db, now)
	rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0, Until: now, Now: now, By: ByCustomer})
	if err != nil || len(rep.Groups) != 3 {
		t.Fatalf("report: %+v %v", rep.Groups, err)
	}
	for _, g := range rep.Groups {
		var id int64
		if err := db.r.GetContext(ctx, &id, `SELECT id FROM customers WHERE key = ?`, g.Key); err != nil {
			t.Fatal(err)
		}
		got, err := db.CustomerReplies(ctx, id, t0, now, now)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, g) {
			t.Errorf("%s: the customer's figures %+v, the report's %+v", g.Key, got, g)
		}
	}
	if got, err := db.CustomerReplies(ctx, 9999, t0, now, now); err != nil || got.Count != 0 {
		t.Fatalf("a customer with no clocks: %+v %v", got, err)
	}
	plan, err := explain(db, queries["replies-report-rows-customer"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plan, "USING INDEX reply_clocks_customer") || strings.Contains(plan, "SCAN rc") {
		t.Fatalf("the customer's figures do not read through its clocks alone:\n%s", plan)
	}
}
