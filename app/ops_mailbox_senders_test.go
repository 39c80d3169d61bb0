package app

import (
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A salesperson's mailbox whose sends keep failing for good (its SMTP
// login was revoked) makes /healthz 503 naming it, as the [notify] sender
// does; a mail refused at RCPT (a recipient that does not exist) says
// nothing about the mailbox and does not count.
func TestHealthzNamesASalespersonMailboxThatCannotSend(t *testing.T) {
	db, clock, ops, base := startOps(t, nil)
	ops.watchSenders(false, nil, "lily")
	n := 0
	send := func(fail string) {
		t.Helper()
		n++
		now := clock.Now()
		it := keepwarm.OutboxItem{Key: "seq:" + string(rune('a'+n)) + ":1", MessageID: keepwarm.NewMessageID("acme.example"),
			Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
			Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "sequence"}
		settleItem(t, db, clock, it, fail)
	}
	healthz := func() (int, string) { t.Helper(); return get(t, base+"/healthz") }
	refused := func() {
		t.Helper()
		n++
		now := clock.Now()
		it, _, err := db.Enqueue(context.Background(), keepwarm.OutboxItem{Key: "seq:" + string(rune('a'+n)) + ":1", MessageID: keepwarm.NewMessageID("acme.example"),
			Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
			Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "sequence"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ClaimItems(context.Background(), []int64{it.ID}, now); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkRefused(context.Background(), it.ID, "delivery failed: sending SMTP RCPT TO command: 550 5.1.1 no such user, affected recipient(s): hans@globex.example"); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
	}
	refused()
	refused()
	if code, body := healthz(); code != 200 {
		t.Fatalf("two recipients refused: %d %q", code, body)
	}
	send("gave up after 10 attempts: delivery retry: SMTP AUTH failed: 535 5.7.8 authentication failed")
	if code, body := healthz(); code != 200 {
		t.Fatalf("one failure: %d %q", code, body)
	}
	send("gave up after 10 attempts: delivery retry: SMTP AUTH failed: 535 5.7.8 authentication failed")
	if code, body := healthz(); code != 503 || !strings.Contains(body, "mailbox lily: 2 mail(s) failed for good, none sent since") ||
		!strings.Contains(body, "535 5.7.8") {
		t.Fatalf("lily cannot send: %d %q", code, body)
	}
	send("")
	if code, body := healthz(); code != 200 {
		t.Fatalf("sent again: %d %q", code, body)
	}
}

// A refusal at RCPT names the mailbox in /healthz unless it refused the
// recipients: a recipient that does not exist, or whose mailbox stayed
// full until keepwarm gave up, says nothing about the mailbox, but a blocklist refusing the sending server (or the sender, or
// the relay) at RCPT fails every mail of the mailbox, and /healthz says so.
// Sent through the dispatcher and a real SMTP server, which decide.
func TestHealthzNamesAMailboxRefusedAtRCPTForItsOwnSake(t *testing.T) {
	ctx := context.Background()
	db, clock, ops, base := startOps(t, nil)
	ops.watchSenders(false, nil, "lily")
	srv := mailtest.NewSMTPServer(t)
	acct := mailsync.Account{Mailbox: "lily", SMTPURL: srv.URL().String(), Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword,
		ServerFilesSent: true, Timeout: time.Minute, DailyCap: -1}
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, nil, clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	// One attempt each: a recipient's "later" gives up at once.
	disp := mailsync.NewDispatcher(db, snd, clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{MaxAttempts: 1})
	n := 0
	send := func(to string) keepwarm.OutboxItem {
		t.Helper()
		n++
		now := clock.Now()
		it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:" + string(rune('a'+n)) + ":1", MessageID: keepwarm.NewMessageID("acme.example"),
			Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: to}},
			Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "sequence"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := disp.RunOnce(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Minute)
		it, err = db.OutboxItem(ctx, it.ID)
		if err != nil || it.Status != keepwarm.OutboxFailed || !strings.Contains(it.LastError, "RCPT TO") {
			t.Fatalf("sent to %s: %s %q %v; want failed at RCPT", to, it.Status, it.LastError, err)
		}
		return it
	}
	srv.RejectRcpt("hans@globex.example", 550)
	srv.RejectRcpt("ute@globex.example", 550)
	send("hans@globex.example")
	send("ute@globex.example")
	if code, body := get(t, base+"/healthz"); code != 200 {
		t.Fatalf("two recipients that do not exist: %d %q", code, body)
	}
	for _, to := range []string{"carl@globex.example", "dora@globex.example"} {
		srv.RejectRcptAnswer(to, 452, smtp.EnhancedCode{4, 2, 2}, "Mailbox full")
		if it := send(to); !strings.Contains(it.LastError, "gave up after 1 attempts") {
			t.Fatalf("a full mailbox: %q", it.LastError)
		}
	}
	if code, body := get(t, base+"/healthz"); code != 200 {
		t.Fatalf("two recipients' mailboxes full: %d %q", code, body)
	}
	for _, to := range []string{"anna@buyer.example", "bob@other.example"} {
		srv.RejectRcptAnswer(to, 554, smtp.EnhancedCode{5, 7, 1}, "Service unavailable; blocked using zen.spamhaus.org")
		send(to)
	}
	if code, body := get(t, base+"/healthz"); code != 503 || !strings.Contains(body, "mailbox lily: 2 mail(s) failed for good, none sent since") ||
		!strings.Contains(body, "zen.spamhaus.org") {
		t.Fatalf("the sending server on a blocklist: %d %q", code, body)
	}
}

// A mailbox whose SMTP login was refused max_login_failures times in a row
// stops sending until a restart; /healthz names it at once, before any of
// its mail has failed for good.
func TestHealthzNamesAMailboxWhoseSendingStopped(t *testing.T) {
	ctx := context.Background()
	db, clock, ops, base := startOps(t, nil)
	smtp := mailtest.NewSMTPServer(t)
	acct := mailsync.Account{Mailbox: "lily", SMTPURL: smtp.URL().String(), Username: mailtest.SMTPUser, Password: "revoked",
		ServerFilesSent: true, Timeout: time.Minute}
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, nil, clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(db, snd, clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{MaxLoginFailures: 2})
	ops.sendStopped = disp.SendingStopped
	now := clock.Now()
	if _, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:x:1", MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
		Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "sequence"}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := disp.RunOnce(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
		if code, body := get(t, base+"/healthz"); code != 200 && !strings.Contains(body, "mailbox lily: SMTP login refused 2 times in a row") {
			t.Fatalf("healthz: %d %q", code, body)
		}
		clock.Advance(time.Hour)
	}
	if code, body := get(t, base+"/healthz"); code != 503 || !strings.Contains(body, "mailbox lily: SMTP login refused 2 times in a row, keepwarm stopped sending until it is restarted") {
		t.Fatalf("lily's sending stopped: %d %q", code, body)
	}
}

