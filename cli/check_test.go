package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// TestCheckTestsNotifyAndCreatesNoDatabase: check logs in to [notify]'s
// SMTP server too (and says so when the login fails), names the starter
// file's placeholders still in the config, warns about plain text to
// another host, and leaves no database behind.
func TestCheckTestsNotifyAndCreatesNoDatabase(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	smtpSrv := mailtest.NewSMTPServer(t)
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	notify := fmt.Sprintf(`
[[salesperson]]
email = "tom@example-export.com"
away = [{ from = "2020-01-01", until = "2099-12-31" }]
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
`, smtpSrv.URL().String(), mailtest.SMTPUser)
	path := writeConfig(t, srv, notify)
	db := filepath.Join(filepath.Dir(path), "kw.db")

	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": "wrong"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  notify: SMTP login as "+mailtest.SMTPUser) {
		t.Fatalf("check with a wrong notify password: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "warn  the starter config's made-up values (example-export.com)") || !strings.Contains(out, `salesperson "tom@example-export.com".email`) {
		t.Errorf("check does not name the placeholder left:\n%s", out)
	}
	if !strings.Contains(out, "kw.db does not exist yet") {
		t.Errorf("check does not say the database is not there:\n%s", out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("check created the database: %v", err)
	}

	c = newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword})
	code, out, _ = c.run(context.Background(), "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "ok    notify: SMTP login as "+mailtest.SMTPUser) {
		t.Fatalf("check with the right notify password: exit %d\n%s", code, out)
	}
	if !strings.Contains(out, "away  tom@example-export.com is away (config) 2020-01-01 to 2099-12-31 (") {
		t.Errorf("check does not show the absence:\n%s", out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("check created the database: %v", err)
	}
}

// check says when keepwarm cannot write the database (a failure: run and
// sync cannot start) or a directory the console saves into (a warning).
func TestCheckSaysWhatCannotBeWritten(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, "\n[sequences]\ndir = \"blocker/sequences\"\n")
	dir := filepath.Dir(path)
	// A file where a directory should be: no user, root included, can write under it.
	if err := os.WriteFile(filepath.Join(dir, "blocker"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	body, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte(strings.Replace(string(body), `database = "kw.db"`, `database = "blocker/kw.db"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  database "+filepath.Join(dir, "blocker", "kw.db")) ||
		!strings.Contains(out, "run and sync cannot start") || !strings.Contains(out, `database = "/var/lib/keepwarm/keepwarm.db"`) {
		t.Fatalf("check with a database it cannot write: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "warn  sequences.dir "+filepath.Join(dir, "blocker", "sequences")) || !strings.Contains(out, "console cannot save sequences") {
		t.Errorf("check does not warn about a sequences dir it cannot write:\n%s", out)
	}

	path = writeConfig(t, srv, "")
	code, out, _ = newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"}).run(context.Background(), "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "ok    database "+filepath.Join(filepath.Dir(path), "kw.db")) {
		t.Fatalf("check with a writable database: exit %d\n%s", code, out)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("check left files behind: %v", entries)
	}
}

// A database keepwarm cannot create stops sync (and run) with what to set.
func TestSyncSaysWhatToDoWithAnUnwritableDatabase(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, "")
	dir := filepath.Dir(path)
	if err := os.WriteFile(filepath.Join(dir, "blocker"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	body, _ := os.ReadFile(path)
	if err := os.WriteFile(path, []byte(strings.Replace(string(body), `database = "kw.db"`, `database = "blocker/kw.db"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"}).run(context.Background(), "--log-level", "error", "sync")
	if code != 1 || !strings.Contains(errs, `set database to a path in a directory it may write, e.g. database = "/var/lib/keepwarm/keepwarm.db"`) ||
		!strings.Contains(errs, "relative to the config file's directory, "+dir) {
		t.Fatalf("sync with a database it cannot create: exit %d\n%s", code, errs)
	}
}

// TestCheckFailsOnBrokenSequences: a misspelt [sequences] default turns
// every follow-up off in the daemon, so check fails and names the key.
// checkBookDay is the day checkTeamWithBook imports its book.
var checkBookDay = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// checkTeamWithBook is the team of check's tests, sales@ and Lily on an
// in-process IMAP server, whose database holds the book rows, imported as
// Lily's customers on checkBookDay. It returns the config's path and the
// database, still open: the caller closes it before running keepwarm.
func checkTeamWithBook(t *testing.T, rows [][]string) (string, *store.DB) {
	t.Helper()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, "")
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(filepath.Dir(path), "kw.db"), checkBookDay)
	if err != nil {
		t.Fatal(err)
	}
	sheet, err := book.Parse(rows, book.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportBook(ctx, checkBookDay, sheet, store.ImportOptions{Owner: "lily@acme-export.com"}); err != nil {
		t.Fatal(err)
	}
	return path, db
}

func TestCheckFailsOnBrokenSequences(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, "\n[sequences]\ndefault = \"nope\"\n")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  sequences") || !strings.Contains(out, "sequences.default") ||
		!strings.Contains(out, "keepwarm sequences check") {
		t.Fatalf("check with an unknown default sequence: exit %d\n%s\n%s", code, out, errs)
	}

	path = writeConfig(t, srv, "")
	c = newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	if code, out, _ := c.run(context.Background(), "--log-level", "error", "check"); code != 0 || !strings.Contains(out, "ok    sequences: ") {
		t.Fatalf("check with the built-in sequences: exit %d\n%s", code, out)
	}
}

// A Taipei customer added while the book still wrote Taiwan's Chinese as
// "zh" is named by check, with the command that makes it Traditional. A
// Hong Kong customer set to Simplified by name (--lang zh-Hans: its staff
// write Simplified) is not named, until its language is set otherwise.
func TestCheckNamesTaiwanCustomersInSimplified(t *testing.T) {
	ctx := context.Background()
	path, db := checkTeamWithBook(t, [][]string{{"Company", "Email", "Country", "Language"},
		{"Taipei LED", "chen@taipei-led.tw", "TW", "Chinese"}, {"SH LED", "wang@sh-led.cn", "CN", "Chinese"}, {"HK LED", "lee@hk-led.hk", "HK", "zh-HK"},
		{"Kowloon Trading", "ho@kowloon-trading.hk", "HK", "Chinese"}})
	db.Close()
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs := c.run(ctx, "--log-level", "error", "check")
	if code != 0 || !strings.Contains(out, "warn  2 customer(s) in Taiwan, Hong Kong or Macao are written to in Simplified Chinese") ||
		!strings.Contains(out, "domain:taipei-led.tw") || !strings.Contains(out, "domain:kowloon-trading.hk") ||
		strings.Contains(out, "sh-led") || strings.Contains(out, "hk-led") || !strings.Contains(out, "--lang zh-TW") || !strings.Contains(out, "--lang zh-Hans") {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errs)
	}
	for _, step := range []struct {
		lang  string
		named bool
	}{{"zh-Hans", false}, {"zh", true}, {"Simplified Chinese", false}, {"zh-TW", false}, {"Chinese", true}, {"zh_CN", false}} {
		c.mustRun("customers", "set", "kowloon-trading.hk", "--lang", step.lang)
		code, out, errs = c.run(ctx, "--log-level", "error", "check")
		if code != 0 || !strings.Contains(out, "domain:taipei-led.tw") || strings.Contains(out, "kowloon-trading") != step.named {
			t.Fatalf("check after --lang %s (named: %v): exit %d\n%s\n%s", step.lang, step.named, code, out, errs)
		}
	}
	// The language stays Simplified Chinese for every reader of it.
	if out := c.mustRun("customers", "show", "kowloon-trading.hk"); !strings.Contains(out, "zh") || strings.Contains(out, "zh-hant") {
		t.Fatalf("show: %s", out)
	}
}

