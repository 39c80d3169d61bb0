package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// reopen closes db and opens its file again at now, as the next build
// does.
func reopen(t *testing.T, db *DB, now time.Time) *DB {
	t.Helper()
	path := db.path
	db.Close()
	db, err := Open(context.Background(), path, now)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestMigrationAfterFirst0352: for 26 minutes of 6 December 2026 0352 made
// fetch_refusals without stored_through. A database that ran it has 0352
// recorded and the table without the column, which every sync pass reads
// and writes: once upgraded, the refusals of a pass are kept and read
// back.
func TestMigrationAfterFirst0352(t *testing.T) {
	db := openTest(t)
	ctx := context.Background()
	rollBack(t, db, `DROP TABLE fetch_refusals`,
		`CREATE TABLE fetch_refusals (
		    mailbox TEXT NOT NULL, folder TEXT NOT NULL, uid_validity INTEGER NOT NULL,
		    uid INTEGER NOT NULL, tries INTEGER NOT NULL, first_refused INTEGER NOT NULL,
		    PRIMARY KEY (mailbox, folder, uid_validity, uid))`,
		`INSERT INTO fetch_refusals VALUES ('team', 'INBOX', 7, 12, 1, `+itoa(t0.Unix())+`)`,
		`DELETE FROM schema_migrations WHERE version = '0436_repair_first_forms'`)
	db = reopen(t, db, t0.Add(time.Hour))
	refused := keepwarm.FetchRefusal{Folder: "INBOX", UIDValidity: 7, UID: 12, Tries: 1, First: t0.Add(time.Hour), StoredThrough: 15}
	if err := db.UpdateFetchRefusals(ctx, "team", []keepwarm.FetchRefusal{refused}, nil, nil); err != nil {
		t.Fatalf("a sync pass's refusal after the upgrade: %v", err)
	}
	got, err := db.FetchRefusals(ctx, "team")
	if err != nil {
		t.Fatalf("a sync pass's read of the refusals after the upgrade: %v", err)
	}
	if len(got) != 1 || got[0].UID != 12 || got[0].StoredThrough != 15 {
		t.Fatalf("refusals %+v; want UID 12 stored through 15", got)
	}
}

// firstTrigger is 0332's trigger as it was first shipped (03:48 to 05:19
// on 6 December 2026): a customer back in the pool left its clocks with
// an empty report owner.
const firstTrigger = `CREATE TRIGGER reply_report_owner_at_handover
AFTER INSERT ON pool_events
WHEN NEW.event IN ('assigned', 'claimed', 'owner', 'released', 'returned')
BEGIN
    UPDATE reply_clocks
    SET report_owner = CASE WHEN NEW.event IN ('released', 'returned') THEN '' ELSE NEW.salesperson END
    WHERE customer_id = NEW.customer_id AND replied_at IS NULL AND waived_at IS NULL
      AND started_at + target_seconds >= NEW.at;
END`

// releasedOwner releases acme's customer, whose mail of t0 waits for an
// answer within its target, and returns the report owner of its clock.
func releasedOwner(t *testing.T, db *DB) string {
	t.Helper()
	measure(t, db, t0.Add(5*time.Minute))
	rollBack(t, db, `INSERT INTO pool_events (customer_id, event, salesperson, note, at)
		 SELECT id, 'released', 'tom@team.example', '', `+itoa(t0.Add(10*time.Minute).Unix())+` FROM customers WHERE key = 'domain:acme.com'`)
	var owner string
	if err := db.r.Get(&owner, `SELECT report_owner FROM reply_clocks WHERE message_id = (SELECT id FROM messages WHERE key = 'late@acme')`); err != nil {
		t.Fatal(err)
	}
	return owner
}

// TestMigrationAfterFirst0332: a database that ran 0332's first form keeps
// its trigger, which filed a clock gone back to the pool under nobody, and
// the next measurement under whoever claimed the customer after. Once
// upgraded, the trigger marks it 'pool:'.
func TestMigrationAfterFirst0332(t *testing.T) {
	db := openTest(t)
	save(t, db, at(msg("late@acme"), "team", "INBOX", 1, t0))
	rollBack(t, db, `DROP TRIGGER reply_report_owner_at_handover`, firstTrigger,
		`DELETE FROM schema_migrations WHERE version = '0436_repair_first_forms'`)
	db = reopen(t, db, t0.Add(5*time.Minute))
	if owner := releasedOwner(t, db); owner != "pool:" {
		t.Fatalf("report owner %q of a clock whose customer was released within its target; want pool:", owner)
	}
}

// TestMigrationAfter0354: 0354_reply_report_owner_pool shipped for half an
// hour of 6 December 2026 and was then folded into 0332. A database that
// ran it opens (no "newer keepwarm"), with the trigger that marks 'pool:'.
func TestMigrationAfter0354(t *testing.T) {
	db := openTest(t)
	save(t, db, at(msg("late@acme"), "team", "INBOX", 1, t0))
	rollBack(t, db, `DROP TRIGGER reply_report_owner_at_handover`, firstTrigger,
		`DELETE FROM schema_migrations WHERE version = '0436_repair_first_forms'`,
		`INSERT INTO schema_migrations(version, applied_at) VALUES ('0354_reply_report_owner_pool', 0)`)
	path := db.path
	db.Close()
	db, err := Open(context.Background(), path, t0.Add(5*time.Minute))
	if err != nil {
		if strings.Contains(err.Error(), "newer keepwarm") {
			t.Fatalf("a database that ran 0354 is refused, and no build knows 0354: %v", err)
		}
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if owner := releasedOwner(t, db); owner != "pool:" {
		t.Fatalf("report owner %q of a clock whose customer was released within its target; want pool:", owner)
	}
}
