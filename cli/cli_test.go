package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/config"
	"keepwarm/internal/mailtest"
	"keepwarm/store"
)

// cli runs keepwarm in-process, as main would, with its own environment.
type cli struct {
	t      *testing.T
	config string
	env    map[string]string
}

func newCLI(t *testing.T, config string, env map[string]string) *cli {
	watchOutside(t)
	return &cli{t: t, config: config, env: env}
}

func (c *cli) run(ctx context.Context, args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	m := NewMain(strings.NewReader(""), &out, &errb, func(k string) string {
		if v, ok := c.env[k]; ok || k != ReplayEnv {
			return v
		}
		// The rigs' servers are test mailboxes: --now replays may send.
		return "1"
	})
	code = m.Run(ctx, append([]string{"--config", c.config}, args...))
	return code, out.String(), errb.String()
}

func (c *cli) mustRun(args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(context.Background(), args...)
	if code != 0 {
		c.t.Fatalf("keepwarm %v: exit %d\nstdout: %s\nstderr: %s", args, code, out, errs)
	}
	return out
}

// writeConfig writes a config for two mailboxes (the team's and Lily's) on srv.
func writeConfig(t *testing.T, srv mailtest.Server, extra string) string {
	t.Helper()
	dir := t.TempDir()
	body := fmt.Sprintf(`
database = "kw.db"
[team]
internal_domains = ["acme-export.com"]
manager = "boss@acme-export.com"
time_zone = "Asia/Shanghai"
[[salesperson]]
email = "lily@acme-export.com"
name = "Lily Chen"
[[mailbox]]
name = "team"
owner = "boss@acme-export.com"
url = "%[1]s"
username = "sales@acme-export.com"
password_env = "TEAM_PW"
[[mailbox]]
name = "lily"
owner = "lily@acme-export.com"
url = "%[1]s"
username = "lily@acme-export.com"
password_cmd = "printf %%s \"$LILY_SECRET_FOR_TEST\""
%[2]s`, srv.URL().String(), extra)
	path := filepath.Join(dir, "keepwarm.toml")
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

var (
	t0       = time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
	inquiry  = mailtest.Msg{From: "Hans Meier <hans@globex.de>", To: "sales@acme-export.com", Subject: "Inquiry: 2000 pcs LED panels", MessageID: "inq-1@globex.de", Date: t0, Body: "Please quote 2000 pcs."}
	quote    = mailtest.Msg{From: "Lily Chen <lily@acme-export.com>", To: "hans@globex.de", Subject: "RE: Inquiry: 2000 pcs LED panels", MessageID: "q-1@acme-export.com", InReplyTo: "inq-1@globex.de", References: []string{"inq-1@globex.de"}, Date: t0.Add(6 * time.Minute), Body: "Our quotation is attached."}
	freeMail = mailtest.Msg{From: "Ana <ana.buyer@gmail.com>", To: "sales@acme-export.com", Subject: "price list", MessageID: "fm-1@gmail.com", Date: t0.Add(time.Hour), Body: "Send the price list."}
)

func TestSyncThreadsAndCustomersFromTheCLI(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		srv.AddUser(t, "sales@acme-export.com", "team-pw")
		srv.AddUser(t, "lily@acme-export.com", "lily-pw")
		srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
		srv.Append(t, "lily@acme-export.com", "Sent", quote.Bytes(), quote.Date)
		srv.Append(t, "sales@acme-export.com", "INBOX", freeMail.Bytes(), freeMail.Date)
		c := newCLI(t, writeConfig(t, srv, ""), map[string]string{"TEAM_PW": "team-pw", "LILY_SECRET_FOR_TEST": "lily-pw"})
		t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw") // password_cmd runs in a real shell

		out := c.mustRun("sync")
		if !strings.Contains(out, "synced 2 mailbox(es)") || !strings.Contains(out, "3 new message(s)") {
			t.Fatalf("sync summary: %s", out)
		}
		var threads []struct {
			ID             int64      `json:"id"`
			Customer       string     `json:"customer"`
			Subject        string     `json:"subject"`
			Messages       int        `json:"messages"`
			Contacts       []string   `json:"contacts"`
			FirstAt        time.Time  `json:"first_at"`
			LastInboundAt  *time.Time `json:"last_inbound_at"`
			LastOutboundAt *time.Time `json:"last_outbound_at"`
		}
		if err := json.Unmarshal([]byte(c.mustRun("threads", "--json", "--customer", "globex.de")), &threads); err != nil {
			t.Fatal(err)
		}
		if len(threads) != 1 {
			t.Fatalf("threads for globex.de: %+v", threads)
		}
		th := threads[0]
		if th.Customer != "domain:globex.de" || th.Messages != 2 || len(th.Contacts) != 1 || th.Contacts[0] != "hans@globex.de" ||
			!th.FirstAt.Equal(t0) || th.LastInboundAt == nil || !th.LastInboundAt.Equal(t0) ||
			th.LastOutboundAt == nil || !th.LastOutboundAt.Equal(quote.Date) || th.Subject != inquiry.Subject {
			t.Fatalf("thread across the team INBOX and Lily's Sent: %+v", th)
		}
		var customers []store.CustomerSummary
		if err := json.Unmarshal([]byte(c.mustRun("customers", "--json")), &customers); err != nil {
			t.Fatal(err)
		}
		keys := map[string]bool{}
		for _, cu := range customers {
			keys[cu.Key] = true
		}
		if len(customers) != 2 || !keys["domain:globex.de"] || !keys["addr:ana.buyer@gmail.com"] {
			t.Fatalf("customers: %+v", customers)
		}
		table := c.mustRun("threads")
		// Customers by name, never by their internal key.
		if !strings.Contains(table, "globex.de") || strings.Contains(table, "domain:") || strings.Contains(table, "addr:") || !strings.Contains(table, "LAST IN") {
			t.Fatalf("threads table: %s", table)
		}

		// A second pass finds nothing new and duplicates nothing.
		if out := c.mustRun("sync"); !strings.Contains(out, " 0 new message(s)") || !strings.Contains(out, "3 messages in 2 threads") {
			t.Fatalf("second sync: %s", out)
		}
		// One mailbox only.
		if out := c.mustRun("sync", "--mailbox", "lily"); !strings.Contains(out, "synced 1 mailbox(es)") {
			t.Fatalf("sync --mailbox: %s", out)
		}
	})
}

