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

// TestNewBuildDoesNotMigrateUnderRunningSync: a keepwarm sync (a new
// mailbox's first sync, hours long) is still running when the new build
// is put in place: the new build applies none of its migrations under it,
// naming it, and applies them once it has finished. The sync itself runs
// beside run, as before.
func TestNewBuildDoesNotMigrateUnderRunningSync(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, "")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("outbox")
	dbPath := filepath.Join(filepath.Dir(path), "kw.db")

	run, err := app.LockDispatchFor(dbPath, "run")
	if err != nil {
		t.Fatal(err)
	}
	c.mustRun("sync") // beside run
	run.Release()

	sync, err := app.LockSync(dbPath) // a sync still running
	if err != nil {
		t.Fatal(err)
	}
	defer sync.Release()
	raw, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	const version = "0267_backfill_settled_answered"
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = ?`, version); err != nil {
		t.Fatal(err)
	}
	count := func() (n int) {
		raw.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n)
		return n
	}
	code, _, errs := c.run(context.Background(), "outbox")
	if code == 0 {
		t.Fatal("the new build migrated the database under a running sync")
	}
	for _, want := range []string{"keepwarm sync (process", version, "let it finish or stop it"} {
		if !strings.Contains(errs, want) {
			t.Errorf("refusal %q does not say %q", errs, want)
		}
	}
	if count() != 0 {
		t.Fatal("0267 applied though the command refused")
	}
	// Refused, it left the dispatch lock free: a run starts.
	if l, err := app.LockDispatchFor(dbPath, "run"); err != nil {
		t.Fatalf("the dispatch lock after the refusal: %v", err)
	} else {
		l.Release()
	}

	sync.Release()
	if code, _, errs := c.run(context.Background(), "outbox"); code != 0 || count() != 1 {
		t.Fatalf("after the sync finished: exit %d %s, 0267 recorded %d times", code, errs, count())
	}
}
