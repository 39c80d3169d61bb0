package cli

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// TestBackupKeepsTheKeyFile: `keepwarm backup FILE` writes the database and
// its key file beside it, both readable by their owner only, so a restore
// keeps the OAuth2 sign-ins; it never overwrites a backup, and says to keep
// KEEPWARM_SECRET_KEY's value when the key comes from there.
func TestBackupKeepsTheKeyFile(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	path := writeConfig(t, srv, "")
	key := filepath.Join(filepath.Dir(path), "kw.db.key")
	if err := os.WriteFile(key, []byte("0123456789abcdef0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("outbox")
	dest := filepath.Join(t.TempDir(), "nightly.db")
	code, out, errs := c.run(context.Background(), "backup", dest)
	if code != 0 {
		t.Fatalf("backup: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "checked: ok") || !strings.Contains(out, dest+".key") {
		t.Errorf("backup says %q; want the check and where the key went", out)
	}
	for _, f := range []string{dest, dest + ".key"} {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatalf("no %s: %v", f, err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %04o; want 0600", f, st.Mode().Perm())
		}
	}
	if b, _ := os.ReadFile(dest + ".key"); string(b) != "0123456789abcdef0123456789abcdef\n" {
		t.Errorf("key copy %q", b)
	}
	if code, _, errs := c.run(context.Background(), "backup", dest); code == 0 || !strings.Contains(errs, "never overwrites") {
		t.Errorf("a second backup to the same file: exit %d %s; want it refused", code, errs)
	}
	// The key file alone left from an earlier backup: refused before the
	// database is written, so no backup goes without its key.
	other := filepath.Join(t.TempDir(), "other.db")
	os.WriteFile(other+".key", nil, 0o600)
	if code, _, _ := c.run(context.Background(), "backup", other); code == 0 {
		t.Error("a backup whose FILE.key exists went ahead")
	}
	if _, err := os.Stat(other); err == nil {
		t.Error("a refused backup wrote the database")
	}

	env := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "KEEPWARM_SECRET_KEY": "a long enough secret value"})
	dest2 := filepath.Join(t.TempDir(), "env.db")
	if code, out, errs := env.run(context.Background(), "backup", dest2); code != 0 || !strings.Contains(out, "KEEPWARM_SECRET_KEY: keep its value") {
		t.Errorf("backup with the key in the environment: exit %d %q %s", code, out, errs)
	}
	if _, err := os.Stat(dest2 + ".key"); err == nil {
		t.Error("a key file written while the key comes from KEEPWARM_SECRET_KEY")
	}
}

// TestBackupOfTheDatabaseAsItIs: the new binary backs up, before an
// upgrade, a database it would migrate, and applies nothing: the copy is
// the database the build being replaced opens (so the backup taken before
// the upgrade can be taken by the binary that has the command). With no
// database there is nothing to back up, and none is made.
func TestBackupOfTheDatabaseAsItIs(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	path := writeConfig(t, srv, "")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	dest := filepath.Join(t.TempDir(), "before-upgrade.db")
	if code, _, errs := c.run(context.Background(), "backup", dest); code == 0 || !strings.Contains(errs, "no database") {
		t.Errorf("backup with no database: exit %d %s; want nothing to back up", code, errs)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "kw.db")); err == nil {
		t.Error("backup created a database")
	}
	c.mustRun("outbox")
	raw, err := sql.Open("sqlite3", filepath.Join(filepath.Dir(path), "kw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	const pending = "0270_reply_clock_grade"
	if _, err := raw.Exec(`DELETE FROM schema_migrations WHERE version = ?`, pending); err != nil {
		t.Fatal(err)
	}
	code, out, errs := c.run(context.Background(), "backup", dest)
	if code != 0 || !strings.Contains(out, "checked: ok") {
		t.Fatalf("backup of a database this build would migrate: exit %d %q %s; want it backed up as it is", code, out, errs)
	}
	applied := func(file string) int {
		db, err := sql.Open("sqlite3", "file:"+file+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM schema_migrations WHERE version = ?`, pending).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if applied(dest) != 0 {
		t.Error("the backup records a migration the database did not have")
	}
	if applied(filepath.Join(filepath.Dir(path), "kw.db")) != 0 {
		t.Error("backup applied a migration")
	}
}

// TestBackupSaysWhenTheKeyIsElsewhere: a backup of a database that holds
// sealed OAuth2 sign-ins, taken where there is no key file and no
// KEEPWARM_SECRET_KEY (a cron line without the service's secrets.env),
// holds nothing that opens them: it keeps the copy but fails, naming the
// mailbox, the key file and the variable, and how to give the variable,
// so cron mails it and the line's pruning does not run. A sign-in only of
// a mailbox no longer configured is named and does not fail it. A
// KEEPWARM_SECRET_KEY of spaces only is none, as the store reads it: the
// key file is copied.
func TestBackupSaysWhenTheKeyIsElsewhere(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	path := writeConfig(t, srv, "")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("outbox")
	dest := filepath.Join(t.TempDir(), "nightly.db")
	if code, out, errs := c.run(context.Background(), "backup", dest); code != 0 || strings.Contains(out+errs, "KEEPWARM_SECRET_KEY") {
		t.Errorf("backup with no sign-ins: exit %d %q %s; want no word of a key", code, out, errs)
	}
	raw, err := sql.Open("sqlite3", filepath.Join(filepath.Dir(path), "kw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`INSERT INTO oauth_tokens (mailbox, provider, sealed, obtained_at, used_at) VALUES ('oldbox', 'microsoft', x'00', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	dest = filepath.Join(t.TempDir(), "nightly.db")
	code, out, errs := c.run(context.Background(), "backup", dest)
	if code != 0 || !strings.Contains(errs, "not checked: 1 sign-in(s) of mailboxes not in the configuration (oldbox)") {
		t.Errorf("backup of a sign-in of a mailbox gone, no key in sight: exit %d %q %s; want it named and the backup kept", code, out, errs)
	}
	if _, err := raw.Exec(`INSERT INTO oauth_tokens (mailbox, provider, sealed, obtained_at, used_at) VALUES ('team', 'microsoft', x'00', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	dest = filepath.Join(t.TempDir(), "nightly.db")
	code, out, errs = c.run(context.Background(), "backup", dest)
	keyFile := filepath.Join(filepath.Dir(path), "kw.db.key")
	// The line cron is told to run names the binary and the config by
	// their full paths: cron's PATH does not hold /usr/local/bin.
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	absConfig, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	if code == 0 || !strings.Contains(errs, "nothing kept with it opens its 1 mailbox sign-in(s) (team)") ||
		!strings.Contains(errs, "no key file "+keyFile+" and no KEEPWARM_SECRET_KEY") || !strings.Contains(errs, ". /etc/keepwarm/secrets.env") ||
		!strings.Contains(errs, "exec "+exe+" --config "+absConfig+" backup FILE'") {
		t.Errorf("backup of sealed sign-ins with no key in sight: exit %d %q %s; want it to fail, naming the key and how to give it", code, out, errs)
	}
	if _, err := os.Stat(dest); err != nil {
		t.Errorf("the failed backup did not keep the database's copy: %v", err)
	}
	if _, err := raw.Exec(`DELETE FROM oauth_tokens WHERE mailbox = 'oldbox'`); err != nil {
		t.Fatal(err)
	}

	key := filepath.Join(filepath.Dir(path), "kw.db.key")
	if err := os.WriteFile(key, []byte("0123456789abcdef0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The sign-in sealed with that key file (backup checks that it opens).
	if _, err := raw.Exec(`DELETE FROM oauth_tokens`); err != nil {
		t.Fatal(err)
	}
	fileKey, err := store.LoadSecretKey(func(string) string { return "" }, key, false)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), filepath.Join(filepath.Dir(path), "kw.db"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	err = db.SaveOAuthToken(context.Background(), fileKey, store.OAuthToken{Mailbox: "team", Provider: "microsoft365", RefreshToken: "rt-team", ObtainedAt: time.Now(), UsedAt: time.Now()})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	blank := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "KEEPWARM_SECRET_KEY": "   "})
	dest = filepath.Join(t.TempDir(), "blank.db")
	if code, out, errs := blank.run(context.Background(), "backup", dest); code != 0 || strings.Contains(out, "keep its value") {
		t.Errorf("backup with a KEEPWARM_SECRET_KEY of spaces: exit %d %q %s; want the key file copied", code, out, errs)
	}
	if _, err := os.Stat(dest + ".key"); err != nil {
		t.Errorf("the key file the store uses was not copied: %v", err)
	}
}

// teamDatabaseWithKeyFile sets up the team's config and the database an
// outbox command made, and writes key beside it as its key file; it returns
// the keepwarm of that config, the database's path and the key file's.
func teamDatabaseWithKeyFile(t *testing.T, key string) (*cli, string, string) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	path := writeConfig(t, srv, "")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("outbox")
	dbPath := filepath.Join(filepath.Dir(path), "kw.db")
	keyPath := dbPath + ".key"
	if err := os.WriteFile(keyPath, []byte(key), 0o600); err != nil {
		t.Fatal(err)
	}
	return c, dbPath, keyPath
}

// TestBackupChecksTheKeyFileOpensTheSignIns: a key file left by an earlier
// `keepwarm auth` run without the service's KEEPWARM_SECRET_KEY is not the
// key the sign-ins are sealed with. A backup run without that variable (the
// README's cron line) copies it, but must not say the sign-ins open with it:
// it fails, naming the mailboxes and the variable, so cron mails it. With
// the key that sealed them, it says it checked.
func TestBackupChecksTheKeyFileOpensTheSignIns(t *testing.T) {
	c, dbPath, keyPath := teamDatabaseWithKeyFile(t, "a key file from another day 0123\n")
	seal := func(env map[string]string) {
		t.Helper()
		key, err := store.LoadSecretKey(func(k string) string { return env[k] }, keyPath, false)
		if err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(context.Background(), dbPath, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.SaveOAuthToken(context.Background(), key, store.OAuthToken{Mailbox: "lily", Provider: "microsoft365", RefreshToken: "rt-lily", ObtainedAt: time.Now(), UsedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}

	seal(map[string]string{store.SecretKeyEnv: "the-service-key-0123456789abcdef"})
	dest := filepath.Join(t.TempDir(), "nightly.db")
	code, out, errs := c.run(context.Background(), "backup", dest)
	if code == 0 || !strings.Contains(errs, "1 mailbox sign-in(s) in it (lily) do not open with "+dest+".key") ||
		!strings.Contains(errs, "KEEPWARM_SECRET_KEY") || strings.Contains(out, "open with that key alone") {
		t.Errorf("backup with a key file that opens no sign-in: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}

	seal(nil) // sealed with the key file, as `keepwarm auth` does without the variable
	dest = filepath.Join(t.TempDir(), "nightly.db")
	if code, out, errs := c.run(context.Background(), "backup", dest); code != 0 || !strings.Contains(out, "open with that key alone (checked)") {
		t.Errorf("backup with the key file that sealed the sign-ins: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// TestBackupNamesSignInsOfMailboxesGone: after a restore without the key
// file and `keepwarm auth` for each configured mailbox, a sign-in of a
// mailbox since taken out of the configuration stays sealed with the lost
// key. Nothing uses it and nothing can reseal it: backup names it as not
// checked and succeeds, so the cron line's pruning goes on.
func TestBackupNamesSignInsOfMailboxesGone(t *testing.T) {
	c, dbPath, keyPath := teamDatabaseWithKeyFile(t, "the key file of this install 0123\n")
	db, err := store.Open(context.Background(), dbPath, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for mailbox, env := range map[string]map[string]string{"lily": nil, "oldbox": {store.SecretKeyEnv: "the lost key of before 0123456789"}} {
		key, err := store.LoadSecretKey(func(k string) string { return env[k] }, keyPath, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SaveOAuthToken(context.Background(), key, store.OAuthToken{Mailbox: mailbox, Provider: "microsoft365", RefreshToken: "rt-" + mailbox, ObtainedAt: time.Now(), UsedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	dest := filepath.Join(t.TempDir(), "nightly.db")
	code, out, errs := c.run(context.Background(), "backup", dest)
	if code != 0 || !strings.Contains(out, "sign-ins of the configured mailboxes in the backup open with that key alone (checked)") ||
		!strings.Contains(errs, "not checked: 1 sign-in(s) of mailboxes not in the configuration (oldbox)") || strings.Contains(errs, "lily") {
		t.Errorf("backup with a stale sign-in of a mailbox gone: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}

	// The configured mailbox's sign-in is not dropped; the stale one is,
	// and the next backup has nothing to name.
	if code, out, errs := c.run(context.Background(), "auth", "--forget", "lily"); code == 0 || !strings.Contains(errs, "mailbox lily is in the config") {
		t.Errorf("auth --forget of a configured mailbox: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if out := c.mustRun("auth", "--forget", "oldbox"); !strings.Contains(out, "dropped the stored sign-in of mailbox oldbox") {
		t.Errorf("auth --forget oldbox said: %s", out)
	}
	if code, out, errs := c.run(context.Background(), "auth", "--forget", "oldbox"); code == 0 || !strings.Contains(errs, "no sign-in of mailbox oldbox") {
		t.Errorf("auth --forget twice: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	dest = filepath.Join(t.TempDir(), "nightly.db")
	if code, out, errs := c.run(context.Background(), "backup", dest); code != 0 || strings.Contains(errs, "not checked") ||
		!strings.Contains(out, "the OAuth2 sign-ins in the backup open with that key alone (checked)") {
		t.Errorf("backup after auth --forget: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// TestBackupChecksTheEnvKeyOpensTheSignIns: a backup run with
// KEEPWARM_SECRET_KEY set opens each sign-in in the copy with that value,
// as a restore would. A cron line holding another or stale value than the
// service's, or sign-ins sealed with the key file by a `keepwarm auth` run
// without the variable, fail it, naming the mailboxes, so cron mails it;
// with the value that sealed them it says it checked.
func TestBackupChecksTheEnvKeyOpensTheSignIns(t *testing.T) {
	c, dbPath, keyPath := teamDatabaseWithKeyFile(t, "the key file of this install 0123\n")
	const service = "the-service-key-0123456789abcdef"
	seal := func(env map[string]string) {
		t.Helper()
		key, err := store.LoadSecretKey(func(k string) string { return env[k] }, keyPath, false)
		if err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(context.Background(), dbPath, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.SaveOAuthToken(context.Background(), key, store.OAuthToken{Mailbox: "lily", Provider: "microsoft365", RefreshToken: "rt-lily", ObtainedAt: time.Now(), UsedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	backup := func(value string) (int, string, string) {
		t.Helper()
		env := newCLI(t, c.config, map[string]string{"TEAM_PW": "team-pw", store.SecretKeyEnv: value})
		return env.run(context.Background(), "backup", filepath.Join(t.TempDir(), "nightly.db"))
	}

	seal(map[string]string{store.SecretKeyEnv: service})
	code, out, errs := backup("the cron's stale value 0123456789")
	if code == 0 || !strings.Contains(errs, "1 mailbox sign-in(s) in it (lily) do not open with KEEPWARM_SECRET_KEY") || strings.Contains(out, "open with its value") {
		t.Errorf("backup with another KEEPWARM_SECRET_KEY than the one that sealed the sign-ins: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if code, out, errs := backup(service); code != 0 || !strings.Contains(out, "KEEPWARM_SECRET_KEY: keep its value") || !strings.Contains(out, "(checked: they open with its value here)") {
		t.Errorf("backup with the KEEPWARM_SECRET_KEY that sealed the sign-ins: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}

	seal(nil) // sealed with the key file, as `keepwarm auth` does without the variable
	code, out, errs = backup(service)
	if code == 0 || !strings.Contains(errs, "(lily) do not open with KEEPWARM_SECRET_KEY") || !strings.Contains(errs, keyPath) {
		t.Errorf("backup with KEEPWARM_SECRET_KEY of sign-ins sealed with the key file: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// TestBackupOverAnEmptyKeyFileNamesTheLiveOne: the live key file left
// empty by a crash is named, with its fix, where a backup would otherwise
// blame its own copy (whose removal fixes nothing); no copy of it is left
// beside the backup.
func TestBackupOverAnEmptyKeyFileNamesTheLiveOne(t *testing.T) {
	c, _, keyPath := teamDatabaseWithKeyFile(t, "")
	dest := filepath.Join(t.TempDir(), "nightly.db")
	code, _, errs := c.run(context.Background(), "backup", dest)
	if code == 0 || !strings.Contains(errs, "the key file "+keyPath+" holds no usable key") || !strings.Contains(errs, "--new-key") ||
		strings.Contains(errs, dest+".key") {
		t.Fatalf("backup: exit %d: %s; want the live key file %s named with its fix", code, errs, keyPath)
	}
	if _, err := os.Lstat(dest + ".key"); !os.IsNotExist(err) {
		t.Fatalf("%s: %v; want no copy of the empty key file", dest+".key", err)
	}
	if _, err := os.Stat(dest); err != nil {
		t.Fatalf("the database's backup: %v", err)
	}
}
