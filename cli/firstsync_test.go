package cli

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

const (
	firstSyncBegins = "its first sync goes through a rollback journal"
	firstSyncEnds   = "first sync done: the database is in WAL"
)

// fileJournalMode is the journal mode a new connection to the database at
// path finds (WAL is kept in the file).
func fileJournalMode(t *testing.T, path string) string {
	t.Helper()
	c, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var mode string
	if err := c.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	return mode
}

// checkWAL fails the test unless the database at path is in WAL with no
// rollback journal beside it.
func checkWAL(t *testing.T, path, after string) {
	t.Helper()
	if m := fileJournalMode(t, path); m != "wal" {
		t.Fatalf("after %s the database's journal_mode is %q; want wal", after, m)
	}
	if _, err := os.Stat(path + "-journal"); err == nil {
		t.Fatalf("after %s a -journal file is left beside the database", after)
	}
}

// `keepwarm sync` on a new database writes its first pass through a
// rollback journal and leaves the file in WAL; a second sync, and a
// command that does not sync, use WAL from the start.
func TestSyncGoesThroughAFirstSyncJournal(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	srv.Append(t, "sales@acme-export.com", "INBOX", inquiry.Bytes(), t0)
	srv.Append(t, "lily@acme-export.com", "Sent", quote.Bytes(), quote.Date)
	config := writeConfig(t, srv, "")
	db := filepath.Join(filepath.Dir(config), "kw.db")
	c := newCLI(t, config, map[string]string{"TEAM_PW": "team-pw"})
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")

	code, out, errs := c.run(context.Background(), "--log-level", "debug", "sync")
	if code != 0 || !strings.Contains(out, "2 new message(s)") {
		t.Fatalf("sync: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(errs, firstSyncBegins) || !strings.Contains(errs, firstSyncEnds) {
		t.Fatalf("the first sync of a new database did not go through a rollback journal:\n%s", errs)
	}
	checkWAL(t, db, "the first sync")

	_, _, errs = c.run(context.Background(), "--log-level", "debug", "sync")
	if strings.Contains(errs, firstSyncBegins) {
		t.Fatalf("a database that holds mail went back to a rollback journal:\n%s", errs)
	}
	checkWAL(t, db, "the second sync")

	other := newCLI(t, writeConfig(t, srv, ""), map[string]string{"TEAM_PW": "team-pw"})
	_, _, errs = other.run(context.Background(), "--log-level", "debug", "customers")
	if strings.Contains(errs, firstSyncBegins) {
		t.Fatalf("a command that does not sync opened a new database in a rollback journal:\n%s", errs)
	}
	checkWAL(t, filepath.Join(filepath.Dir(other.config), "kw.db"), "`customers` on a new database")
}

// `keepwarm tick` writes a new database's first sync through a rollback
// journal too, and has it in WAL before the engine runs; `keepwarm run`,
// which serves the web and runs the engine while it syncs, stays in WAL:
// in a rollback journal a reader would hold its commits up.
func TestTickAndRunOnANewDatabase(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	srv.Append(t, "lily@acme-export.com", "INBOX", urgentOrder.Bytes(), t0)
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	env := map[string]string{"TEAM_PW": "team-pw"}

	config := writeConfig(t, srv, "")
	c := newCLI(t, config, env)
	code, out, errs := c.run(context.Background(), "--log-level", "debug", "--now", t0.Add(time.Minute).Format(time.RFC3339), "tick")
	if code != 0 {
		t.Fatalf("tick: exit %d\n%s\n%s", code, out, errs)
	}
	b, e := strings.Index(errs, firstSyncBegins), strings.Index(errs, firstSyncEnds)
	if b < 0 || e < b {
		t.Fatalf("tick's first sync did not go through a rollback journal:\n%s", errs)
	}
	if cs := strings.Index(errs, "cycle synced"); cs < e {
		t.Fatalf("the engine ran before the first sync's journal ended:\n%s", errs)
	}
	checkWAL(t, filepath.Join(filepath.Dir(config), "kw.db"), "tick")

	// Not startRun: its rig opens the database beside the daemon, which
	// keeps it in WAL whatever run asks for, so the check could not fail.
	config = writeConfig(t, srv, "")
	stderr := &mailtest.LockedBuffer{}
	m := NewMain(strings.NewReader(""), &bytes.Buffer{}, stderr, func(k string) string { return env[k] })
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		m.Run(ctx, []string{"--config", config, "--log-level", "debug", "run"})
	}()
	defer func() { cancel(); <-stopped }()
	waitFor(t, "the daemon's first pass", func() bool { return strings.Contains(stderr.String(), "new mail stored") })
	if strings.Contains(stderr.String(), firstSyncBegins) {
		t.Fatalf("the daemon's first sync went through a rollback journal:\n%s", stderr)
	}
	checkWAL(t, filepath.Join(filepath.Dir(config), "kw.db"), "the daemon's first pass")
}
