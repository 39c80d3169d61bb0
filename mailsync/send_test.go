package mailsync_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
	"keepwarm/store"
)

const (
	seller   = "li@seller.example"
	buyer    = "bob@buyer.example"
	imapPass = "imap-secret"
)

var sendT0 = time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)

// rig is one sending setup: a store, an IMAP server with the seller's and
// the buyer's mailboxes, an SMTP server delivering into the buyer's INBOX,
// and a dispatcher on a manual clock.
type rig struct {
	t     *testing.T
	ctx   context.Context
	clock *keepwarm.ManualClock
	db    *store.DB
	imap  mailtest.Server
	smtp  *mailtest.SMTPServer
	snd   *mailsync.Sender
	disp  *mailsync.Dispatcher
	acct  mailsync.Account
	dials *atomic.Int32 // IMAP logins the sender made
	// dialFails is how many of the next IMAP logins fail (a timeout).
	dialFails *atomic.Int32
	dbPath    string
	draft     keepwarm.OutboxItem // a queued draft, where a test needs one
}

func newRig(t *testing.T, srv mailtest.Server, tune func(*mailsync.Account)) *rig {
	t.Helper()
	ctx := context.Background()
	clock := keepwarm.NewManualClock(sendT0)
	dbPath := filepath.Join(t.TempDir(), "kw.db")
	db, err := store.Open(ctx, dbPath, sendT0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv.AddUser(t, seller, imapPass)
	srv.AddUser(t, buyer, imapPass)
	smtpSrv := mailtest.NewSMTPServer(t)
	smtpSrv.OnMessage(mailtest.AppendTo(srv.Dial(t, buyer), "INBOX"))
	acct := mailsync.Account{
		Mailbox:  "team",
		SMTPURL:  smtpSrv.URL().String(),
		Username: mailtest.SMTPUser,
		Password: mailtest.SMTPPassword,
		Timeout:  time.Minute,
	}
	if tune != nil {
		tune(&acct)
	}
	login := mailtest.SenderDialer(srv.Addr(), seller, imapPass)
	dials, dialFails := new(atomic.Int32), new(atomic.Int32)
	dial := func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
		dials.Add(1)
		if dialFails.Add(-1) >= 0 {
			return nil, errors.New("dial tcp 127.0.0.1:993: i/o timeout")
		}
		dialFails.Store(0)
		return login(ctx, mailbox)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	snd, err := mailsync.NewSender([]mailsync.Account{acct}, dial, clock, log)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(db, snd, clock, log, mailsync.DispatcherOptions{})
	return &rig{t: t, ctx: ctx, clock: clock, db: db, imap: srv, smtp: smtpSrv, snd: snd, disp: disp, acct: acct, dials: dials, dialFails: dialFails, dbPath: dbPath}
}

func (r *rig) enqueue(key string, mode keepwarm.SendMode) keepwarm.OutboxItem {
	r.t.Helper()
	return r.enqueueTuned(key, mode, nil)
}

// enqueueTuned is enqueue with the item changed by tune first.
func (r *rig) enqueueTuned(key string, mode keepwarm.SendMode, tune func(*keepwarm.OutboxItem)) keepwarm.OutboxItem {
	r.t.Helper()
	it := keepwarm.OutboxItem{
		Key:        key,
		MessageID:  keepwarm.NewMessageID("seller.example"),
		Mailbox:    "team",
		From:       keepwarm.Address{Name: "Li Wei", Email: seller},
		To:         []keepwarm.Address{{Name: "Bob Buyer", Email: buyer}},
		Subject:    "Re: Quotation for LED panels",
		Text:       "Dear Bob,\n\nDid you receive my mail?\n\nLi Wei\n",
		HTML:       "<p>Dear Bob,</p><p>Did you receive my mail?</p>",
		InReplyTo:  "q1@seller.example",
		References: []string{"inq@buyer.example", "q1@seller.example"},
		Mode:       mode,
		Origin:     "sequence",
		DueAt:      r.clock.Now(),
		CreatedAt:  r.clock.Now(),
	}
	if tune != nil {
		tune(&it)
	}
	got, _, err := r.db.Enqueue(r.ctx, it)
	if err != nil {
		r.t.Fatal(err)
	}
	return got
}

func (r *rig) run() mailsync.RunResult {
	r.t.Helper()
	res, err := r.disp.RunOnce(r.ctx, r.clock.Now())
	if err != nil {
		r.t.Fatalf("RunOnce: %v", err)
	}
	return res
}

func (r *rig) item(id int64) keepwarm.OutboxItem {
	r.t.Helper()
	it, err := r.db.OutboxItem(r.ctx, id)
	if err != nil {
		r.t.Fatal(err)
	}
	return it
}

// claimComposed claims the one item queued, as a pass does before it
// sends, and composes it: what a crash after the claim left in sending,
// with the bytes the server was given (to put a copy of it in a folder).
func (r *rig) claimComposed() (keepwarm.OutboxItem, []byte) {
	r.t.Helper()
	claimed, err := r.db.ClaimDue(r.ctx, r.clock.Now(), 10)
	if err != nil || len(claimed) != 1 {
		r.t.Fatalf("claim: %v %v", claimed, err)
	}
	raw, err := r.snd.Compose(claimed[0])
	if err != nil {
		r.t.Fatal(err)
	}
	return claimed[0], raw
}

func hasFlag(flags []imap.Flag, f imap.Flag) bool { return slices.Contains(flags, f) }

func TestSendFilesExactBytesInSent(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newRig(t, srv, nil)
		it := r.enqueue("seq:1:1", keepwarm.ModeSend)
		if res := r.run(); res.Sent != 1 {
			t.Fatalf("run: %+v, want one sent", res)
		}
		got := r.item(it.ID)
		if got.Status != keepwarm.OutboxSent || got.SentAt.IsZero() || got.AppendedAt.IsZero() {
			t.Fatalf("item after send: %+v", got)
		}
		msgs := r.smtp.Messages()
		if len(msgs) != 1 || msgs[0].From != seller || !slices.Equal(msgs[0].To, []string{buyer}) {
			t.Fatalf("smtp received %+v", msgs)
		}
		raw := string(msgs[0].Raw)
		for _, want := range []string{
			"Message-ID: <" + it.MessageID + ">\r\n",
			"In-Reply-To: <q1@seller.example>\r\n",
			"References: <inq@buyer.example> <q1@seller.example>\r\n",
			"Subject: Re: Quotation for LED panels\r\n",
		} {
			if !strings.Contains(raw, want) {
				t.Errorf("sent message lacks %q:\n%s", want, raw)
			}
		}
		sent := mailtest.Raw(t, srv, seller, "Sent")
		if len(sent) != 1 || !bytes.Equal(bytes.TrimRight(sent[0], "\r\n"), bytes.TrimRight(msgs[0].Raw, "\r\n")) {
			t.Fatalf("Sent holds %d messages; first differs from what was sent:\n%s\n---\n%s", len(sent), sent, msgs[0].Raw)
		}
		for _, flags := range mailtest.Flags(t, srv, seller, "Sent") {
			if !hasFlag(flags, imap.FlagSeen) {
				t.Errorf("Sent copy flags %v, want \\Seen", flags)
			}
		}
		inbox := mailtest.Raw(t, srv, buyer, "INBOX")
		if len(inbox) != 1 || !bytes.Contains(inbox[0], []byte("References: <inq@buyer.example> <q1@seller.example>\r\n")) {
			t.Fatalf("recipient INBOX: %d messages", len(inbox))
		}
		// A second run, and a second pass filing copies, change nothing.
		r.clock.Advance(time.Hour)
		if res := r.run(); res.Sent != 0 {
			t.Fatalf("second run sent again: %+v", res)
		}
		if err := r.snd.FileSent(r.ctx, got); err != nil {
			t.Fatal(err)
		}
		if n := len(mailtest.Raw(t, srv, seller, "Sent")); n != 1 || r.smtp.DataCount() != 1 {
			t.Fatalf("after repeats: %d in Sent, %d DATA", n, r.smtp.DataCount())
		}
	})
}

