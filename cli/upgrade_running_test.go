package cli

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/app"
	"keepwarm/internal/mailtest"
)

// TestNewBuildDoesNotMigrateUnderRunningDaemon: the operator installs a
// new build and runs a command (check, as the README says after a change)
// while the old keepwarm run still runs: the command refuses to apply its
// migrations, naming the daemon and them, and applies them once run is
// stopped. A command that has nothing to apply runs beside run as before.
func TestNewBuildDoesNotMigrateUnderRunningDaemon(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	path := writeConfig(t, srv, "")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("outbox")
	dbPath := filepath.Join(filepath.Dir(path), "kw.db")

	old, err := app.LockDispatchFor(dbPath, "run") // the old daemon
	if err != nil {
		t.Fatal(err)
	}
	defer old.Release()
	if code, _, errs := c.run(context.Background(), "outbox"); code != 0 {
		t.Fatalf("a command with nothing to migrate beside run: exit %d %s", code, errs)
	}

	// The database as the old build left it: the newest migration not applied.
	raw, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = '0267_backfill_settled_answered'`); err != nil {
		t.Fatal(err)
	}
	count := func() (n int) {
		raw.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = '0267_backfill_settled_answered'`).Scan(&n)
		return n
	}
	defer raw.Close()

	code, _, errs := c.run(context.Background(), "outbox")
	if code == 0 {
		t.Fatal("the new build migrated the database under the running daemon")
	}
	for _, want := range []string{"keepwarm run (process", "0267_backfill_settled_answered", "stop it"} {
		if !strings.Contains(errs, want) {
			t.Errorf("refusal %q does not say %q", errs, want)
		}
	}
	if count() != 0 {
		t.Error("0267 applied though the command refused")
	}

	old.Release()
	if code, _, errs := c.run(context.Background(), "outbox"); code != 0 || count() != 1 {
		t.Fatalf("after run stopped: exit %d %s, 0267 recorded %d times", code, errs, count())
	}
}

// TestMigrationsUnderWayAreWaitedFor: a command that meets another new
// keepwarm applying the migrations (it holds the lock while they run) is
// told to run again when that has finished, not to stop a process that
// ends by itself, and applies nothing meanwhile.
func TestMigrationsUnderWayAreWaitedFor(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	path := writeConfig(t, srv, "")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("outbox")
	dbPath := filepath.Join(filepath.Dir(path), "kw.db")
	raw, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = '0267_backfill_settled_answered'`); err != nil {
		t.Fatal(err)
	}
	other, err := app.LockDispatchFor(dbPath, "migrating")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Release()
	code, _, errs := c.run(context.Background(), "outbox")
	if code == 0 || strings.Contains(errs, "stop it") || !strings.Contains(errs, "applying the new migration(s)") || !strings.Contains(errs, "run this command again") {
		t.Errorf("a command meeting migrations under way: exit %d %s; want it told to run again once they are applied", code, errs)
	}
	var n int
	raw.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = '0267_backfill_settled_answered'`).Scan(&n)
	if n != 0 {
		t.Error("0267 applied while another keepwarm was applying the migrations")
	}
}