// A mail sent in a salesperson's name whose copy the server will not take
// in her Sent folder (over quota, a login APPEND is refused with) is noted
// on /healthz with the server's answer, not only logged at every pass;
// the note goes once the copy is filed.
func TestHealthzNotesMailMissingFromSent(t *testing.T) {
	ctx := context.Background()
	db, clock, ops, base := startOps(t, nil)
	imapSrv := mailtest.NewMemServer(t)
	imapSrv.AddUser(t, "lily@acme.example", "imap-pw")
	smtp := mailtest.NewSMTPServer(t)
	var broken atomic.Bool
	broken.Store(true)
	dial := func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
		pw := "imap-pw"
		if broken.Load() {
			pw = "wrong"
		}
		return mailtest.SenderDialer(imapSrv.Addr(), "lily@acme.example", pw)(ctx, mailbox)
	}
	acct := mailsync.Account{Mailbox: "lily", SMTPURL: smtp.URL().String(), Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword,
		SentFolder: "Sent", Timeout: time.Minute}
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, dial, clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(db, snd, clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{})
	ops.watchSenders(false, nil, "lily")
	ops.copyErrors = disp.CopyErrors
	now := clock.Now()
	if _, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:y:1", MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
		Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "sequence"}); err != nil {
		t.Fatal(err)
	}
	if res, err := disp.RunOnce(ctx, clock.Now()); err != nil || res.Sent != 1 {
		t.Fatalf("send: %+v %v", res, err)
	}
	clock.Advance(5 * time.Minute)
	if code, body := get(t, base+"/healthz"); code != 200 || strings.Contains(body, "Sent folder") {
		t.Fatalf("5 minutes after the send: %d %q", code, body)
	}
	clock.Advance(6 * time.Minute)
	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, "note: mailbox lily: 1 mail(s) sent in its name are not in its Sent folder") ||
		!strings.Contains(body, "AUTHENTICATIONFAILED") {
		t.Fatalf("copy missing: %d %q", code, body)
	}
	broken.Store(false)
	if _, err := disp.RunOnce(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, base+"/healthz"); code != 200 || strings.Contains(body, "Sent folder") {
		t.Fatalf("copy filed: %d %q", code, body)
	}
}

