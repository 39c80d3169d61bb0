package mailsync_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
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

// An interrupted send that cannot be checked at start (the mailbox's IMAP
// server is still down after the reboot) is checked again at the next
// pass, not left in `sending` for as long as keepwarm runs.
func TestRecoverIsTriedAgainUntilItSucceeds(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	lost := r.enqueue("crash:lost", keepwarm.ModeSend)
	if claimed, err := r.db.ClaimDue(r.ctx, r.clock.Now(), 10); err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %v %v", claimed, err)
	}
	login := mailtest.SenderDialer(srv.Addr(), seller, imapPass)
	var dials atomic.Int32
	dial := func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
		if dials.Add(1) == 1 {
			return nil, errors.New("dial: connection refused")
		}
		return login(ctx, mailbox)
	}
	log := slog.New(slog.DiscardHandler)
	snd, err := mailsync.NewSender([]mailsync.Account{r.acct}, dial, r.clock, log)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(r.db, snd, r.clock, log, mailsync.DispatcherOptions{})
	disp.Start(r.ctx)
	defer disp.Close(r.ctx)
	deadline := time.Now().Add(10 * time.Second)
	for r.item(lost.ID).Status == keepwarm.OutboxSending {
		if time.Now().After(deadline) {
			t.Fatalf("still sending after %d IMAP dials", dials.Load())
		}
		disp.Kick()                       // another pass
		time.Sleep(10 * time.Millisecond) // polling the test's own observation, not the code under test
	}
	if got := r.item(lost.ID); got.Status != keepwarm.OutboxUncertain || dials.Load() < 2 {
		t.Fatalf("interrupted send: %s after %d dials", got.Status, dials.Load())
	}
}

// A send the server accepted (250) whose `sent` the store could not record
// in time (another writer held it) is recorded as sent by the next pass,
// not called uncertain by a search of Sent that finds no copy yet.
func TestAcceptedSendRecordedWhenTheStoreWasBusy(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	release := holdStoreAtData(t, r, false) // another writer takes the store just before the server's 250
	it := r.enqueue("busy:1", keepwarm.ModeSend)
	if _, err := r.disp.RunOnce(r.ctx, r.clock.Now()); err == nil {
		t.Fatal("RunOnce recorded the send though the store was held")
	}
	if r.smtp.DataCount() != 1 || r.item(it.ID).Status != keepwarm.OutboxSending {
		t.Fatalf("%d DATA, item %s", r.smtp.DataCount(), r.item(it.ID).Status)
	}
	release()
	if err := r.disp.Recover(r.ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("accepted send: %s %q", got.Status, got.LastError)
	}
	r.run() // files the copy
	if got := r.item(it.ID); got.AppendedAt.IsZero() {
		t.Fatal("no copy filed in Sent")
	}
}

