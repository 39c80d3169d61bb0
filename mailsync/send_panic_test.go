package mailsync_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/mailsync"
)

// A fault in keepwarm's own code during a sending pass (the pre-send check
// meeting data it did not expect) ends that pass, not the daemon: the item
// stays queued and goes out at a later pass.
func TestPanicInAPassDoesNotEndTheDispatcher(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	var checks atomic.Int32
	pre := func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
		if checks.Add(1) == 1 {
			var steps []string
			_ = steps[2] // the first check meets what it did not expect
		}
		return "", nil
	}
	r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, slog.New(slog.DiscardHandler), mailsync.DispatcherOptions{Precheck: pre})
	it := r.enqueue("panic:1", keepwarm.ModeSend)
	r.disp.Start(r.ctx)
	defer r.disp.Close(r.ctx)
	deadline := time.Now().Add(10 * time.Second)
	for checks.Load() < 1 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // polling the test's own observation
	}
	if got := r.item(it.ID); got.Status != keepwarm.OutboxQueued {
		t.Fatalf("after the failed pass: %s", got.Status)
	}
	for r.item(it.ID).Status != keepwarm.OutboxSent {
		if time.Now().After(deadline) {
			t.Fatalf("not sent after the failed pass: %s, %d checks", r.item(it.ID).Status, checks.Load())
		}
		r.clock.Advance(time.Minute)
		time.Sleep(20 * time.Millisecond) // polling the test's own observation
	}
}

// A send a crash interrupted whose Sent folder stays out of reach is
// checked again at every pass, but said in the log once, not at every
// pass, and its settling said once too.
func TestRecoverFailingEveryPassIsSaidOnce(t *testing.T) {
	srv := mailtest.NewMemServer(t)
	r := newRig(t, srv, nil)
	lost := r.enqueue("crash:lost", keepwarm.ModeSend)
	if _, err := r.db.ClaimDue(r.ctx, r.clock.Now(), 10); err != nil {
		t.Fatal(err)
	}
	var down atomic.Bool
	down.Store(true)
	login := mailtest.SenderDialer(srv.Addr(), seller, imapPass)
	dial := func(ctx context.Context, mailbox string) (*imapclient.Client, error) {
		if down.Load() {
			return nil, errors.New("dial tcp 10.0.0.9:993: connect: no route to host")
		}
		return login(ctx, mailbox)
	}
	var logs mailtest.LockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	snd, err := mailsync.NewSender([]mailsync.Account{r.acct}, dial, r.clock, log)
	if err != nil {
		t.Fatal(err)
	}
	disp := mailsync.NewDispatcher(r.db, snd, r.clock, log, mailsync.DispatcherOptions{})
	disp.Start(r.ctx)
	defer disp.Close(r.ctx)
	for range 6 {
		disp.Kick()
		time.Sleep(30 * time.Millisecond) // polling the test's own observation, not the code under test
	}
	if n := strings.Count(logs.String(), "level=ERROR"); n != 1 {
		t.Fatalf("%d ERROR lines for the same interrupted send unsettled over 6 passes; want 1:\n%s", n, logs.String())
	}
	down.Store(false)
	deadline := time.Now().Add(10 * time.Second)
	for r.item(lost.ID).Status == keepwarm.OutboxSending && time.Now().Before(deadline) {
		disp.Kick()
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "it works again") {
		t.Fatalf("the recovery is not said:\n%s", logs.String())
	}
}

// A fault that comes back every time on one queued item (its pre-send
// check meets data keepwarm's code did not expect) holds that item, saying
// why on it and on /healthz, and the items after it still go: it does not
// stop the mailbox's sending, nor log a stack at every pass.
func TestPanicOnOneItemHoldsItAndSendsTheRest(t *testing.T) {
	r := newRig(t, mailtest.NewMemServer(t), nil)
	var logs mailtest.LockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	pre := func(ctx context.Context, it keepwarm.OutboxItem) (string, error) {
		if it.Key == "seq:bad" {
			var steps []string
			_ = steps[2] // every check of this item meets what it did not expect
		}
		return "", nil
	}
	r.disp = mailsync.NewDispatcher(r.db, r.snd, r.clock, log, mailsync.DispatcherOptions{Precheck: pre})
	bad := r.enqueue("seq:bad", keepwarm.ModeSend)
	good := r.enqueue("seq:good", keepwarm.ModeSend)
	r.disp.Start(r.ctx)
	defer r.disp.Close(r.ctx)
	deadline := time.Now().Add(10 * time.Second)
	for r.item(good.ID).Status != keepwarm.OutboxSent && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond) // polling the test's own observation
	}
	for range 5 {
		r.clock.Advance(time.Minute)
		r.disp.Kick()
		time.Sleep(30 * time.Millisecond) // polling the test's own observation
	}
	if got := r.item(good.ID); got.Status != keepwarm.OutboxSent {
		t.Fatalf("the item after the faulty one: %s", got.Status)
	}
	got := r.item(bad.ID)
	if got.Status != keepwarm.OutboxQueued || !strings.Contains(got.LastError, "held: keepwarm fault while checking") || !got.NextAttemptAt.After(r.clock.Now()) {
		t.Fatalf("the faulty item: %s, next %s (now %s): %q", got.Status, got.NextAttemptAt, r.clock.Now(), got.LastError)
	}
	if got.Attempts != 0 {
		t.Fatalf("the faulty item was claimed: %d attempts", got.Attempts)
	}
	if n := strings.Count(logs.String(), "level=ERROR"); n != 1 {
		t.Fatalf("%d ERROR lines for one faulty item; want 1:\n%s", n, logs.String())
	}
	faults := r.disp.Faults()
	if len(faults) != 1 || faults[0].ID != bad.ID || !strings.Contains(faults[0].Panic, "index out of range") {
		t.Fatalf("faults: %+v", faults)
	}
}
