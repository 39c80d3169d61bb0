package cli

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
)

// TestDigestSendRecordsWhatTheBusyDatabaseCouldNot: `digest --send`'s
// digest gets the server's 250 while another writer (a `keepwarm sync`
// batch) holds the database past the wait for it. The command records the
// 250 before it ends, once the database is free, so the next start does
// not find it in `sending` and, [notify] having no mailbox to look in,
// call it uncertain and tell the manager it may not have arrived.
func TestDigestSendRecordsWhatTheBusyDatabaseCouldNot(t *testing.T) {
	if testing.Short() {
		t.Skip("waits out the database's busy timeout")
	}
	t.Parallel() // waits out the busy timeout on real seconds; shares nothing
	r := newDigestRig(t, "")
	r.seedLily()
	other, err := sql.Open("sqlite3", "file:"+r.m.db.Path()+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	// The server's goroutine hands its transaction over a channel: the
	// DATA count the test waits on is raised before this callback ends.
	txc := make(chan *sql.Tx, 1)
	r.smtp.OnMessage(func(mailtest.SMTPMessage) error {
		// Another writer takes the database just before the server's 250.
		tx, err := other.BeginTx(context.Background(), nil)
		if err == nil {
			_, err = tx.Exec("UPDATE outbox SET last_error = last_error WHERE 0")
		}
		txc <- tx
		return err
	})
	type result struct {
		code        int
		out, errOut string
	}
	done := make(chan result, 1)
	c := newCLI(t, r.path, r.env)
	go func() {
		code, out, errOut := c.run(context.Background(), "--now", t0.Add(24*time.Hour).Format(time.RFC3339), "digest", "--send", "--salesperson", "lily@acme-export.com")
		done <- result{code, out, errOut}
	}()
	waitFor(t, "the digest's DATA", func() bool { return r.smtp.DataCount() == 1 })
	// Held past the pass's wait to record it (10 s): the command has
	// ended by now if it does not wait to record it.
	var res result
	var ended bool
	select {
	case res = <-done:
		ended = true
	case <-time.After(14 * time.Second):
	}
	var tx *sql.Tx
	select {
	case tx = <-txc:
	case <-time.After(40 * time.Second):
		t.Fatal("the server never took the database")
	}
	if tx == nil {
		t.Fatal("the other writer could not begin")
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if !ended {
		select {
		case res = <-done:
		case <-time.After(40 * time.Second):
			t.Fatal("digest --send did not end once the database was free")
		}
	}
	ds := r.digests()
	if len(ds) != 1 {
		t.Fatalf("%d digests, want Lily's", len(ds))
	}
	if ds[0].Status != keepwarm.OutboxSent {
		t.Fatalf("the digest the server accepted, after digest --send (exit %d): %s %q\nstdout: %s\nstderr: %s", res.code, ds[0].Status, ds[0].LastError, res.out, res.errOut)
	}
	// What happened is said, as a tick says it: the first try failed.
	if res.code == 0 || !strings.Contains(res.errOut, "database is locked") {
		t.Fatalf("digest --send: exit %d\nstdout: %s\nstderr: %s", res.code, res.out, res.errOut)
	}
}