// holdStoreAtData makes another writer take r's store as the SMTP server
// reads the next message, which it then answers with a 451 when refuse is
// set (a 250 otherwise): the outcome cannot be recorded in time. The
// returned func lets the store go.
func holdStoreAtData(t *testing.T, r *rig, refuse bool) (release func()) {
	t.Helper()
	other, err := sql.Open("sqlite3", "file:"+r.dbPath+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	var tx *sql.Tx
	r.smtp.OnMessage(func(mailtest.SMTPMessage) error {
		var err error
		tx, err = other.BeginTx(context.Background(), nil)
		if err == nil {
			_, err = tx.Exec("UPDATE outbox SET last_error = last_error WHERE 0")
		}
		if err == nil && refuse {
			err = errors.New("mailbox of the recipient is busy, try later")
		}
		return err
	})
	return func() {
		t.Helper()
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
	}
}

// A send the server answered 451 (it certainly did not go) whose retry the
// store could not record in time is recorded queued for its retry by the
// next pass, its attempt counted: not searched for in Sent and called
// uncertain ("check with the recipient"), which would stop its follow-up
// and send the salesperson to ask about a mail that never left.
func TestRetryRecordedWhenTheStoreWasBusy(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	release := holdStoreAtData(t, r, true)
	it := r.enqueue("busy:retry", keepwarm.ModeSend)
	if _, err := r.disp.RunOnce(r.ctx, r.clock.Now()); err == nil {
		t.Fatal("RunOnce recorded the retry though the store was held")
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSending {
		t.Fatalf("item %s, want still sending", got.Status)
	}
	release()
	if err := r.disp.Recover(r.ctx); err != nil {
		t.Fatal(err)
	}
	got := r.item(it.ID)
	if got.Status != keepwarm.OutboxQueued || got.Attempts != 1 || !strings.Contains(got.LastError, "451") ||
		!got.NextAttemptAt.After(r.clock.Now()) {
		t.Fatalf("refused send: %s, %d attempts, next %v: %q; want queued for a retry after the 451", got.Status, got.Attempts, got.NextAttemptAt, got.LastError)
	}
}

// The end of a process (a tick, a stop) records the outcome its pass could
// not (Flush): the next process's Recover, which knows nothing of it, finds
// the send sent, not interrupted and missing from Sent (its copy is filed
// only once it is recorded), and files its copy.
func TestFlushRecordsAnAcceptedSendForTheNextProcess(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	release := holdStoreAtData(t, r, false)
	it := r.enqueue("busy:flush", keepwarm.ModeSend)
	if _, err := r.disp.RunOnce(r.ctx, r.clock.Now()); err == nil {
		t.Fatal("RunOnce recorded the send though the store was held")
	}
	release()
	if err := r.disp.Flush(r.ctx); err != nil {
		t.Fatal(err)
	}
	next := mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{})
	if err := next.Recover(r.ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("accepted send after the next start: %s %q", got.Status, got.LastError)
	}
	if _, err := next.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := r.item(it.ID); got.AppendedAt.IsZero() || r.smtp.DataCount() != 1 {
		t.Fatalf("copy filed at %v after %d DATA, want filed after 1", got.AppendedAt, r.smtp.DataCount())
	}
}

// A send interrupted in a mailbox since removed from the configuration is
// settled as uncertain, saying why, instead of failing to be checked at
// every start and staying in `sending`.
func TestRecoverSettlesASendOfARemovedMailbox(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	it := r.enqueue("crash:gone", keepwarm.ModeSend)
	if _, err := r.db.ClaimDue(r.ctx, r.clock.Now(), 10); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	snd, err := mailsync.NewSender(nil, nil, r.clock, log) // "team" removed
	if err != nil {
		t.Fatal(err)
	}
	if err := mailsync.NewDispatcher(r.db, snd, r.clock, log, mailsync.DispatcherOptions{}).Recover(r.ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxUncertain || !strings.Contains(got.LastError, "mailbox team is no longer configured") {
		t.Fatalf("interrupted send of a removed mailbox: %s %q", got.Status, got.LastError)
	}
}

// recoverDraft is the start after a crash cut a draft's attempt short:
// Recover, then a pass. It wants the draft it settled as status, with
// lastError unless that is "", and drafts messages in Drafts (none: it was
// not filed again); what says which draft it is.
func (r *rig) recoverDraft(it keepwarm.OutboxItem, what string, status keepwarm.OutboxStatus, lastError string, drafts int) {
	r.t.Helper()
	if err := r.disp.Recover(r.ctx); err != nil {
		r.t.Fatal(err)
	}
	r.run()
	if got := r.item(it.ID); got.Status != status || lastError != "" && got.LastError != lastError {
		r.t.Fatalf("%s: %s %q; want %s %q", what, got.Status, got.LastError, status, lastError)
	}
	if n := len(mailtest.Raw(r.t, r.imap, seller, "Drafts")); n != drafts {
		r.t.Fatalf("%s: Drafts holds %d messages, want %d", what, n, drafts)
	}
}

// A draft filed just before a crash that the salesperson has since sent
// (found in Sent, gone from Drafts) is drafted, not filed again: she would
// see the mail she already sent waiting to be sent a second time.
func TestRecoverDraftAlreadySentIsNotFiledAgain(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	it := r.enqueue("crash:draft", keepwarm.ModeDraft)
	_, raw := r.claimComposed()
	srv.Append(t, seller, "Sent", raw, r.clock.Now())
	r.recoverDraft(it, "interrupted draft found in Sent", keepwarm.OutboxDrafted, "", 0)
}

// A draft filed just before a crash that the salesperson has since sent
// from her mail client, which gave it a new Message-ID, is not filed
// again: in neither Drafts nor Sent under its own Message-ID, but a mail of
// its thread is in Sent since, so it is uncertain, saying where to look.
// One whose thread has nothing there since is filed again.
func TestRecoverDraftSentUnderANewMessageIDIsNotFiledAgain(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	it := r.enqueue("crash:draft", keepwarm.ModeDraft)
	_, raw := r.claimComposed()
	sent := bytes.Replace(raw, []byte("<"+it.MessageID+">"), []byte("<client-1@seller.example>"), 1)
	if bytes.Equal(sent, raw) {
		t.Fatal("the draft's Message-ID is not in its header")
	}
	r.clock.Advance(8 * time.Hour) // she sent it the next morning
	srv.Append(t, seller, "Sent", sent, r.clock.Now())
	r.recoverDraft(it, "interrupted draft sent under a new Message-ID", keepwarm.OutboxUncertain, mailsync.InterruptedDraftMaybeFiled, 0)
}

// A draft a crash interrupted whose thread has only older mail in Sent
// (her reply of last week) is filed again: nothing says it was filed.
func TestRecoverDraftNotFiledIsFiledAgain(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	it := r.enqueue("crash:draft", keepwarm.ModeDraft)
	_, raw := r.claimComposed()
	old := bytes.Replace(raw, []byte("<"+it.MessageID+">"), []byte("<client-0@seller.example>"), 1)
	srv.Append(t, seller, "Sent", old, r.clock.Now().AddDate(0, 0, -5))
	r.recoverDraft(it, "interrupted draft with nothing of it since", keepwarm.OutboxDrafted, "", 1)
}

// A draft a crash interrupted that the salesperson has since sent from her
// phone, whose copy is in the phone's "Sent" beside Outlook's fuller "Sent
// Items" (no folder marked \Sent), is not filed again: every Sent folder
// sync reads is looked in, not only the one copies are filed in. Under
// its own Message-ID it is drafted; under the phone's new one, uncertain.
func TestRecoverDraftSentFromAnotherSentFolderIsNotFiledAgain(t *testing.T) {
	for _, c := range []struct {
		name string
		id   string // the Message-ID of her sent copy; "" for the draft's
		want keepwarm.OutboxStatus
	}{
		{"same Message-ID", "", keepwarm.OutboxDrafted},
		{"new Message-ID", "phone-1@seller.example", keepwarm.OutboxUncertain},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t) // marks no folder \Sent
			r := newRig(t, srv, nil)
			if err := srv.Dial(t, seller).Create("Sent Items", nil).Wait(); err != nil {
				t.Fatal(err)
			}
			it := r.enqueue("crash:draft", keepwarm.ModeDraft)
			_, raw := r.claimComposed()
			for i := range 3 { // Outlook's copies of last week: the fullest
				old := bytes.Replace(raw, []byte("<"+it.MessageID+">"), []byte("<outlook-"+string(rune('a'+i))+"@seller.example>"), 1)
				old = bytes.Replace(old, []byte("In-Reply-To:"), []byte("X-Was-In-Reply-To:"), 1)
				srv.Append(t, seller, "Sent Items", old, r.clock.Now().AddDate(0, 0, -7))
			}
			sent := raw
			if c.id != "" {
				sent = bytes.Replace(raw, []byte("<"+it.MessageID+">"), []byte("<"+c.id+">"), 1)
			}
			r.clock.Advance(8 * time.Hour) // she sent it from her phone the next morning
			srv.Append(t, seller, "Sent", sent, r.clock.Now())
			r.recoverDraft(it, "interrupted draft sent from the phone's Sent", c.want, "", 0)
		})
	}
}