// A mailbox whose server says it reached its sending limit for the day is
// noted on /healthz with until when its mail waits (not unhealthy: it
// passes by itself).
func TestHealthzNotesAMailboxAtItsSendingLimit(t *testing.T) {
	ctx := context.Background()
	db, clock, ops, base := startOps(t, nil)
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSrv.RejectMail(550, smtp.EnhancedCode{5, 4, 5}, "Daily user sending limit exceeded")
	acct := mailsync.Account{Mailbox: "lily", SMTPURL: smtpSrv.URL().String(), Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword,
		ServerFilesSent: true, Timeout: time.Minute}
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, nil, clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(db, snd, clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{})
	ops.sendLimited = disp.SendingLimited
	now := clock.Now()
	if _, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:z:1", MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
		Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "sequence"}); err != nil {
		t.Fatal(err)
	}
	if _, err := disp.RunOnce(ctx, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, "note: mailbox lily: reached its sending limit for the day; its mail waits until 2026-11-03T00:00:00Z") ||
		!strings.Contains(body, "5.4.5") {
		t.Fatalf("at the limit: %d %q", code, body)
	}
}

// A mail left in `sending` by an interrupted send that could not be
// settled yet is noted on /healthz once it is older than any send takes,
// not only counted in a metric.
func TestHealthzNotesASendLeftInSending(t *testing.T) {
	ctx := context.Background()
	db, clock, _, base := startOps(t, nil)
	now := clock.Now()
	it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:s:1", MessageID: keepwarm.NewMessageID("acme.example"),
		Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: "hans@globex.example"}},
		Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "sequence"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimItems(ctx, []int64{it.ID}, now); err != nil {
		t.Fatal(err)
	}
	clock.Advance(5 * time.Minute)
	if _, body := get(t, base+"/healthz"); strings.Contains(body, "`sending`") {
		t.Fatalf("a send under way is noted: %q", body)
	}
	clock.Advance(20 * time.Minute)
	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, "note: 1 send(s) in `sending` for more than 15m0s (oldest claimed 2026-11-02T01:00:00Z)") {
		t.Fatalf("left in sending: %d %q", code, body)
	}
}

// A server answering every RCPT of the mailbox with a 4xx about the relay,
// the sender or the sending host ("454 4.7.1 Relay access denied", SASL no
// longer offered) fails every mail of the mailbox after its attempts, and
// that is the mailbox's trouble, not its recipients': /healthz names it.
func TestHealthzNamesAMailboxRefusedAtRCPTForItsOwnSakeForAWhile(t *testing.T) {
	ctx := context.Background()
	db, clock, ops, base := startOps(t, nil)
	ops.watchSenders(false, nil, "lily")
	srv := mailtest.NewSMTPServer(t)
	acct := mailsync.Account{Mailbox: "lily", SMTPURL: srv.URL().String(), Username: mailtest.SMTPUser, Password: mailtest.SMTPPassword,
		ServerFilesSent: true, Timeout: time.Minute, DailyCap: -1}
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, nil, clock, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(db, snd, clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{MaxAttempts: 2})
	var items []int64
	for i, to := range []string{"anna@buyer.example", "bob@other.example"} {
		srv.RejectRcptAnswer(to, 454, smtp.EnhancedCode{4, 7, 1}, "<"+to+">: Relay access denied")
		now := clock.Now()
		it, _, err := db.Enqueue(ctx, keepwarm.OutboxItem{Key: "seq:r" + string(rune('a'+i)) + ":1", MessageID: keepwarm.NewMessageID("acme.example"),
			Mailbox: "lily", From: keepwarm.Address{Email: "lily@acme.example"}, To: []keepwarm.Address{{Email: to}},
			Subject: "Re: quotation", Text: "Dear Hans", Mode: keepwarm.ModeSend, DueAt: now, NextAttemptAt: now, CreatedAt: now, Origin: "sequence"})
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, it.ID)
	}
	for range 40 {
		if _, err := disp.RunOnce(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
	}
	for _, id := range items {
		it, err := db.OutboxItem(ctx, id)
		if err != nil || it.Status != keepwarm.OutboxFailed || !strings.Contains(it.LastError, "Relay access denied") {
			t.Fatalf("item %d: %s %q %v; want failed at RCPT", id, it.Status, it.LastError, err)
		}
	}
	if code, body := get(t, base+"/healthz"); code != 503 || !strings.Contains(body, "mailbox lily: 2 mail(s) failed for good, none sent since") {
		t.Fatalf("the relay refusing the mailbox at RCPT for a while: %d %q", code, body)
	}
}