func TestSyncReportsABadPasswordAndKeepsGoing(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	t.Setenv("LILY_SECRET_FOR_TEST", "wrong")
	c := newCLI(t, writeConfig(t, srv, ""), map[string]string{"TEAM_PW": "team-pw"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "sync")
	if code != 1 || !strings.Contains(out, "1 new message(s)") || !strings.Contains(errs, "lily") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	// A refused login names the account, the password source and the fix,
	// and does not invite another run.
	for _, want := range []string{`mailbox "lily": the IMAP server refused the login of username = "lily@acme-export.com" with the password password_cmd printed`,
		"fix: check username and the password", "then run keepwarm check"} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if strings.Contains(errs, "resumes there") {
		t.Errorf("a refused login is told the next sync resumes:\n%s", errs)
	}
	if strings.Contains(out+errs, "wrong") {
		t.Fatal("the password appears in the output")
	}
}

func TestCheckOneLinePerServer(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	// The team mailbox logs in to IMAP and SMTP with the SMTP test server's account.
	srv.AddUser(t, mailtest.SMTPUser, mailtest.SMTPPassword)
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	smtpSrv := mailtest.NewSMTPServer(t)
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, "")
	body, _ := os.ReadFile(path)
	body = bytes.Replace(body, []byte(`username = "sales@acme-export.com"`), []byte(`username = "`+mailtest.SMTPUser+`"`), 1)
	body = bytes.ReplaceAll(body, []byte("[[mailbox]]\nname"), []byte("[[mailbox]]\nsmtp_url = \""+smtpSrv.URL().String()+"\"\nname"))
	os.WriteFile(path, body, 0o600)

	c := newCLI(t, path, map[string]string{"TEAM_PW": mailtest.SMTPPassword})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "check")
	for _, want := range []string{"ok    config", "ok    mailbox team: IMAP login", "INBOX (inbox)", "Sent (sent)",
		"ok    mailbox team: SMTP login", "ok    mailbox lily: IMAP login",
		"FAIL  mailbox lily: SMTP login", "1 check(s) failed"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	if code != 1 || !strings.Contains(errs, "keepwarm: 1 check(s) failed: see the FAIL lines on standard output") {
		t.Fatalf("check with one failing server: exit %d\n%s\n%s", code, out, errs)
	}

	t.Setenv("LILY_SECRET_FOR_TEST", "not-her-password")
	code, out, _ = c.run(context.Background(), "--log-level", "error", "check")
	if code != 1 || !strings.Contains(out, "FAIL  mailbox lily: IMAP login") || !strings.Contains(out, "fix: check username and the password") {
		t.Fatalf("check with a wrong password: exit %d\n%s", code, out)
	}
	if strings.Contains(out, "not-her-password") {
		t.Fatal("check printed the password")
	}
}