// appendDropDispatcher is a dispatcher of opts for r's account whose IMAP
// logins go through a front that may drop APPEND answers, returned with
// it; refuse, when not nil, is asked before each login and refuses it
// when it says so.
func (r *rig) appendDropDispatcher(opts mailsync.DispatcherOptions, refuse func() bool) (*mailsync.Dispatcher, *mailtest.AppendDropFront) {
	r.t.Helper()
	front := mailtest.NewAppendDropFront(r.t, r.imap.Addr())
	login := mailtest.SenderDialer(front.Addr(), seller, imapPass)
	dial := login
	if refuse != nil {
		dial = func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
			if refuse() {
				return nil, errors.New("dial tcp 127.0.0.1:993: connect: connection refused")
			}
			return login(ctx, mailbox)
		}
	}
	log := slog.New(slog.DiscardHandler)
	snd, err := mailsync.NewSender([]mailsync.Account{r.acct}, dial, r.clock, log)
	if err != nil {
		r.t.Fatal(err)
	}
	return mailsync.NewDispatcher(r.db, snd, r.clock, log, opts), front
}

// loseAppendAnswer is disp's first attempt at the draft it, whose APPEND
// reaches Drafts through front but loses its answer: the draft goes back
// to the queue, marked, and the copy the server stored, returned, is all
// Drafts holds.
func (r *rig) loseAppendAnswer(disp *mailsync.Dispatcher, front *mailtest.AppendDropFront, it keepwarm.OutboxItem) []byte {
	r.t.Helper()
	front.DropNextAppends(1)
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		r.t.Fatal(err)
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxQueued || !got.AppendLost {
		r.t.Fatalf("after the lost answer: %s %q (append lost %v), want queued for a retry, marked", got.Status, got.LastError, got.AppendLost)
	}
	drafts := mailtest.Raw(r.t, r.imap, seller, "Drafts")
	if len(drafts) != 1 {
		r.t.Fatalf("Drafts holds %d, want the draft the server stored", len(drafts))
	}
	return drafts[0]
}

