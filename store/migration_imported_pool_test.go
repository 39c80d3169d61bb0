package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
)

// A database from before imports wrote a pooled event: migration 0564
// gives the customers an import put in the pool one at the upgrade ("in
// the pool at the upgrade"), so the salesperson who answers one from then
// on has it, and mail from before the upgrade hands it to nobody; a
// customer with a pool history, or with an owner, gets none.
func TestUpgradeGivesImportedPoolCustomersTheirPooledEvent(t *testing.T) {
	ctx := context.Background()
	db, anna, later := upgradedPool(t)
	rules := book.DefaultRules()
	var events []struct {
		Customer int64  `db:"customer_id"`
		Note     string `db:"note"`
		At       int64  `db:"at"`
	}
	if err := db.r.Select(&events, `SELECT customer_id, note, at FROM pool_events WHERE event = 'pooled'`); err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 || events[0].Customer != anna || events[0].Note != "in the pool at the upgrade" || events[0].At != later.Unix() {
		t.Fatalf("pooled events after the upgrade %+v; want Anna's alone, in the pool at the upgrade, dated at it", events)
	}
	opt := AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, Rules: rules,
		MailboxOwners: map[string]string{"lily": "lily@t.com"}}
	lily := func(key string, uid uint32, when time.Time) {
		t.Helper()
		out := mail(key, "lily@t.com", "re: inquiry", when)
		out.Kind, out.CustomerKey = keepwarm.KindOutbound, "domain:anna.de"
		out.Contacts = []keepwarm.Address{{Email: "anna@anna.de"}}
		save(t, db, at(out, "lily", "Sent", uid, when))
	}
	// Anna wrote in and Lily answered, both before the upgrade.
	t1 := t0.Add(24 * time.Hour)
	save(t, db, at(mail("in@anna", "anna@anna.de", "inquiry", t1.Add(-time.Hour)), "team", "INBOX", 1, t1.Add(-time.Hour)))
	lily("lily@x", 1, t1)
	if as, err := db.AssignPool(ctx, later, opt); err != nil || len(as) != 0 {
		t.Fatalf("%+v %v, want nobody handed Anna for mail from before the upgrade", as, err)
	}
	// Tom's mail-merge to the prospect list reaches Anna after the upgrade,
	// before Lily's next mail: the inquiry Lily answered in April does not
	// make it his, nor does Lily's mail make her Lily's before Anna writes.
	opt.MailboxOwners["tom"] = "tom@t.com"
	merge := mail("merge@tom", "tom@t.com", "our new catalogue", later.Add(30*time.Minute))
	merge.Kind, merge.CustomerKey = keepwarm.KindOutbound, "domain:anna.de"
	merge.Contacts = []keepwarm.Address{{Email: "anna@anna.de"}}
	save(t, db, at(merge, "tom", "Sent", 1, later.Add(30*time.Minute)))
	lily("lily2@x", 2, later.Add(time.Hour))
	if as, err := db.AssignPool(ctx, later.Add(2*time.Hour), opt); err != nil || len(as) != 0 {
		t.Fatalf("%+v %v, want nobody handed Anna for mail after the upgrade she has not answered", as, err)
	}
	// Anna replies to Lily's mail: she is Lily's.
	reply := mail("in2@anna", "anna@anna.de", "re: inquiry", later.Add(3*time.Hour))
	reply.SubjectKey, reply.InReplyTo = "inquiry", []string{"lily2@x"}
	save(t, db, at(reply, "team", "INBOX", 2, later.Add(3*time.Hour)))
	as, err := db.AssignPool(ctx, later.Add(4*time.Hour), opt)
	if err != nil || len(as) != 1 || as[0].CustomerID != anna || as[0].Salesperson != "lily@t.com" {
		t.Fatalf("%+v %v, want Anna handed to Lily, whose mail after the upgrade she answered", as, err)
	}
}

