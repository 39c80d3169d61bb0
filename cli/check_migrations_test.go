package cli

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// TestCheckAppliesNoMigration: after a new binary is put in place, check
// says which migrations the next run applies and applies none (the old
// daemon may still be running on the database, and the README has check
// run before run starts again); the next command that opens the database
// for work applies them.
func TestCheckAppliesNoMigration(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	path := writeConfig(t, srv, "")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("outbox")
	file := filepath.Join(filepath.Dir(path), "kw.db")
	raw := asBefore0270(t, file)
	const pending = "0270_reply_clock_grade"
	applied := func() int {
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = ?`, pending).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	code, out, errs := c.run(context.Background(), "check")
	if !strings.Contains(out, "1 migration(s) to apply ("+pending+")") || !strings.Contains(out, "check applies none") {
		t.Errorf("check (exit %d) does not say what the next run applies:\n%s%s", code, out, errs)
	}
	if applied() != 0 {
		t.Fatal("check applied a migration")
	}
	c.mustRun("outbox")
	if applied() != 1 {
		t.Error("the next command did not apply the migration")
	}
	if _, out, _ := c.run(context.Background(), "check"); strings.Contains(out, "migration(s) to apply") {
		t.Errorf("check still reports migrations to apply after they were applied:\n%s", out)
	}
}

// TestCheckLeavesAKeptSignInAloneWhileMigrationsArePending: the old daemon
// may still run on the database a new binary's check looks at; a kept
// OAuth2 sign-in is neither read nor refreshed (a refresh rotates the token
// and writes it back) until the migrations are applied, so that mailbox's
// logins wait too, and check says so.
func TestCheckLeavesAKeptSignInAloneWhileMigrationsArePending(t *testing.T) {
	id, path := microsoftSignInLily(t)
	c := newCLI(t, path, map[string]string{store.SecretKeyEnv: "the-service-key-0123456789abcdef"})
	c.mustRun("--log-level", "error", "auth", "lily")
	asBefore0270(t, filepath.Join(filepath.Dir(path), "kw.db"))
	id.mu.Lock()
	issued := id.issued
	id.mu.Unlock()
	_, out, errs := c.run(context.Background(), "check")
	id.mu.Lock()
	defer id.mu.Unlock()
	if id.issued != issued || !strings.Contains(out, "skip  mailbox lily: stored OAuth2 token, IMAP and SMTP logins: ") {
		t.Fatalf("check refreshed the kept sign-in %d time(s):\n%s%s", id.issued-issued, out, errs)
	}
}

// TestCheckLeavesNotifysKeptSignInAloneWhileMigrationsArePending: the same
// for [notify]'s sign-in: its SMTP login waits for the migrations.
func TestCheckLeavesNotifysKeptSignInAloneWhileMigrationsArePending(t *testing.T) {
	id, hs, srv := newMSWorld(t, "keepwarm@acme-export.com", "lily@acme-export.com")
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSrv.RequireOAuth(id.accepts)
	keys := fmt.Sprintf(`password_env = "LILY_PW"
[notify]
provider = "microsoft365"
smtp_url = %q
username = "keepwarm@acme-export.com"
from = "keepwarm@acme-export.com"
oauth_client_id = "kw-app"
oauth_device_url = "%[2]s/devicecode"
oauth_token_url = "%[2]s/token"`, smtpSrv.URL().String(), hs.URL)
	c := newCLI(t, oneMailboxConfig(t, srv, keys), map[string]string{"LILY_PW": "lily-pw", store.SecretKeyEnv: "the-service-key-0123456789abcdef"})
	c.mustRun("--log-level", "error", "auth", "notify")
	asBefore0270(t, filepath.Join(filepath.Dir(c.config), "kw.db"))
	id.mu.Lock()
	issued := id.issued
	id.mu.Unlock()
	_, out, errs := c.run(context.Background(), "check")
	id.mu.Lock()
	defer id.mu.Unlock()
	if id.issued != issued || !strings.Contains(out, "skip  notify: SMTP login with the stored OAuth2 token: ") {
		t.Fatalf("check refreshed notify's kept sign-in %d time(s):\n%s%s", id.issued-issued, out, errs)
	}
}

// asBefore0270 makes the database at file one the build before 0270 left:
// the column 0270 adds dropped, and its record. The connection is closed
// with the test.
func asBefore0270(t *testing.T, file string) *sql.DB {
	t.Helper()
	raw, err := sql.Open("sqlite3", file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	for _, stmt := range []string{
		`DELETE FROM schema_migrations WHERE version = '0270_reply_clock_grade'`,
		`ALTER TABLE reply_clocks DROP COLUMN grade`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	return raw
}

// TestCheckReadsTheConfigAbsencesWhileMigrationsArePending: check run by a
// new binary before the old daemon stops (as the README's upgrade says)
// meets the absences' tables as the old build left them (away_returns
// without ended, before 0266): it lists the config's absences, says the
// desk's and the out-of-office replies' are read once the migrations are
// applied, and prints no SQL error.
func TestCheckReadsTheConfigAbsencesWhileMigrationsArePending(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	path := writeConfig(t, srv, `
[[salesperson]]
email = "tom@acme-export.com"
away = [{ from = "2020-01-01", until = "2099-12-31" }]
`)
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("outbox")
	raw, err := sql.Open("sqlite3", filepath.Join(filepath.Dir(path), "kw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{
		`DELETE FROM schema_migrations WHERE version = '0266_away_returns_ended'`,
		`ALTER TABLE away_returns DROP COLUMN ended`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	_, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if strings.Contains(out+errs, "no such") || strings.Contains(out, "warn  absences") {
		t.Errorf("check shows the old tables' error:\n%s%s", out, errs)
	}
	for _, want := range []string{"away  tom@acme-export.com is away (config) 2020-01-01 to 2099-12-31",
		"skip  absences from the desk and out-of-office replies: read once the database's migrations are applied"} {
		if !strings.Contains(out, want) {
			t.Errorf("check does not say %q:\n%s", want, out)
		}
	}
}

// TestCheckLooksAtNotifysKeptSignIn: [notify] on Microsoft 365 with a kept
// sign-in unused for 80 days: check says when Microsoft retires it (at
// 90), as it does for a mailbox's, before the SMTP login; with none kept it
// says so once.
func TestCheckLooksAtNotifysKeptSignIn(t *testing.T) {
	id, hs, srv := newMSWorld(t, "keepwarm@acme-export.com", "lily@acme-export.com")
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSrv.RequireOAuth(id.accepts)
	keys := fmt.Sprintf(`password_env = "LILY_PW"
[notify]
provider = "microsoft365"
smtp_url = %q
username = "keepwarm@acme-export.com"
from = "keepwarm@acme-export.com"
oauth_client_id = "kw-app"
oauth_device_url = "%[2]s/devicecode"
oauth_token_url = "%[2]s/token"`, smtpSrv.URL().String(), hs.URL)
	path := oneMailboxConfig(t, srv, keys)
	c := newCLI(t, path, map[string]string{"LILY_PW": "lily-pw", store.SecretKeyEnv: "the-service-key-0123456789abcdef"})
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(path), "kw.db"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	// No sign-in kept yet: one failure, naming [notify] as the config
	// does, and the SMTP login, which would fail on it again, skipped.
	_, out, _ := c.run(context.Background(), "--log-level", "error", "check")
	if n := strings.Count(out, "FAIL  "); n != 1 || !strings.Contains(out, "FAIL  notify: stored OAuth2 token: [notify] has no stored OAuth2 token: run `keepwarm auth notify`") ||
		strings.Contains(out, "mailbox notify") || !strings.Contains(out, "skip  notify: SMTP login as keepwarm@acme-export.com at ") {
		t.Fatalf("check of [notify] with no sign-in kept, %d failures:\n%s", n, out)
	}
	c.mustRun("--log-level", "error", "auth", "notify")
	_, out, _ = c.run(context.Background(), "--log-level", "error", "check")
	if !strings.Contains(out, "ok    notify: stored OAuth2 token (signed in ") {
		t.Fatalf("check does not report notify's kept sign-in:\n%s", out)
	}
	later := time.Now().AddDate(0, 0, 80).Format(time.RFC3339)
	_, out, _ = c.run(context.Background(), "--log-level", "error", "--now", later, "check")
	if !strings.Contains(out, "warn  notify: stored OAuth2 token (signed in ") || !strings.Contains(out, "stops working on") ||
		!strings.Contains(out, "keepwarm auth notify") {
		t.Fatalf("check 80 days on does not warn of notify's sign-in:\n%s", out)
	}
}