// A greeting's draft whose APPEND reached Drafts, the line lost before the
// server's OK, goes back to the queue; meanwhile Lily sends the draft from
// her mail client, which gives it a new Message-ID, or saves it edited,
// which does too. The retry looks for it as after a crash (Drafts and
// Sent, then a mail to its recipient since) and files no second copy she
// might send too. That it may be filed is kept through an attempt that
// fails before its APPEND (the same outage) and a precheck's hold (the
// send window) between: their errors write over the first one's. It is
// kept too through a hold of days (a monthly letter held while she is
// away): she sent it the day its APPEND lost its answer, and the retry
// looks for her mail from the day before that attempt, not before itself.
func TestDraftWhoseAppendAnswerWasLostIsNotFiledAgain(t *testing.T) {
	for _, c := range []struct {
		name    string
		sent    bool   // she sent the draft before the retry (else saved it edited)
		between string // "dial fails", "held", "held 3d": an attempt between that files nothing
		want    keepwarm.OutboxStatus
		drafts  int
	}{
		{"sent from Drafts meanwhile", true, "", keepwarm.OutboxUncertain, 0},
		{"saved edited in Drafts", false, "", keepwarm.OutboxUncertain, 1},
		{"sent, a failed attempt between", true, "dial fails", keepwarm.OutboxUncertain, 0},
		{"sent, held between", true, "held", keepwarm.OutboxUncertain, 0},
		{"sent, held three days between", true, "held 3d", keepwarm.OutboxUncertain, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			r := newRig(t, srv, nil)
			var refuse, hold atomic.Bool
			holdFor, key, subject, origin := time.Hour, "greet:1:christmas:2026", "Merry Christmas", "greeting"
			if c.between == "held 3d" { // her monthly letter, held until she is back
				holdFor, key, subject, origin = 72*time.Hour, "letter:1:2026-12", "News for December", "letter"
			}
			precheck := func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
				if hold.Swap(false) {
					return "", &keepwarm.Hold{Until: r.clock.Now().Add(holdFor), Reason: "outside the customer's send window"}
				}
				return "", nil
			}
			disp, front := r.appendDropDispatcher(mailsync.DispatcherOptions{Precheck: precheck}, func() bool { return refuse.Swap(false) })
			it := r.enqueueTuned(key, keepwarm.ModeDraft, func(it *keepwarm.OutboxItem) {
				it.InReplyTo, it.References, it.Subject, it.Origin = "", nil, subject, origin
			})
			stored := r.loseAppendAnswer(disp, front, it)
			if c.between != "" {
				r.clock.Advance(10 * time.Minute)
				refuse.Store(c.between == "dial fails")
				hold.Store(strings.HasPrefix(c.between, "held"))
				if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
					t.Fatal(err)
				}
				got := r.item(it.ID)
				if got.Status != keepwarm.OutboxQueued || strings.Contains(got.LastError, "append to") {
					t.Fatalf("the attempt between: %s %q, want queued with its own error", got.Status, got.LastError)
				}
				if refuse.Load() || hold.Load() {
					t.Fatal("the attempt between did not reach the dial or the precheck")
				}
				if c.between != "held 3d" {
					r.clock.Advance(time.Hour)
				}
			}
			r.clock.Advance(10 * time.Minute)
			// Sent or saved edited, the draft the server stored leaves Drafts.
			cl := srv.Dial(t, seller)
			if _, err := cl.Select("Drafts", nil).Wait(); err != nil {
				t.Fatal(err)
			}
			if err := cl.Store(imap.SeqSetNum(1), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Flags: []imap.Flag{imap.FlagDeleted}}, nil).Close(); err != nil {
				t.Fatal(err)
			}
			if err := cl.Expunge().Close(); err != nil {
				t.Fatal(err)
			}
			if c.sent {
				sent := bytes.Replace(stored, []byte("<"+it.MessageID+">"), []byte("<client-7@seller.example>"), 1)
				if bytes.Equal(sent, stored) {
					t.Fatal("the draft's Message-ID is not in its header")
				}
				srv.Append(t, seller, "Sent", sent, r.clock.Now())
			} else { // saved edited: the client's new copy replaces it
				edited := bytes.Replace(stored, []byte("<"+it.MessageID+">"), []byte("<client-8@seller.example>"), 1)
				srv.Append(t, seller, "Drafts", edited, r.clock.Now())
			}
			if c.between == "held 3d" {
				r.clock.Advance(holdFor) // she is back: the retry comes days after her send
			}
			if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
				t.Fatal(err)
			}
			got := r.item(it.ID)
			if got.Status != c.want {
				t.Fatalf("the retry: %s %q, want %s", got.Status, got.LastError, c.want)
			}
			if c.want == keepwarm.OutboxUncertain && got.LastError != mailsync.InterruptedDraftMaybeFiled {
				t.Fatalf("the retry's note: %q", got.LastError)
			}
			if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != c.drafts {
				t.Fatalf("Drafts holds %d messages, want %d: the greeting was filed again", n, c.drafts)
			}
		})
	}
}