// upgradedPool opens a database whose Anna (whose id it returns) an import put in the
// pool before imports wrote a pooled event, Bert imported with an owner
// and Carl claimed and released since, and reopens it at later, applying
// migration 0564.
func upgradedPool(t *testing.T) (db *DB, anna int64, later time.Time) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kw.db")
	db, err := Open(ctx, path, t0)
	if err != nil {
		t.Fatal(err)
	}
	importRows(t, db, t0, [][]string{{"Company", "Email", "Owner"},
		{"Anna GmbH", "anna@anna.de", ""}, {"Bert AG", "b@bert.de", "lily@t.com"}, {"Carl KG", "c@carl.de", ""}}, ImportOptions{})
	var carl int64
	if err := db.r.Get(&anna, `SELECT id FROM customers WHERE key = 'domain:anna.de'`); err != nil {
		t.Fatal(err)
	}
	if err := db.r.Get(&carl, `SELECT id FROM customers WHERE key = 'domain:carl.de'`); err != nil {
		t.Fatal(err)
	}
	// As before: no pooled event; Carl was claimed and released since.
	rollBack(t, db, `DELETE FROM pool_events WHERE event = 'pooled'`,
		`DELETE FROM schema_migrations WHERE version = '0564_imported_pool_events'`)
	rules := book.DefaultRules()
	if err := db.ClaimCustomer(ctx, carl, "tom@t.com", t0.Add(time.Hour), rules); err != nil {
		t.Fatal(err)
	}
	if err := db.ReleaseCustomer(ctx, carl, t0.Add(2*time.Hour), "tom@t.com"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	later = t0.Add(30 * 24 * time.Hour)
	db, err = Open(ctx, path, later)
	if err != nil {
		t.Fatalf("reopen applying 0564: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db, anna, later
}

// Anna wrote in and Lily answered in April, before the upgrade. After it,
// Anna replies to Lily's April mail, and Tom's mail-merge reaches her
// before Lily answers: Anna is Lily's, whose mail she replied to, not
// Tom's.
func TestUpgradedPoolCustomersReplyToMailFromBeforeTheUpgradeIsTheSenders(t *testing.T) {
	ctx := context.Background()
	db, anna, later := upgradedPool(t)
	opt := AssignOptions{Salespeople: []string{"lily@t.com", "tom@t.com"}, Rules: book.DefaultRules(),
		MailboxOwners: map[string]string{"lily": "lily@t.com", "tom": "tom@t.com"}}
	t1 := t0.Add(24 * time.Hour)
	save(t, db, at(mail("in@anna", "anna@anna.de", "inquiry", t1.Add(-time.Hour)), "team", "INBOX", 1, t1.Add(-time.Hour)))
	out := mail("lily@x", "lily@t.com", "re: inquiry", t1)
	out.Kind, out.CustomerKey, out.Contacts = keepwarm.KindOutbound, "domain:anna.de", []keepwarm.Address{{Email: "anna@anna.de"}}
	save(t, db, at(out, "lily", "Sent", 1, t1))
	reply := mail("in2@anna", "anna@anna.de", "re: inquiry", later.Add(time.Hour))
	reply.SubjectKey, reply.InReplyTo = "inquiry", []string{"lily@x"}
	save(t, db, at(reply, "team", "INBOX", 2, later.Add(time.Hour)))
	merge := mail("merge@tom", "tom@t.com", "our new catalogue", later.Add(90*time.Minute))
	merge.Kind, merge.CustomerKey, merge.Contacts = keepwarm.KindOutbound, "domain:anna.de", []keepwarm.Address{{Email: "anna@anna.de"}}
	save(t, db, at(merge, "tom", "Sent", 1, later.Add(90*time.Minute)))
	as, err := db.AssignPool(ctx, later.Add(2*time.Hour), opt)
	if err != nil || len(as) != 1 || as[0].CustomerID != anna || as[0].Salesperson != "lily@t.com" {
		t.Fatalf("%+v %v, want Anna handed to Lily, whose mail from before the upgrade she replied to after it", as, err)
	}
}
