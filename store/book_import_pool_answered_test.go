package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// A trade-fair lead imported to the pool (`--pool`, or an empty owner
// cell) who writes in and whom Lily answers without claiming first is
// Lily's from the next run ("answered from the pool"): Tom cannot claim a
// conversation under way. Tom's mail to her from before the import (a
// first sync after it) hands her to nobody.
func TestImportedPoolCustomerGoesToWhoAnswersIt(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]string
		opt  ImportOptions
	}{
		{"--pool", [][]string{{"Company", "Email"}, {"Anna GmbH", "anna@anna.de"}}, ImportOptions{Pool: true}},
		{"empty owner cell", [][]string{{"Company", "Email", "Owner"}, {"Anna GmbH", "anna@anna.de", ""}, {"Bert AG", "b@bert.de", "lily@t.com"}}, ImportOptions{}},
	} {
		db, ctx := openTest(t), context.Background()
		rules := book.DefaultRules()
		opt := AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, Rules: rules,
			MailboxOwners: map[string]string{"lily": "lily@t.com", "tom": "tom@t.com"}}
		importRows(t, db, t0, tc.rows, tc.opt)
		var id int64
		if err := db.r.Get(&id, `SELECT id FROM customers WHERE key = 'domain:anna.de'`); err != nil {
			t.Fatal(err)
		}
		reply := func(key, from, mailbox string, uid uint32, when time.Time) {
			t.Helper()
			out := mail(key, from, "re: inquiry", when)
			out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:anna.de"
			out.Contacts = []keepwarm.Address{{Email: "anna@anna.de"}}
			save(t, db, at(out, mailbox, "Sent", uid, when))
		}
		reply("old@tom", "tom@t.com", "tom", 1, t0.Add(-365*24*time.Hour))
		if as, err := db.AssignPool(ctx, t0.Add(time.Hour), opt); err != nil || len(as) != 0 {
			t.Errorf("%s: after Tom's old mail: %+v %v, want nobody handed Anna", tc.name, as, err)
		}
		t1 := t0.Add(24 * time.Hour)
		save(t, db, at(mail("in@anna", "anna@anna.de", "inquiry", t1), "team", "INBOX", 1, t1))
		reply("lily@x", "lily@t.com", "lily", 1, t1.Add(time.Hour))
		as, err := db.AssignPool(ctx, t1.Add(2*time.Hour), opt)
		if err != nil || len(as) != 1 || as[0].CustomerID != id || as[0].Salesperson != "lily@t.com" || as[0].Note != "answered from the pool" {
			t.Errorf("%s: %+v %v, want Anna assigned to lily@t.com, answered from the pool", tc.name, as, err)
		}
		if err := db.ClaimCustomer(ctx, id, "tom@t.com", t1.Add(3*time.Hour), rules); err == nil {
			t.Errorf("%s: Tom claimed the lead Lily is answering", tc.name)
		}
	}
}
