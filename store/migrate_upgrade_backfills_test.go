package store

import (
	"context"
	"testing"
	"time"

	"keepwarm"
)

// TestUpgradeFilesOldBreachesUnderTheOwnerThen: a database upgraded across
// 0275 had every clock filed under the customer's owner of that day. A
// breach from while Tom had the customer, handed to Ana later by hand, is
// filed under Tom again once 0286 reads the pool's history.
func TestUpgradeFilesOldBreachesUnderTheOwnerThen(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	const tom, ana = "tom@team.example", "ana@team.example"
	save(t, db, at(msg("late@acme"), "team", "INBOX", 1, t0))
	if _, err := db.w.ExecContext(ctx, `UPDATE customers SET owner = ? WHERE key = 'domain:acme.com'`, tom); err != nil {
		t.Fatal(err)
	}
	measure(t, db, t0.Add(58*time.Minute))
	handed := t0.Add(2 * time.Hour)
	rollBack(t, db,
		`UPDATE customers SET owner = 'ana@team.example' WHERE key = 'domain:acme.com'`,
		`INSERT INTO pool_events (customer_id, event, salesperson, previous, note, at)
		 SELECT id, 'owner', 'ana@team.example', 'tom@team.example', 'by hand', `+itoa(handed.Unix())+` FROM customers WHERE key = 'domain:acme.com'`)
	measure(t, db, t0.Add(3*time.Hour))
	if c := clockOf(t, db, "late@acme"); c.Owner != ana {
		t.Fatalf("owner %q after the hand-over; want %s", c.Owner, ana)
	}
	// As the database was before 0275: 0275 then gives today's owner, Ana.
	rollBack(t, db, `UPDATE reply_clocks SET report_owner = ''`,
		`ALTER TABLE reply_clocks DROP COLUMN report_owner`,
		`DELETE FROM schema_migrations WHERE version IN ('0275_reply_clock_report_owner', '0286_upgrade_backfills')`)
	path := db.path
	db.Close()
	db, err := Open(ctx, path, t0.Add(4*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0.Add(-24 * time.Hour), Until: t0.Add(24 * time.Hour), Now: t0.Add(4 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Breaches) != 1 || rep.Breaches[0].Owner != tom {
		t.Fatalf("breaches after the upgrade %+v; want the late mail under Tom, whose customer it was when it went past its target", rep.Breaches)
	}
}

// TestUpgradeFilesOldPoolBreachesUnderThePool: a breach from while the
// customer was in the pool, claimed by Ana later, had Ana as the one 0275
// filed it under, and 0286 kept that. Once upgraded it is filed under the
// one who answers the pool's mail of its mailbox, as a breach in the pool
// is filed since.
func TestUpgradeFilesOldPoolBreachesUnderThePool(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	const ana = "ana@team.example"
	save(t, db, at(msg("late@acme"), "team", "INBOX", 1, t0))
	rollBack(t, db, `INSERT INTO pool_events (customer_id, event, salesperson, note, at)
		 SELECT id, 'pooled', '', 'inquiry from an unknown sender', `+itoa(t0.Unix())+` FROM customers WHERE key = 'domain:acme.com'`)
	measure(t, db, t0.Add(58*time.Minute))
	claimed := t0.Add(2 * time.Hour)
	rollBack(t, db,
		`UPDATE customers SET owner = 'ana@team.example' WHERE key = 'domain:acme.com'`,
		`INSERT INTO pool_events (customer_id, event, salesperson, note, at)
		 SELECT id, 'claimed', 'ana@team.example', '', `+itoa(claimed.Unix())+` FROM customers WHERE key = 'domain:acme.com'`)
	measure(t, db, t0.Add(3*time.Hour))
	if c := clockOf(t, db, "late@acme"); c.Owner != ana {
		t.Fatalf("owner %q after the claim; want %s", c.Owner, ana)
	}
	// As the database was before 0275: 0275 then gives today's owner, Ana.
	rollBack(t, db, `UPDATE reply_clocks SET report_owner = ''`,
		`ALTER TABLE reply_clocks DROP COLUMN report_owner`, `DROP TABLE enrollment_signer_reads`,
		`DELETE FROM schema_migrations WHERE version IN ('0275_reply_clock_report_owner', '0286_upgrade_backfills', '0374_upgrade_backfills_signer_pool')`)
	path := db.path
	db.Close()
	upgraded := t0.Add(4 * time.Hour)
	db, err := Open(ctx, path, upgraded)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	measure(t, db, upgraded.Add(time.Minute))
	rep, err := db.ReplyReport(ctx, ReplyReportFilter{Since: t0.Add(-24 * time.Hour), Until: t0.Add(24 * time.Hour), Now: upgraded.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Breaches) != 1 || rep.Breaches[0].Owner != "owner-of-team" {
		t.Fatalf("breaches after the upgrade %+v; want the late mail under the pool's answerer, owner-of-team, not Ana, who claimed the customer after", rep.Breaches)
	}
}

// TestUpgradeKeepsANotLeftSaidBefore0276: before 0276, --not-left took the
// flag back and wrote its audit line only. After the upgrade the same
// autoresponder note again must not flag the contact anew.
func TestUpgradeKeepsANotLeftSaidBefore0276(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	left := func(key string, uid uint32, when time.Time) keepwarm.Incoming {
		m := msg(key)
		m.Kind, m.NewContact, m.Date = keepwarm.KindLeftCompany, "anna@acme.com", when
		return at(m, "team", "INBOX", uid, when)
	}
	save(t, db, left("left-1@acme.com", 1, t0))
	if _, err := db.ClearLeftCompany(ctx, "bob@acme.com", t0.Add(time.Hour), "boss@team.example"); err != nil {
		t.Fatal(err)
	}
	// As the command left it before 0276: the flag gone, the audit line
	// written, no decision on the contact.
	rollBack(t, db, `UPDATE contacts SET not_left_at = NULL, not_left_successor = ''`,
		`DELETE FROM schema_migrations WHERE version = '0286_upgrade_backfills'`)
	path := db.path
	db.Close()
	db, err := Open(ctx, path, t0.AddDate(0, 0, 2))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	save(t, db, left("left-2@acme.com", 2, t0.AddDate(0, 0, 3)))
	b, err := db.BlockedAddresses(ctx, []string{"bob@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 0 {
		t.Fatalf("the same note flagged him again after an upgrade: %v; want the \"has not left\" said before it kept", b)
	}
}