// A monthly letter's draft whose APPEND lost its answer, which Lily sent
// from Drafts that afternoon under a new Message-ID, is retried three
// days later (held while she was away), and a crash cuts that retry short.
// Recover looks for her mail from the day before the attempt that lost its
// answer, not before the retry's claim: uncertain, not filed again.
func TestRecoverRetriedDraftWhoseAppendAnswerWasLostDaysAgo(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	it := r.enqueueTuned("letter:1:2026-12", keepwarm.ModeDraft, func(it *keepwarm.OutboxItem) {
		it.InReplyTo, it.References, it.Subject, it.Origin = "", nil, "News for December", "letter"
	})
	_, raw := r.claimComposed()
	if err := r.db.MarkRetryAppendLost(r.ctx, it.ID, r.clock.Now(), "mailsync: imap team: append to Drafts: EOF"); err != nil {
		t.Fatal(err)
	}
	r.clock.Advance(10 * time.Minute) // she sent the draft the server stored
	sent := bytes.Replace(raw, []byte("<"+it.MessageID+">"), []byte("<client-9@seller.example>"), 1)
	if bytes.Equal(sent, raw) {
		t.Fatal("the draft's Message-ID is not in its header")
	}
	srv.Append(t, seller, "Sent", sent, r.clock.Now())
	r.clock.Advance(72 * time.Hour)
	r.claimComposed() // the retry, cut short by a crash
	r.recoverDraft(it, "retry of a draft sent three days ago, interrupted", keepwarm.OutboxUncertain, mailsync.InterruptedDraftMaybeFiled, 0)
}

