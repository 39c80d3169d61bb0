package cli

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"keepwarm/app"
	"keepwarm/internal/mailtest"
)

// teamDatabaseOpenRaw sets up the team's config and a database an outbox
// command made, all its migrations applied, and opens that database as
// another keepwarm would; it returns the config's path, its environment,
// the database's path and the raw connection.
func teamDatabaseOpenRaw(t *testing.T) (string, func(string) string, string, *sql.DB) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	config := writeConfig(t, srv, "")
	env := func(k string) string { return map[string]string{"TEAM_PW": "team-pw"}[k] }
	newCLI(t, config, map[string]string{"TEAM_PW": "team-pw"}).mustRun("outbox")
	dbPath := filepath.Join(filepath.Dir(config), "kw.db")
	raw, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return config, env, dbPath, raw
}

// A run restarted while a new build's cron tick or report applies the
// migrations (holding the lock as "migrating") waits for it, saying so, and
// starts once they are over, finding them applied: it does not fail at
// start-up for what ends by itself.
func TestRunWaitsForMigrationsUnderWay(t *testing.T) {
	config, env, dbPath, raw := teamDatabaseOpenRaw(t)
	const pending = "0267_backfill_settled_answered"
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = ?`, pending); err != nil {
		t.Fatal(err)
	}
	held, err := app.LockDispatchFor(dbPath, "migrating") // the other keepwarm, applying it
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()

	stderr := &mailtest.LockedBuffer{}
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, stderr, env)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- m.Run(ctx, []string{"--config", config, "run"}) }()
	defer func() {
		cancel()
		<-done
	}()
	waitFor(t, "the wait for the migrations", func() bool {
		select {
		case code := <-done:
			done <- code
			t.Fatalf("run exited %d beside migrations under way:\n%s", code, stderr.String())
		default:
		}
		return strings.Contains(stderr.String(), "waiting for the dispatch lock") && strings.Contains(stderr.String(), `"holder":"migrating"`)
	})
	// The other keepwarm finishes: the migration is recorded, the lock let go.
	if _, err := raw.Exec(`INSERT INTO schema_migrations(version, applied_at) VALUES (?, 0)`, pending); err != nil {
		t.Fatal(err)
	}
	held.Release()
	waitFor(t, "the start line", func() bool { return strings.Contains(stderr.String(), "keepwarm running") })
}

// A run that waited for another keepwarm holding the lock (applying
// migrations, or sending a digest) checks the database again once it has
// the lock: a newer keepwarm may have migrated it meanwhile, and this one
// must not start over data whose meaning it does not know.
func TestRunAfterTheWaitRefusesADatabaseANewerKeepwarmMigrated(t *testing.T) {
	for _, c := range []struct {
		name, holder string
		pending      bool // run waits in its own migrating (Open), not in lockForRun
	}{
		{"waiting to migrate", "migrating", true},
		{"waiting to dispatch", "digest", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			config, env, dbPath, raw := teamDatabaseOpenRaw(t)
			const pending = "0267_backfill_settled_answered"
			if c.pending {
				if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = ?`, pending); err != nil {
					t.Fatal(err)
				}
			}
			held, err := app.LockDispatchFor(dbPath, c.holder) // the newer keepwarm
			if err != nil {
				t.Fatal(err)
			}
			defer held.Release()

			stderr := &mailtest.LockedBuffer{}
			m := NewMain(strings.NewReader(""), &bytes.Buffer{}, stderr, env)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan int, 1)
			go func() { done <- m.Run(ctx, []string{"--config", config, "run"}) }()
			waitFor(t, "the wait for the lock", func() bool {
				select {
				case code := <-done:
					done <- code
					t.Fatalf("run exited %d before the lock was let go:\n%s", code, stderr.String())
				default:
				}
				return strings.Contains(stderr.String(), "waiting for the dispatch lock") && strings.Contains(stderr.String(), `"holder":"`+c.holder+`"`)
			})
			// The newer keepwarm migrates, and lets the lock go.
			if _, err := raw.Exec(`INSERT OR IGNORE INTO schema_migrations(version, applied_at) VALUES (?, 0), ('9999_future', 0)`, pending); err != nil {
				t.Fatal(err)
			}
			held.Release()
			var code int
			waitFor(t, "run to exit", func() bool {
				select {
				case code = <-done:
					return true
				default:
					return false
				}
			})
			if code == 0 || !strings.Contains(stderr.String(), "upgraded by a newer keepwarm") {
				t.Errorf("run exited %d:\n%s\nwant it refused, naming the newer keepwarm", code, stderr.String())
			}
			if strings.Contains(stderr.String(), "keepwarm running") {
				t.Errorf("run started on a database a newer keepwarm migrated:\n%s", stderr.String())
			}
		})
	}
}
