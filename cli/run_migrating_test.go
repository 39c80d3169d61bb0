package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// teamDatabaseOpenRaw sets up the team's config, with a [notify] sender,
// and a database an outbox command made, all its migrations applied, and
// opens that database as another keepwarm would; it returns the config's
// path, its environment, the database's path, the raw connection and the
// [notify] SMTP server.
func teamDatabaseOpenRaw(t *testing.T) (string, func(string) string, string, *sql.DB, *mailtest.SMTPServer) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	smtpSrv := mailtest.NewSMTPServer(t)
	config := writeConfig(t, srv, fmt.Sprintf(`
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
`, smtpSrv.URL().String(), mailtest.SMTPUser))
	vars := map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword}
	env := func(k string) string { return vars[k] }
	newCLI(t, config, vars).mustRun("outbox")
	dbPath := filepath.Join(filepath.Dir(config), "kw.db")
	raw, err := sql.Open("sqlite3", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return config, env, dbPath, raw, smtpSrv
}

// aCallLastWeek records a call to Hans made and closed 7 days before now,
// within the latest weekly summary's window, so that summary has something
// to report.
func aCallLastWeek(t *testing.T, dbPath string) {
	t.Helper()
	ctx, now := context.Background(), time.Now()
	db, err := store.Open(ctx, dbPath, now)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	at := now.AddDate(0, 0, -8)
	msg := inboundFrom("hello@globex.de", "hans@globex.de", "Hello", at)
	msg.Key = msg.MessageID
	in := keepwarm.Incoming{Message: msg, Copy: keepwarm.Copy{Mailbox: "lily", Folder: "INBOX", Role: keepwarm.RoleInbox, UIDValidity: 1, UID: 1, InternalDate: at}}
	if _, err := db.SaveBatch(ctx, keepwarm.FolderState{Mailbox: "lily", Folder: "INBOX", UIDValidity: 1, LastUID: 1, SyncedAt: at}, []keepwarm.Incoming{in}); err != nil {
		t.Fatal(err)
	}
	c, err := db.ResolveCustomer(ctx, "domain:globex.de")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddTask(ctx, keepwarm.Task{Key: "call:hans", CustomerID: c.ID, Owner: "lily@acme-export.com", Title: "Phone Hans Meier", DueAt: at, CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	tasks, err := db.ListTasks(ctx, false, "lily@acme-export.com")
	if err != nil || len(tasks) != 1 {
		t.Fatalf("tasks %+v: %v", tasks, err)
	}
	if err := db.DoneTask(ctx, tasks[0].ID, now.AddDate(0, 0, -7), "decides in March", keepwarm.QuietReason("pending")); err != nil {
		t.Fatal(err)
	}
}

// A run restarted while a new build's cron tick or report applies the
// migrations (holding the lock as "migrating") waits for it, saying so, and
// starts once they are over, finding them applied: it does not fail at
// start-up for what ends by itself.
func TestRunWaitsForMigrationsUnderWay(t *testing.T) {
	config, env, dbPath, raw, _ := teamDatabaseOpenRaw(t)
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

// A command that sends checks the database again once it has the dispatch
// lock: a newer keepwarm may have migrated it meanwhile (run waited for that
// keepwarm holding the lock, applying migrations or sending a digest; tick
// and digest --send met it between opening the database and taking the
// lock), and this one must not send over data whose meaning it does not know.
func TestDispatchAfterTheLockRefusesADatabaseANewerKeepwarmMigrated(t *testing.T) {
	for _, c := range []struct {
		name   string
		args   []string
		holder string // run waits for it; "" for a command migrated beside before it takes the lock
		// pending: run waits in its own migrating (Open), not in lockForRun
		pending bool
		started string // what the command says once it goes on
	}{
		{"run waiting to migrate", []string{"run"}, "migrating", true, "keepwarm running"},
		{"run waiting to dispatch", []string{"run"}, "digest", false, "keepwarm running"},
		{"tick", []string{"tick"}, "", false, "tick: "},
		{"summary --send", []string{"summary", "--send"}, "", false, "sent "},
	} {
		t.Run(c.name, func(t *testing.T) {
			config, env, dbPath, raw, smtpSrv := teamDatabaseOpenRaw(t)
			if c.args[0] == "summary" {
				aCallLastWeek(t, dbPath) // an empty week sends nothing
			}
			const pending = "0267_backfill_settled_answered"
			if c.pending {
				if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = ?`, pending); err != nil {
					t.Fatal(err)
				}
			}
			// The newer keepwarm migrates.
			migrate := func() {
				if _, err := raw.Exec(`INSERT OR IGNORE INTO schema_migrations(version, applied_at) VALUES (?, 0), ('9999_future', 0)`, pending); err != nil {
					t.Error(err)
				}
			}
			stdout, stderr := &mailtest.LockedBuffer{}, &mailtest.LockedBuffer{}
			m := NewMain(strings.NewReader(""), stdout, stderr, env)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan int, 1)
			if c.holder == "" {
				m.beforeDispatchLock = migrate
				done <- m.Run(ctx, append([]string{"--config", config}, c.args...))
			} else {
				held, err := app.LockDispatchFor(dbPath, c.holder) // the newer keepwarm
				if err != nil {
					t.Fatal(err)
				}
				defer held.Release()
				go func() { done <- m.Run(ctx, append([]string{"--config", config}, c.args...)) }()
				waitFor(t, "the wait for the lock", func() bool {
					select {
					case code := <-done:
						done <- code
						t.Fatalf("run exited %d before the lock was let go:\n%s", code, stderr.String())
					default:
					}
					return strings.Contains(stderr.String(), "waiting for the dispatch lock") && strings.Contains(stderr.String(), `"holder":"`+c.holder+`"`)
				})
				migrate()
				held.Release()
			}
			var code int
			waitFor(t, "the command to exit", func() bool {
				select {
				case code = <-done:
					return true
				default:
					return false
				}
			})
			if code == 0 || !strings.Contains(stderr.String(), "upgraded by a newer keepwarm") {
				t.Errorf("%s exited %d:\n%s%s\nwant it refused, naming the newer keepwarm", c.name, code, stdout.String(), stderr.String())
			}
			if out := stdout.String() + stderr.String(); strings.Contains(out, c.started) {
				t.Errorf("%s went on over a database a newer keepwarm migrated:\n%s", c.name, out)
			}
			if n := smtpSrv.MailCount(); n != 0 {
				t.Errorf("%s sent %d mail(s) from a database a newer keepwarm migrated", c.name, n)
			}
			// The lock is let go with the refusal.
			l, err := app.LockDispatchFor(dbPath, "run")
			if err != nil {
				t.Fatalf("after the refusal: %v", err)
			}
			l.Release()
		})
	}
}
