package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// The daemon could not file the copy of a mail lily sent because the
// server refuses her login the right to add to Sent (NO [NOPERM]): its
// answer is on the sent item, and check names the mailbox, the answer and
// the way out (the right, or server_saves_sent = true).
func TestCheckSaysCopiesNotFiledAndTheWayOut(t *testing.T) {
	ctx := context.Background()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, `smtp_url = "smtp://127.0.0.1:1"`+"\n") // lily sends
	db, err := store.Open(ctx, filepath.Join(filepath.Dir(path), "kw.db"), checkBookDay)
	if err != nil {
		t.Fatal(err)
	}
	at := checkBookDay.Add(time.Hour)
	it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:1:1", MessageID: keepwarm.NewMessageID("acme-export.com"),
		Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme-export.com"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
		Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: at, NextAttemptAt: at, CreatedAt: at, Origin: "sequence"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.Claim(ctx, it.ID, at); err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if err := db.MarkSent(ctx, it.ID, at); err != nil {
		t.Fatal(err)
	}
	why := "mailsync: imap lily: append to Sent: imap: NO [NOPERM] Permission denied; " + mailsync.CopyNoRight
	if err := db.NoteCopyUnfiled(ctx, it.ID, why, at); err != nil {
		t.Fatal(err)
	}
	db.Close()
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	_, out, errs := c.run(ctx, "--log-level", "error", "check")
	if !strings.Contains(out, "warn  mailbox lily: 1 mail(s) sent in its name since ") || !strings.Contains(out, "Permission denied") ||
		!strings.Contains(out, "give the login the right to add to Sent") || !strings.Contains(out, "server_saves_sent = true") {
		t.Fatalf("check does not say the copies not filed and the way out:\n%s\n%s", out, errs)
	}
}

// Maria left while her mailbox was over its quota: her [[mailbox]] is
// taken out of the config, so no pass files her copies and none of her
// mail waits. Check says nothing of her copies, and still of lily's.
func TestCheckPassesOverCopiesOfAMailboxThatNoLongerSends(t *testing.T) {
	ctx := context.Background()
	srv := mailtest.NewMemServer(t)
	srv.AddUser(t, "sales@acme-export.com", "team-pw")
	srv.AddUser(t, "lily@acme-export.com", "lily-pw")
	t.Setenv("LILY_SECRET_FOR_TEST", "lily-pw")
	path := writeConfig(t, srv, `smtp_url = "smtp://127.0.0.1:1"`+"\n") // lily sends
	db, err := store.Open(ctx, filepath.Join(filepath.Dir(path), "kw.db"), checkBookDay)
	if err != nil {
		t.Fatal(err)
	}
	at := checkBookDay.Add(time.Hour)
	for i, mb := range []string{"lily", "maria"} {
		it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:1:" + mb, MessageID: keepwarm.NewMessageID("acme-export.com"),
			Mailbox: mb, From: keepwarm.Address{Email: mb + "@acme-export.com"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
			Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: at, NextAttemptAt: at, CreatedAt: at, Origin: "sequence"})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := db.Claim(ctx, it.ID, at); err != nil || !ok {
			t.Fatalf("claim %d: %v %v", i, ok, err)
		}
		if err := db.MarkSent(ctx, it.ID, at); err != nil {
			t.Fatal(err)
		}
		if err := db.NoteCopyUnfiled(ctx, it.ID, "mailsync: imap "+mb+": append to Sent: imap: NO [OVERQUOTA] Quota exceeded", at); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	c := newCLI(t, path, map[string]string{"TEAM_PW": "team-pw"})
	_, out, errs := c.run(ctx, "--log-level", "error", "check")
	if !strings.Contains(out, "warn  mailbox lily: 1 mail(s) sent in its name since ") {
		t.Fatalf("check does not say lily's copies:\n%s\n%s", out, errs)
	}
	if strings.Contains(out, "mailbox maria: 1 mail(s)") {
		t.Fatalf("check warns of the copies of a mailbox that no longer sends:\n%s", out)
	}
}
