package store

import (
	"context"
	"testing"
	"time"
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