func TestBadConfigNamesTheKey(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	path := writeConfig(t, srv, "\n[sync]\nbatch_sise = 10\n")
	code, _, errs := newCLI(t, path, nil).run(context.Background(), "sync")
	if code != 1 || !strings.Contains(errs, "sync.batch_sise") {
		t.Fatalf("exit %d: %s", code, errs)
	}
	code, _, errs = newCLI(t, filepath.Join(t.TempDir(), "none.toml"), nil).run(context.Background(), "threads")
	if code != 1 || !strings.Contains(errs, "keepwarm init") {
		t.Fatalf("missing config: exit %d: %s", code, errs)
	}
	code, _, errs = newCLI(t, path, nil).run(context.Background(), "--now", "yesterday", "threads")
	if code != 2 || !strings.Contains(errs, "RFC 3339") {
		t.Fatalf("bad --now: exit %d: %s", code, errs)
	}
	code, _, errs = newCLI(t, path, nil).run(context.Background(), "frobnicate")
	if code != 2 || !strings.Contains(errs, `unknown command "frobnicate"`) || !strings.Contains(errs, "--help") {
		t.Fatalf("unknown command: exit %d: %s", code, errs)
	}
}

func TestInitWritesAValidConfigOnce(t *testing.T) {
	dir := t.TempDir()
	c := newCLI(t, filepath.Join(dir, "keepwarm.toml"), nil)
	if out := c.mustRun("init", dir); !strings.Contains(out, "keepwarm.toml") {
		t.Fatalf("init: %s", out)
	}
	if _, err := config.Load(filepath.Join(dir, "keepwarm.toml")); err != nil {
		t.Fatalf("the written config does not load: %v", err)
	}
	code, _, errs := c.run(context.Background(), "init", dir)
	if code != 1 || !strings.Contains(errs, "already exists") {
		t.Fatalf("second init: exit %d %s", code, errs)
	}
}

func TestRunSyncsLiveAndStopsOnSignal(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, "\n[sync]\npoll_interval = \"1s\"\n")
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		code, _, _ := c.run(ctx, "--log-level", "error", "run")
		done <- code
	}()
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)

	// Wait (bounded) for the daemon to store the new mail.
	db := openReadOnly(t, filepath.Join(filepath.Dir(path), "kw.db"))
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := db.Stats(context.Background())
		if err == nil && st.Messages == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("run did not store the new message: %+v %v", st, err)
		}
		time.Sleep(50 * time.Millisecond) // polling an outcome, not a schedule
	}
	stopAt := time.Now()
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("run exited %d", code)
		}
		if took := time.Since(stopAt); took > 5*time.Second {
			t.Fatalf("run took %s to stop", took)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after cancel")
	}
}