func TestTemporaryFailureRetriesWithBackoff(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	r.smtp.FailNextData(1, 451)
	it := r.enqueue("seq:2:1", keepwarm.ModeSend)
	if res := r.run(); res.Retried != 1 {
		t.Fatalf("first run: %+v, want one retry", res)
	}
	got := r.item(it.ID)
	if got.Status != keepwarm.OutboxQueued || !strings.Contains(got.LastError, "451") || !got.NextAttemptAt.Equal(sendT0.Add(time.Minute)) {
		t.Fatalf("after 451: %+v", got)
	}
	if res := r.run(); res.Sent+res.Retried != 0 || res.Next != sendT0.Add(time.Minute) {
		t.Fatalf("run before the backoff ended: %+v", res)
	}
	r.clock.Advance(time.Minute)
	if res := r.run(); res.Sent != 1 {
		t.Fatalf("retry run: %+v", res)
	}
	if n, d := len(r.smtp.Messages()), r.smtp.DataCount(); n != 1 || d != 2 {
		t.Fatalf("delivered %d (DATA %d), want once after two tries", n, d)
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSent || got.Attempts != 2 {
		t.Fatalf("final: %+v", got)
	}
}

func TestBackoffIsCappedAndAttemptsRunOut(t *testing.T) {
	d := mailsync.NewDispatcher(nil, nil, nil, nil, mailsync.DispatcherOptions{})
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := d.Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	r := newRig(t, mailtest.NewMemServer(t), nil)
	r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.NewTextHandler(io.Discard, nil)), mailsync.DispatcherOptions{MaxAttempts: 2})
	r.smtp.FailNextData(5, 421)
	it := r.enqueue("seq:9:1", keepwarm.ModeSend)
	r.run()
	r.clock.Advance(time.Minute)
	if res := r.run(); res.Failed != 1 {
		t.Fatalf("second temporary failure with MaxAttempts 2: %+v", res)
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxFailed || !strings.Contains(got.LastError, "gave up after 2 attempts") {
		t.Fatalf("final: %+v", got)
	}
}

