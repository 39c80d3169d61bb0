package app

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

// Lily's mailbox is over its quota: the server refuses the copy of her
// step 1 in Sent (NO [OVERQUOTA]) while her SMTP server sends, so her
// step 2 waits. Her digest names the mailbox under the mailboxes that
// cannot send, with the server's answer, not only /healthz.
func TestDigestNamesAMailboxWhoseCopyCannotBeFiled(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC) // Monday 09:00 in Shanghai
	cfg, err := config.Parse([]byte(`
[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
name = "Lily Chen"
time_zone = "Asia/Shanghai"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
`))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "kw.db"), t0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := keepwarm.NewManualClock(t0)
	a := &App{Cfg: cfg, DB: db, Log: slog.New(slog.DiscardHandler), Clock: clock}

	imapSrv := mailtest.NewMemServer(t)
	imapSrv.AddUser(t, "lily@acme.example", "pw")
	imapSrv.RefuseAppend("Sent", imap.ResponseCodeOverQuota, "Quota exceeded")
	smtpSrv := mailtest.NewSMTPServer(t)
	acct := mailsync.Account{Mailbox: "lily", SMTPURL: smtpSrv.URL().String(), Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword,
		Timeout: time.Minute}
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, mailtest.SenderDialer(imapSrv.Addr(), "lily@acme.example", "pw"), clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(db, snd, clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{})
	for _, key := range []string{"seq:z:1", "seq:y:1"} {
		if _, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: key, MessageID: keepwarm.NewMessageID("acme.example"),
			Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
			Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: t0, NextAttemptAt: t0, CreatedAt: t0, Origin: "sequence"}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := disp.RunOnce(ctx, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != 1 || res.Held != 1 || smtpSrv.DataCount() != 1 {
		t.Fatalf("the rig: %+v, %d sent; want one sent and one held", res, smtpSrv.DataCount())
	}

	d, err := a.newDigests(nil, nil, disp).Build(ctx, "lily@acme.example", t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.NotSending) != 1 || d.NotSending[0].Mailbox != "lily" || !strings.Contains(d.NotSending[0].Problem, "Quota exceeded") {
		t.Fatalf("lily's digest, not sending: %+v", d.NotSending)
	}
	if body := d.Text(); !strings.Contains(body, "mailbox lily, since ") || !strings.Contains(body, "09:00") || strings.Contains(body, "01:00:00Z") {
		t.Errorf("digest does not say since when in Lily's zone (09:00 in Shanghai):\n%s", body)
	}
	for _, w := range []string{"Mailboxes keepwarm cannot send from now (1)", "could not be filed in its Sent folder", "Quota exceeded"} {
		if body := d.Text(); !strings.Contains(body, w) && !strings.Contains(body, strings.ToUpper(w)) {
			t.Errorf("digest lacks %q:\n%s", w, body)
		}
	}
}
