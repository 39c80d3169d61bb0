package app

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// Lily's mailbox reached its sending limit for the day (the server said
// 5.4.5): her follow-ups wait until tomorrow. Her digest says so, naming
// the mailbox and the server's answer, in English and in Chinese, so she
// learns why her mail did not go from the mail she reads, not only from
// /healthz; Tom's digest, whose mailbox sends, does not.
func TestDigestNamesAMailboxThatCannotSendNow(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC) // Monday 09:00 in Shanghai
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			a := newTestApp(t, `
[team]
internal_domains = ["acme.example"]
[[salesperson]]
email = "lily@acme.example"
name = "Lily Chen"
lang = "`+lang+`"
time_zone = "Asia/Shanghai"
[[salesperson]]
email = "tom@acme.example"
time_zone = "Asia/Shanghai"
[[mailbox]]
name = "lily"
owner = "lily@acme.example"
url = "imaps://imap.acme.example"
username = "lily@acme.example"
password_env = "LILY_PW"
[[mailbox]]
name = "tom"
owner = "tom@acme.example"
url = "imaps://imap.acme.example"
username = "tom@acme.example"
password_env = "TOM_PW"
`, t0)

			smtpSrv := mailtest.NewSMTPServer(t)
			smtpSrv.RejectMail(550, smtp.EnhancedCode{5, 4, 5}, "Daily user sending limit exceeded")
			disp := lilyDispatcher(t, a, mailsync.Account{Mailbox: "lily", SMTPURL: smtpSrv.URL().String(), Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword,
				ServerFilesSent: true, Timeout: time.Minute}, nil)
			enqueueLilyToHans(t, a, "seq:z:1", t0)
			if _, err := disp.RunOnce(ctx, a.Clock.Now()); err != nil {
				t.Fatal(err)
			}
			if len(disp.SendingLimited()) != 1 {
				t.Fatalf("the rig: lily's mailbox is not at its limit: %v", disp.SendingLimited())
			}

			digests := a.newDigests(nil, nil, disp)
			d, err := digests.Build(ctx, "lily@acme.example", t0)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.NotSending) != 1 || d.NotSending[0].Mailbox != "lily" || !strings.Contains(d.NotSending[0].Problem, "5.4.5") || d.Empty() {
				t.Fatalf("lily's digest, not sending: %+v", d.NotSending)
			}
			title, note := "Mailboxes keepwarm cannot send from now (1)", "ends meanwhile is not sent late"
			subject := "1 mailbox not sending"
			if lang == "zh" {
				title, note, subject = "keepwarm 暂时无法发信的邮箱（1）", "就不再补发", "1 个邮箱无法发信"
			}
			for part, body := range map[string]string{"text": d.Text(), "html": d.HTML(), "subject": d.Subject()} {
				want := []string{title, note, "lily", "reached its sending limit for the day"}
				if part == "subject" {
					want = []string{subject}
				}
				for _, w := range want {
					if !strings.Contains(body, w) && !strings.Contains(body, strings.ToUpper(w)) { // the text's titles are upper case
						t.Errorf("%s lacks %q:\n%s", part, w, body)
					}
				}
			}
			tom, err := digests.Build(ctx, "tom@acme.example", t0)
			if err != nil {
				t.Fatal(err)
			}
			if len(tom.NotSending) != 0 {
				t.Errorf("tom's digest names lily's mailbox: %+v", tom.NotSending)
			}
		})
	}
}

// lilyDispatcher is a dispatcher on a's store and clock sending through
// acct alone, filing copies in Sent over dial (nil where the server files
// Sent).
func lilyDispatcher(t *testing.T, a *App, acct mailsync.Account, dial mailsync.IMAPDialer) *mailsync.Dispatcher {
	t.Helper()
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, dial, a.Clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return mailsync.NewDispatcher(a.DB, snd, a.Clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{})
}

// enqueueLilyToHans queues a follow-up of Lily's mailbox to Hans under
// key, due at t0.
func enqueueLilyToHans(t *testing.T, a *App, key string, t0 time.Time) {
	t.Helper()
	if _, _, err := a.DB.Enqueue(context.Background(), keepwarm.OutboxItem{Key: key, MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
		Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: t0, NextAttemptAt: t0, CreatedAt: t0, Origin: "sequence"}); err != nil {
		t.Fatal(err)
	}
}