func openReadOnly(t *testing.T, path string) *store.DB {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no database at %s", path)
		}
		time.Sleep(20 * time.Millisecond)
	}
	db, err := store.Open(context.Background(), path, t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The starter config's database resolves next to the config file; init
// says where, and under /etc (where the README's systemd unit cannot
// write) what to set instead.
func TestInitSaysWhereTheDatabaseGoes(t *testing.T) {
	dir := t.TempDir()
	c := newCLI(t, filepath.Join(dir, "keepwarm.toml"), nil)
	// Run as root, init prepares the README's service, which can write
	// only under /var/lib/keepwarm: then, and only then, it says to put the
	// database there.
	out := c.mustRun("init", dir)
	if !strings.Contains(out, "the database will be "+filepath.Join(dir, "keepwarm.db")) ||
		strings.Contains(out, `set database = "/var/lib/keepwarm/keepwarm.db" first`) != (os.Geteuid() == 0) {
		t.Fatalf("init does not say where the database goes: %s", out)
	}
	etc := filepath.Join(t.TempDir(), "keepwarm.toml")
	if err := os.WriteFile(etc, []byte(strings.Replace(config.Example, `database = "keepwarm.db"`, `database = "/etc/keepwarm/keepwarm.db"`, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if note := initDatabaseNote(etc, false); !strings.Contains(note, `set database = "/var/lib/keepwarm/keepwarm.db" first: a service cannot write under /etc`) {
		t.Fatalf("no advice for a database under /etc: %s", note)
	}
}

// Run as root, init writes a file only root may read: it says how to let
// the service's user read it.
func TestInitAsRootSaysHowTheServiceReadsIt(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	dir := filepath.Join(t.TempDir(), "etc-keepwarm")
	path := filepath.Join(dir, "keepwarm.toml")
	out := newCLI(t, path, nil).mustRun("init", dir)
	chgrp := "chgrp keepwarm " + dir + " " + path + " && chmod 750 " + dir + " && chmod 640 " + path
	if !strings.Contains(out, chgrp) {
		t.Fatalf("init as root does not say %q: %s", chgrp, out)
	}
	// check and sync as the service's user, with the unit's secrets: a
	// first sync run as root makes a database the service cannot open.
	for _, cmd := range []string{"check", "sync"} {
		want := "sudo -u keepwarm sh -c 'set -a; . " + filepath.Join(dir, "secrets.env") + "; exec keepwarm --config " + path + " " + cmd + "'"
		if !strings.Contains(out, want) {
			t.Errorf("init as root does not say %q: %s", want, out)
		}
	}
	if strings.Contains(out, "\n  keepwarm --config") {
		t.Errorf("init as root proposes running keepwarm as root: %s", out)
	}
	// The sync as keepwarm makes the database in a directory useradd
	// --system does not make, and reads a secrets.env root made for root
	// alone: both are made the user keepwarm's before check and sync.
	secrets := filepath.Join(dir, "secrets.env")
	for _, want := range []string{"install -d -o keepwarm -g keepwarm -m 750 /var/lib/keepwarm",
		"touch " + secrets + " && chgrp keepwarm " + secrets + " && chmod 640 " + secrets} {
		if i := strings.Index(out, want); i < 0 || i > strings.Index(out, "sudo -u keepwarm") {
			t.Errorf("init as root does not say %q before check and sync: %s", want, out)
		}
	}
	// chgrp keepwarm needs the user and its group: where there is none, it
	// is made first, with its group where useradd would make none.
	if _, err := user.Lookup("keepwarm"); err != nil {
		useradd := strings.Index(out, "useradd --system --home-dir /var/lib/keepwarm --shell /usr/sbin/nologin --user-group keepwarm")
		if useradd < 0 || useradd > strings.Index(out, chgrp) {
			t.Errorf("init as root does not make the user keepwarm before its chgrp: %s", out)
		}
	}
}

// `keepwarm tick` with a refused login names the mailbox's account, its
// password source and the fix, as sync does: a cron'd tick would only be
// refused again.
func TestTickNamesTheFixForARefusedLogin(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	c := newCLI(t, writeConfig(t, srv, ""), map[string]string{"TEAM_PW": "not-the-team-pw"})
	code, out, errs := c.run(context.Background(), "--log-level", "error", "--now", t0.Format(time.RFC3339), "tick")
	want := `mailbox "team": the IMAP server refused the login of username = "sales@acme-export.com" with the password from password_env = "TEAM_PW"; fix: check username and the password source`
	if code != 1 || !strings.Contains(errs, want) || !strings.Contains(errs, "then run keepwarm check") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	if strings.Contains(out+errs, "not-the-team-pw") {
		t.Fatal("the password appears in the output")
	}
}

// Run as root in a directory init did not make and that is not keepwarm's
// own (".", /etc, a home), init proposes changing the file only: a pasted
// chmod 750 of that directory would lock its other users out.
func TestInitAsRootLeavesAForeignDirectoryAlone(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	dir := filepath.Join(t.TempDir(), "etc")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "keepwarm.toml")
	t.Chdir(dir)
	out := newCLI(t, path, nil).mustRun("init")
	if strings.Contains(out, "chmod 750") || strings.Contains(out, "chgrp keepwarm . ") || strings.Contains(out, "chgrp keepwarm "+dir+" ") {
		t.Fatalf("init proposes changing a directory it did not make: %s", out)
	}
	if want := "chgrp keepwarm " + path + " && chmod 640 " + path; !strings.Contains(out, want) {
		t.Fatalf("init as root does not say %q: %s", want, out)
	}
	if want := "touch /etc/keepwarm/secrets.env && chgrp keepwarm /etc/keepwarm/secrets.env && chmod 640 /etc/keepwarm/secrets.env"; !strings.Contains(out, want) {
		t.Fatalf("init as root does not say %q: %s", want, out)
	}
	if !strings.Contains(out, "keepwarm init /etc/keepwarm") {
		t.Fatalf("init does not say what to do instead: %s", out)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o755 {
		t.Fatalf("directory mode changed: %v %v", fi.Mode(), err)
	}
}