// TestCheckNamesTaiwanCustomersInSimplifiedAtTheUpgrade: the README has
// check run after the new binary is put in place, while the migrations it
// brings are still to apply; the Taiwan customers still written to in
// Simplified are named then too, not only once the next run has applied
// them (and nothing warns again), on a database without the column
// 0382 adds as well. A customer merged away is not named: customers set
// on its key changes the survivor.
func TestCheckNamesTaiwanCustomersInSimplifiedAtTheUpgrade(t *testing.T) {
	ctx := context.Background()
	path, db := checkTeamWithBook(t, [][]string{{"Company", "Email", "Country", "Language"},
		{"Taipei LED", "chen@taipei-led.tw", "TW", "Chinese"}, {"SH LED", "wang@sh-led.cn", "CN", "Chinese"},
		{"Old Taipei", "lin@old-taipei.tw", "TW", "Chinese"}})
	db.Close()
	file := filepath.Join(filepath.Dir(path), "kw.db")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	c.mustRun("customers", "merge", "sh-led.cn", "old-taipei.tw", "--yes")
	raw := asBefore0270(t, file)
	// Nor has 0382 (customers set to Simplified by name) been applied.
	for _, stmt := range []string{
		`DELETE FROM schema_migrations WHERE version = '0382_customer_simplified_chosen'`,
		`DROP TRIGGER customers_simplified_unchosen`,
		`ALTER TABLE customers DROP COLUMN simplified_chosen`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs := c.run(ctx, "--log-level", "error", "check")
	if !strings.Contains(out, "2 migration(s) to apply") {
		t.Fatalf("the database is not one migration behind:\n%s%s", out, errs)
	}
	if !strings.Contains(out, "warn  1 customer(s) in Taiwan, Hong Kong or Macao are written to in Simplified Chinese") ||
		!strings.Contains(out, "domain:taipei-led.tw") || strings.Contains(out, "old-taipei") {
		t.Fatalf("check: exit %d\n%s\n%s", code, out, errs)
	}
}

// TestRunWarnsOfTaiwanCustomersInSimplified: the daemon's start says what
// check does of the Taiwan customers still written to in Simplified, for
// the upgrade whose check was skipped.
func TestRunWarnsOfTaiwanCustomersInSimplified(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	now := checkBookDay
	path, db := checkTeamWithBook(t, [][]string{{"Company", "Email", "Country", "Language"},
		{"Taipei LED", "chen@taipei-led.tw", "TW", "Chinese"}, {"Kowloon Trading", "ho@kowloon-trading.hk", "HK", "Chinese"}})
	db.Close()
	// Kowloon's staff write Simplified, and the book says so by name.
	newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"}).mustRun("customers", "set", "kowloon-trading.hk", "--lang", "zh-Hans")
	stderr := &mailtest.LockedBuffer{}
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, stderr, func(k string) string { return map[string]string{"TEAM_PW": "team-pw"}[k] })
	m.Clock = keepwarm.NewManualClock(now)
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		m.Run(ctx, []string{"--config", path, "--log-level", "warn", "run"})
	}()
	waitFor(t, "the start's warning", func() bool {
		return strings.Contains(stderr.String(), "1 customer(s) in Taiwan, Hong Kong or Macao are written to in Simplified Chinese") &&
			strings.Contains(stderr.String(), "domain:taipei-led.tw")
	})
	cancel()
	<-stopped
	if strings.Contains(stderr.String(), "kowloon-trading") {
		t.Errorf("the start named a customer set to Simplified by name:\n%s", stderr.String())
	}
}
