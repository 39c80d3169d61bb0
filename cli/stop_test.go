package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/store"
)

// TestTickSettlesAnInterruptedNotifySend: a nudge through [notify] (which
// has no IMAP mailbox) that a crash left in `sending` is settled by the
// next start as uncertain, with a note saying why, instead of "no IMAP
// mailbox named notify" at every start; it is not resent.
func TestTickSettlesAnInterruptedNotifySend(t *testing.T) {
	srv, smtpSrv := mailtest.NewMemServer(t), mailtest.NewSMTPServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, fmt.Sprintf(`
[notify]
smtp_url = %q
username = %q
password_env = "NOTIFY_PW"
from = "keepwarm@acme-export.com"
`, smtpSrv.URL().String(), mailtest.SMTPUser))
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(filepath.Dir(path), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	nudge, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "nudge:urgent@globex.de:1", MessageID: "kw-nudge@acme-export.com",
		Mailbox: config.NotifyMailbox, From: keepwarm.Address{Email: "keepwarm@acme-export.com"},
		To: []keepwarm.Address{{Email: "lily@acme-export.com"}}, Subject: "Reply due: Hans Meier", Text: "Hans is waiting.",
		Mode: keepwarm.ModeSend, Origin: sequences.OriginNudge, DueAt: t0, NextAttemptAt: t0, CreatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimItems(ctx, []int64{nudge.ID}, t0); err != nil {
		t.Fatal(err)
	}
	db.Close()
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw", "NOTIFY_PW": mailtest.SMTPPassword})
	for start := range 2 {
		code, out, errOut := c.run(ctx, "--now", t0.Add(time.Minute).Format(time.RFC3339), "tick", "--texts", "0")
		if code != 0 || strings.Contains(errOut, "reconcile") {
			t.Fatalf("tick %d: exit %d\nstdout: %s\nstderr: %s", start+1, code, out, errOut)
		}
	}
	db = openReadOnly(t, filepath.Join(filepath.Dir(path), "kw.db"))
	got, err := db.OutboxItem(ctx, nudge.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != keepwarm.OutboxUncertain || got.LastError != mailsync.InterruptedNoMailbox {
		t.Fatalf("interrupted nudge: %s %q, want uncertain with the note", got.Status, got.LastError)
	}
	if n := smtpSrv.DataCount(); n != 0 {
		t.Fatalf("%d DATA commands: the interrupted nudge was resent", n)
	}
}
