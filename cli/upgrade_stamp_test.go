package cli

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// TestUpgradeIsStampedWithTheClockNotNow: the first command after a new
// binary is put in place may look at last month (report --now); the
// migrations it applies are recorded as applied today, when the upgrade
// happened, not on the day it looks at: 0286 and 0374 tell by that date
// which clocks went past their target before the upgrade.
func TestUpgradeIsStampedWithTheClockNotNow(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	path := writeConfig(t, srv, "")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("outbox")
	raw, err := sql.Open("sqlite3", filepath.Join(filepath.Dir(path), "kw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	const version = "0267_backfill_settled_answered"
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = ?`, version); err != nil {
		t.Fatal(err)
	}
	before := time.Now()
	past := before.AddDate(0, 0, -30).UTC().Format(time.RFC3339)
	c.mustRun("--now", past, "report", "replies")
	var at int64
	if err := raw.QueryRow(`SELECT applied_at FROM schema_migrations WHERE version = ?`, version).Scan(&at); err != nil {
		t.Fatal(err)
	}
	if got := time.Unix(at, 0); got.Before(before.Add(-time.Second)) || got.After(time.Now().Add(time.Second)) {
		t.Errorf("%s recorded as applied at %s; the upgrade ran at %s (--now %s)", version, got, before, past)
	}
}