func TestPermanentFailureIsRecorded(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	r.smtp.RejectRcpt(buyer, 550)
	it := r.enqueue("seq:3:1", keepwarm.ModeSend)
	if res := r.run(); res.Failed != 1 {
		t.Fatalf("run: %+v, want one failure", res)
	}
	got := r.item(it.ID)
	if got.Status != keepwarm.OutboxFailed || !strings.Contains(got.LastError, "550") {
		t.Fatalf("after 550: %+v", got)
	}
	r.clock.Advance(24 * time.Hour)
	r.run()
	if r.smtp.DataCount() != 0 || len(mailtest.Raw(t, r.imap, seller, "Sent")) != 0 {
		t.Fatal("a refused message was sent or filed")
	}
}

func TestDropAfterDataIsUncertainAndNotRetried(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	r.smtp.DropNextData(1)
	it := r.enqueue("seq:4:1", keepwarm.ModeSend)
	if res := r.run(); res.Uncertain != 1 {
		t.Fatalf("run: %+v, want one uncertain", res)
	}
	got := r.item(it.ID)
	if got.Status != keepwarm.OutboxUncertain || got.LastError == "" {
		t.Fatalf("after drop: %+v", got)
	}
	for range 3 {
		r.clock.Advance(2 * time.Hour)
		r.run()
	}
	if d := r.smtp.DataCount(); d != 1 {
		t.Fatalf("DATA sent %d times, want 1: an uncertain item was resent", d)
	}
}

func TestDraftModeAppendsToDraftsAndSendsNothing(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newRig(t, srv, nil)
		it := r.enqueue("seq:5:1", keepwarm.ModeDraft)
		if res := r.run(); res.Drafted != 1 {
			t.Fatalf("run: %+v, want one drafted", res)
		}
		if got := r.item(it.ID); got.Status != keepwarm.OutboxDrafted {
			t.Fatalf("item: %+v", got)
		}
		if r.smtp.DataCount() != 0 {
			t.Fatal("draft mode sent over SMTP")
		}
		drafts := mailtest.Flags(t, srv, seller, "Drafts")
		if len(drafts) != 1 {
			t.Fatalf("Drafts holds %d messages, want 1", len(drafts))
		}
		for _, flags := range drafts {
			if !hasFlag(flags, imap.FlagDraft) {
				t.Fatalf("draft flags %v, want \\Draft", flags)
			}
		}
		if len(mailtest.Raw(t, srv, seller, "Sent")) != 0 {
			t.Fatal("draft filed in Sent")
		}
	})
}