// sentNotRecorded is the database failing to record the first sends
// accepted (another writer holding it past the wait).
type sentNotRecorded struct {
	*store.DB
	fails atomic.Int32
}

func (s *sentNotRecorded) MarkSent(ctx context.Context, id int64, now time.Time) error {
	if s.fails.Add(-1) >= 0 {
		return fmt.Errorf("store: outbox %d sent: database is locked", id)
	}
	return s.DB.MarkSent(ctx, id, now)
}

// Flush's pause between its tries is on the dispatcher's clock: a try that
// failed is made again once the clock has moved a second, not a second of
// the machine's.
func TestFlushWaitsOnTheDispatchersClock(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	st := &sentNotRecorded{DB: r.db}
	st.fails.Store(2) // the pass's, then Flush's first try
	disp := mailsync.NewDispatcher(st, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{})
	it := r.enqueue("busy:clock", keepwarm.ModeSend)
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err == nil {
		t.Fatal("RunOnce recorded the send though the store failed")
	}
	done := make(chan error, 1)
	go func() { done <- disp.Flush(r.ctx) }()
	waitFor(t, func() bool { return r.clock.PendingWithin(time.Second) > 0 })
	select {
	case err := <-done:
		t.Fatalf("Flush ended with the clock stopped: %v", err)
	case <-time.After(1500 * time.Millisecond):
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSending {
		t.Fatalf("before the clock moved: %s", got.Status)
	}
	r.clock.Advance(time.Second)
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Flush did not try again once the clock moved")
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("after Flush: %s %q", got.Status, got.LastError)
	}
}

// A copy filed in Sent lists the mailbox's folders once, and asks the size
// of each Sent candidate ("Sent" and "Sent Items", none marked \Sent) once:
// the folder it is filed in and the others it is looked for in first come
// from the same LIST, not one each (a full listing per send on an Exchange
// mailbox with thousands of customer folders).
func TestASentCopyListsTheFoldersOnce(t *testing.T) {
	srv := mailtest.NewMemServer(t) // marks no folder \Sent
	r := newRig(t, srv, nil)
	if err := srv.Dial(t, seller).Create("Sent Items", nil).Wait(); err != nil {
		t.Fatal(err)
	}
	front := mailtest.NewCommandFront(t, srv.Addr())
	log := slog.New(slog.DiscardHandler)
	snd, err := mailsync.NewSender([]mailsync.Account{r.acct}, mailtest.SenderDialer(front.Addr(), seller, imapPass), r.clock, log)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(r.db, snd, r.clock, log, mailsync.DispatcherOptions{})
	it := r.enqueue("copy:1", keepwarm.ModeSend)
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSent || got.AppendedAt.IsZero() {
		t.Fatalf("the send: %s, copy filed at %v (%q)", got.Status, got.AppendedAt, got.LastError)
	}
	if n := len(mailtest.Raw(t, srv, seller, "Sent")) + len(mailtest.Raw(t, srv, seller, "Sent Items")); n != 1 {
		t.Fatalf("%d copies in Sent and Sent Items, want 1", n)
	}
	// The look for the folders before the send is a connection of its
	// own (kept for the mailbox), the copy's another.
	logins, lists, statuses := front.Commands(" LOGIN "), front.Commands(" LIST "), front.Commands(" STATUS ")
	if len(logins) == 0 || len(lists) != len(logins) || len(statuses) != 2*len(logins) {
		t.Fatalf("filing one copy: %d connections, %d LIST %q and %d STATUS %q; want on each 1 LIST and a STATUS of each Sent folder",
			len(logins), len(lists), lists, len(statuses), statuses)
	}
}