func TestServerFilesSentSkipsAppend(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) { a.ServerFilesSent = true })
	it := r.enqueue("seq:6:1", keepwarm.ModeSend)
	r.run()
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
		t.Fatalf("item: %+v", got)
	}
	if n := len(mailtest.Raw(t, r.imap, seller, "Sent")); n != 0 {
		t.Fatalf("Sent holds %d: APPENDed although the server files sends itself", n)
	}
}

func TestDailyCapAndMinimumGap(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) {
		a.DailyCap = 2
		a.MinGap = 10 * time.Minute
	})
	for _, k := range []string{"g:1", "g:2", "g:3"} {
		r.enqueue(k, keepwarm.ModeSend)
	}
	if res := r.run(); res.Sent != 1 || !res.Next.Equal(sendT0.Add(10*time.Minute)) {
		t.Fatalf("first run: %+v, want one sent and the next after the gap", res)
	}
	r.clock.Advance(5 * time.Minute)
	if res := r.run(); res.Sent != 0 {
		t.Fatalf("inside the gap: %+v", res)
	}
	r.clock.Advance(5 * time.Minute)
	if res := r.run(); res.Sent != 1 {
		t.Fatalf("after the gap: %+v", res)
	}
	r.clock.Advance(time.Hour)
	nextDay := time.Date(2026, 11, 6, 0, 0, 0, 0, time.UTC)
	if res := r.run(); res.Sent != 0 || !res.Next.Equal(nextDay) {
		t.Fatalf("cap reached: %+v, want nothing until %v", res, nextDay)
	}
	r.clock.Set(nextDay)
	if res := r.run(); res.Sent != 1 {
		t.Fatalf("next day: %+v", res)
	}
	if n := len(r.smtp.Messages()); n != 3 {
		t.Fatalf("delivered %d, want 3", n)
	}
}

func TestHeaderInjectionRefused(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	cases := map[string]func(*keepwarm.OutboxItem){
		"subject":  func(it *keepwarm.OutboxItem) { it.Subject = "Hello\r\nBcc: victim@evil.example" },
		"lf":       func(it *keepwarm.OutboxItem) { it.Subject = "Hello\nBcc: victim@evil.example" },
		"to name":  func(it *keepwarm.OutboxItem) { it.To[0].Name = "Bob\r\nBcc: victim@evil.example" },
		"to addr":  func(it *keepwarm.OutboxItem) { it.To[0].Email = "bob@buyer.example\r\nBcc: v@evil.example" },
		"two addr": func(it *keepwarm.OutboxItem) { it.To[0].Email = "bob@buyer.example, v@evil.example" },
		"refs":     func(it *keepwarm.OutboxItem) { it.References = []string{"a@b>\r\nBcc: <v@evil.example"} },
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			it := r.enqueue("inj:"+name, keepwarm.ModeSend)
			spoil(&it)
			if err := mailsync.CheckHeaders(it); keepwarm.ErrorCode(err) != keepwarm.EINVALID {
				t.Fatalf("CheckHeaders = %v, want EINVALID", err)
			}
			if err := r.snd.Deliver(r.ctx, it); mailsync.OutcomeOf(err) != mailsync.OutcomeFailed {
				t.Fatalf("Deliver = %v, want a failed outcome", err)
			}
		})
	}
	// Through the store and the dispatcher: marked failed, nothing on the wire.
	bad := r.enqueue("inj:stored", keepwarm.ModeSend)
	bad.Key, bad.Subject = "inj:stored2", "Hi\r\nBcc: victim@evil.example"
	bad.MessageID = keepwarm.NewMessageID("seller.example")
	stored, _, err := r.db.Enqueue(r.ctx, bad)
	if err != nil {
		t.Fatal(err)
	}
	r.run()
	if got := r.item(stored.ID); got.Status != keepwarm.OutboxFailed {
		t.Fatalf("injected item: %+v", got)
	}
	for _, m := range r.smtp.Messages() {
		if bytes.Contains(m.Raw, []byte("victim@evil.example")) || slices.Contains(m.To, "victim@evil.example") {
			t.Fatalf("injection reached the wire: %s", m.Raw)
		}
	}
}

func TestRecoverReconcilesBySentMessageID(t *testing.T) {
	mailtest.ForEachServer(t, func(t *testing.T, srv mailtest.Server) {
		r := newRig(t, srv, nil)
		found := r.enqueue("crash:found", keepwarm.ModeSend)
		lost := r.enqueue("crash:lost", keepwarm.ModeSend)
		// Another thread's draft: "found" in Sent is no sign of it.
		draft := r.enqueueTuned("crash:draft", keepwarm.ModeDraft, func(it *keepwarm.OutboxItem) {
			it.InReplyTo, it.References = "q2@seller.example", []string{"q2@seller.example"}
		})
		claimed, err := r.db.ClaimDue(r.ctx, r.clock.Now(), 10)
		if err != nil || len(claimed) != 3 {
			t.Fatalf("claim: %v %v", claimed, err)
		}
		// The crash came after SMTP accepted "found" and a copy reached Sent.
		raw, err := r.snd.Compose(claimed[0])
		if err != nil {
			t.Fatal(err)
		}
		srv.Append(t, seller, "Sent", raw, r.clock.Now())
		if ok, err := r.snd.InSent(r.ctx, "team", found.MessageID); err != nil || !ok {
			t.Fatalf("InSent = %v, %v", ok, err)
		}
		if err := r.disp.Recover(r.ctx); err != nil {
			t.Fatal(err)
		}
		if got := r.item(found.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
			t.Fatalf("found: %+v", got)
		}
		if got := r.item(lost.ID); got.Status != keepwarm.OutboxUncertain {
			t.Fatalf("lost: %+v", got)
		}
		if got := r.item(draft.ID); got.Status != keepwarm.OutboxQueued {
			t.Fatalf("draft: %+v, want queued again", got)
		}
		r.run()
		if r.smtp.DataCount() != 0 {
			t.Fatal("recovery resent something")
		}
		if got := r.item(draft.ID); got.Status != keepwarm.OutboxDrafted {
			t.Fatalf("draft after run: %+v", got)
		}
	})
}

func TestStartSendsWhenKicked(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	r.disp.Start(r.ctx)
	it := r.enqueue("loop:1", keepwarm.ModeSend)
	r.disp.Kick()
	deadline := time.Now().Add(10 * time.Second)
	for r.item(it.ID).Status != keepwarm.OutboxSent {
		if time.Now().After(deadline) {
			t.Fatal("the loop did not send a kicked item")
		}
		time.Sleep(10 * time.Millisecond) // polling the test's own observation, not the code under test
	}
	if err := r.disp.Close(r.ctx); err != nil {
		t.Fatal(err)
	}
}

func TestSMTPAuthIsRequiredAndUsed(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), func(a *mailsync.Account) { a.Username = "" })
	it := r.enqueue("auth:1", keepwarm.ModeSend)
	r.run()
	if got := r.item(it.ID); got.Status == keepwarm.OutboxSent || r.smtp.DataCount() != 0 {
		t.Fatalf("sent without AUTH: %+v", got)
	}
}

func TestComposeIsDeterministic(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	it := r.enqueue("det:1", keepwarm.ModeSend)
	it.AttemptedAt = sendT0
	a, err := r.snd.Compose(it)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.snd.Compose(it)
	if !bytes.Equal(a, b) {
		t.Fatalf("two compositions differ:\n%s\n---\n%s", a, b)
	}
	if !bytes.Contains(a, []byte("multipart/alternative")) || !bytes.Contains(a, []byte("Date: Thu, 05 Nov 2026 09:00:00 +0000")) {
		t.Fatalf("composed:\n%s", a)
	}
}