// A draft whose APPEND lost its answer may be in Drafts: when its attempts
// run out (the provider's trouble goes on, or the last attempt's own APPEND
// loses its answer), it is given up as uncertain, with a note to look in
// Drafts and Sent, not as failed, which the desk's Resume or Resend would
// file again beside the copy she may send.
func TestDraftGivenUpAfterItsAppendAnswerWasLostIsUncertain(t *testing.T) {
	for _, c := range []struct {
		name        string
		maxAttempts int
		dialFails   bool // the attempt after the lost answer cannot log in
	}{
		{"the next attempt cannot log in", 2, true},
		{"the last attempt's answer is lost", 1, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := mailtest.NewMemServer(t)
			r := newRig(t, srv, nil)
			var refuse atomic.Bool
			var settled []keepwarm.OutboxStatus
			disp, front := r.appendDropDispatcher(mailsync.DispatcherOptions{
				MaxAttempts: c.maxAttempts,
				Settled: func(ctx context.Context, it keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string, refused []string) error {
					settled = append(settled, status)
					return nil
				},
			}, refuse.Load)
			it := r.enqueueTuned("letter:1:2026-12", keepwarm.ModeDraft, func(it *keepwarm.OutboxItem) {
				it.InReplyTo, it.References, it.Subject, it.Origin = "", nil, "News for December", "letter"
			})
			front.DropNextAppends(1)
			if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
				t.Fatal(err)
			}
			if c.dialFails {
				r.clock.Advance(time.Hour)
				refuse.Store(true)
				if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
					t.Fatal(err)
				}
			}
			got := r.item(it.ID)
			if got.Status != keepwarm.OutboxUncertain {
				t.Fatalf("given up: %s %q, want uncertain: it may be in Drafts", got.Status, got.LastError)
			}
			if !strings.Contains(got.LastError, "gave up after") || !strings.Contains(got.LastError, "Drafts and Sent") {
				t.Fatalf("the note does not say to look in Drafts and Sent: %q", got.LastError)
			}
			if len(settled) != 1 || settled[0] != keepwarm.OutboxUncertain {
				t.Fatalf("Settled told %v, want uncertain once", settled)
			}
			if n := len(mailtest.Raw(t, srv, seller, "Drafts")); n != 1 {
				t.Fatalf("Drafts holds %d, want the one copy the server stored", n)
			}
		})
	}
}

// A letter's draft whose APPEND lost its answer (the server stored it) and
// that the next attempt's last look skips (its month ended, she is away
// past it, the contact opted out) is not to be sent: the copy it may have
// filed is taken out of her Drafts, found by its own Message-ID, as an
// opted-out recipient's drafted letter is. A mail of hers in Drafts is
// left alone.
func TestSkippedDraftWhoseAppendAnswerWasLostLeavesDrafts(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	var skip atomic.Bool
	precheck := func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
		if skip.Load() {
			return "the letter's month ended: its draft is not filed late", nil
		}
		return "", nil
	}
	disp, front := r.appendDropDispatcher(mailsync.DispatcherOptions{Precheck: precheck}, nil)
	it := r.enqueueTuned("letter:1:2026-12", keepwarm.ModeDraft, func(it *keepwarm.OutboxItem) {
		it.InReplyTo, it.References, it.Subject, it.Origin = "", nil, "News for December", "letter"
	})
	stored := r.loseAppendAnswer(disp, front, it)
	hers := bytes.Replace(stored, []byte("<"+it.MessageID+">"), []byte("<client-3@seller.example>"), 1)
	srv.Append(t, seller, "Drafts", hers, r.clock.Now())
	r.clock.Advance(time.Hour)
	skip.Store(true)
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxSkipped {
		t.Fatalf("the last look: %s %q, want skipped", got.Status, got.LastError)
	}
	r.clock.Advance(time.Minute)
	if _, err := disp.RunOnce(r.ctx, r.clock.Now()); err != nil {
		t.Fatal(err)
	}
	left := mailtest.Raw(t, srv, seller, "Drafts")
	if len(left) != 1 || !bytes.Contains(left[0], []byte("<client-3@seller.example>")) {
		t.Fatalf("Drafts holds %d messages, want only hers: the skipped letter's copy stayed", len(left))
	}
}
