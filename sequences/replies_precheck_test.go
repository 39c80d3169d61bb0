package sequences_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
	"keepwarm/store"
)

// TestNudgePrecheckLooksAtTheMessageNow: the last look before a nudge goes
// out lets it go while the customer still waits, and gives the reason to
// drop it once an answer is stored (before the clocks are measured again),
// for a message that no longer holds a clock, and for one that is gone.
// Items that are not nudges pass untouched.
func TestNudgePrecheckLooksAtTheMessageNow(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false)
	ctx := context.Background()
	q := ask("q-pre@globex.de", lilyUser, "Urgent: 40HQ container")
	w.deliver(lilyUser, "INBOX", q, t0)
	w.sync()
	w.clock.Set(t0.Add(time.Minute))
	if _, err := w.watch.Run(ctx, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	id := w.idOf(q.MessageID)
	nudge := func(key string) keepwarm.OutboxItem {
		return keepwarm.OutboxItem{Key: key, Origin: sequences.OriginNudge}
	}
	check := func(it keepwarm.OutboxItem) string {
		t.Helper()
		reason, err := w.watch.Precheck(ctx, it)
		if err != nil {
			t.Fatalf("precheck %s: %v", it.Key, err)
		}
		return reason
	}
	mailKey, chatKey := fmt.Sprintf("nudge:%d:1", id), fmt.Sprintf("nudge:%d:2:wecom", id)
	if r := check(nudge(mailKey)); r != "" {
		t.Fatalf("the customer still waits, yet the nudge would be dropped: %q", r)
	}
	if r := check(nudge(fmt.Sprintf("nudge:%d:1", id+1000))); !strings.Contains(r, "no longer in the database") {
		t.Fatalf("a gone message: %q", r)
	}

	// Hans writes again in the thread: his first message holds the clock,
	// the second is covered by it and waits for no answer of its own.
	q2 := ask("q-pre-2@globex.de", lilyUser, "Urgent: 40HQ container", q.MessageID)
	w.deliver(lilyUser, "INBOX", q2, t0.Add(2*time.Minute))
	w.sync()
	if _, err := w.watch.Run(ctx, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if r := check(nudge(fmt.Sprintf("nudge:%d:1", w.idOf(q2.MessageID)))); !strings.Contains(r, "no longer waits for an answer") {
		t.Fatalf("a covered message: %q", r)
	}
	if r := check(nudge(mailKey)); r != "" {
		t.Fatalf("the holder still waits, yet: %q", r)
	}

	// Lily answers; the sync stores it, and no tick has measured it yet.
	w.deliver(lilyUser, "Sent", answer("ans-pre@acme-export.com", lilyUser, q.Subject, q2.MessageID), t0.Add(4*time.Minute+30*time.Second))
	w.sync()
	if c := w.clockOf(q.MessageID); !c.RepliedAt.IsZero() {
		t.Fatalf("the clock was measured already: %+v", c)
	}
	for _, key := range []string{mailKey, chatKey} {
		if r := check(nudge(key)); r != "answered by lily@acme-export.com at 2026-11-02 01:04 UTC, before the nudge went out" {
			t.Fatalf("%s after the answer: %q", key, r)
		}
	}
	// Measured, the same.
	if _, err := w.watch.Run(ctx, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if r := check(nudge(mailKey)); !strings.HasPrefix(r, "answered by lily@") {
		t.Fatalf("after measuring: %q", r)
	}
	// Not a nudge, or not a nudge's key: not the reply watch's to judge.
	for _, it := range []keepwarm.OutboxItem{
		{Key: fmt.Sprintf("seq:%d:0", id), Origin: "sequence"},
		{Key: "digest:lily@acme-export.com:2026-11-02", Origin: "digest"},
		nudge("nudge:x:1"),
	} {
		if r := check(it); r != "" {
			t.Fatalf("%s (%s) judged: %q", it.Key, it.Origin, r)
		}
	}
}

// TestLookBeforeNudging: when nudges fall due the watch has the mailboxes
// synced first (Look) and measures what that found, so an answer filed
// since the last sync nudges nobody; Look is not called while nothing is
// due; a Look that fails is logged and the nudge goes on what is stored.
func TestLookBeforeNudging(t *testing.T) {
	looks := 0
	var lookErr error
	var logged bytes.Buffer // the watch logs on the goroutine that ticks
	w := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		w.log = slog.New(slog.NewTextHandler(&logged, nil)) // Info and above
		c.Look = func(ctx context.Context) error {
			looks++
			if lookErr != nil {
				return lookErr
			}
			for _, s := range w.syncers {
				if _, err := s.Sync(ctx); err != nil {
					return err
				}
			}
			return nil
		}
	})
	q := ask("q-look@globex.de", lilyUser, "Urgent: 40HQ container")
	w.deliver(lilyUser, "INBOX", q, t0)
	w.sync()
	for i := range 4 {
		w.tickAt(t0.Add(time.Duration(i) * time.Minute))
	}
	if looks != 0 {
		t.Fatalf("%d looks while no nudge was due", looks)
	}
	// Answered at 4:40, filed in Sent; no sync has run since.
	w.deliver(lilyUser, "Sent", answer("ans-look@acme-export.com", lilyUser, q.Subject, q.MessageID), t0.Add(4*time.Minute+40*time.Second))
	w.tickAt(t0.Add(5 * time.Minute))
	if looks != 1 || len(w.nudges()) != 0 {
		t.Fatalf("%d looks, %d nudges: want the look to find the answer and no nudge", looks, len(w.nudges()))
	}
	if c := w.clockOf(q.MessageID); c.RepliedBy != lilyUser || c.Seconds() != 280 {
		t.Fatalf("clock after the look: %+v", c)
	}

	// A mailbox that cannot be looked at does not hold the nudge back.
	// Its link is cut mid-command at every look, each time on a
	// connection from a new local port.
	cutAt := func(port int) error {
		return fmt.Errorf("mailsync: lily: search Sent: read tcp 10.0.0.5:%d->203.0.113.7:993: i/o timeout", port)
	}
	lookErr = cutAt(53011)
	q2 := ask("q-look-2@globex.de", lilyUser, "Samples")
	w.deliver(lilyUser, "INBOX", q2, t0.Add(time.Hour))
	w.sync()
	w.tickAt(t0.Add(time.Hour + 5*time.Minute))
	if looks != 2 || len(w.nudges()) != 1 {
		t.Fatalf("%d looks, %d nudges: want the nudge sent after the failed look", looks, len(w.nudges()))
	}

	// The mailbox stays disconnected through more nudges: the log says so
	// once, not at every round, though each cut has a new port; once a
	// look works and then fails again, it says so again.
	const failed = "could not look for answers in every mailbox"
	for i, at := range []time.Duration{2 * time.Hour, 3 * time.Hour} {
		lookErr = cutAt(53012 + i)
		q := ask(fmt.Sprintf("q-look-%d@globex.de", i+3), lilyUser, fmt.Sprintf("Price list %d", i+1))
		w.deliver(lilyUser, "INBOX", q, t0.Add(at))
		w.sync()
		w.tickAt(t0.Add(at + 5*time.Minute))
	}
	if looks != 4 || len(w.nudges()) != 3 {
		t.Fatalf("%d looks, %d nudges", looks, len(w.nudges()))
	}
	if n := strings.Count(logged.String(), failed); n != 1 {
		t.Fatalf("a mailbox disconnected through three rounds of nudges logged %d times:\n%s", n, logged.String())
	}
	lookErr = nil
	q5 := ask("q-look-5@globex.de", lilyUser, "Catalog")
	w.deliver(lilyUser, "INBOX", q5, t0.Add(4*time.Hour))
	w.sync()
	w.tickAt(t0.Add(4*time.Hour + 5*time.Minute))
	lookErr = fmt.Errorf("mailsync: lily: not connected")
	q6 := ask("q-look-6@globex.de", lilyUser, "Catalog again")
	w.deliver(lilyUser, "INBOX", q6, t0.Add(5*time.Hour))
	w.sync()
	w.tickAt(t0.Add(5*time.Hour + 5*time.Minute))
	if looks != 6 || len(w.nudges()) != 5 {
		t.Fatalf("%d looks, %d nudges", looks, len(w.nudges()))
	}
	if n := strings.Count(logged.String(), failed); n != 2 {
		t.Fatalf("a new failure after a look that worked logged %d times in all, want 2:\n%s", n, logged.String())
	}
}

// TestNoAnswerNeededStopsTheNudges: a nudge already queued for Hans's
// "Thanks, received!" is dropped at its last look once Lily marks the mail
// as needing no answer, before the clocks are measured again; measured, no
// further nudge falls due for it.
func TestNoAnswerNeededStopsTheNudges(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false)
	ctx := context.Background()
	q := ask("thanks-pre@globex.de", lilyUser, "Re: Quotation LED panels")
	w.deliver(lilyUser, "INBOX", q, t0)
	w.sync()
	w.clock.Set(t0.Add(6 * time.Minute))
	if _, err := w.watch.Run(ctx, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	id := w.idOf(q.MessageID)
	nudge := keepwarm.OutboxItem{Key: fmt.Sprintf("nudge:%d:2", id), Origin: sequences.OriginNudge}
	if r, err := w.watch.Precheck(ctx, nudge); err != nil || r != "" {
		t.Fatalf("the mail waits, yet: %q %v", r, err)
	}
	if _, err := w.db.WaiveReply(ctx, store.Viewer{Email: lilyUser}, id, lilyUser, t0.Add(7*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if r, err := w.watch.Precheck(ctx, nudge); err != nil || r != "marked as needing no answer by "+lilyUser+" at 2026-11-02 01:07 UTC, before the nudge went out" {
		t.Fatalf("after the mark: %q %v", r, err)
	}
	w.clock.Set(t0.Add(20 * time.Minute))
	if _, err := w.watch.Run(ctx, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if due, err := w.db.DueNudges(ctx, w.clock.Now(), 5*time.Minute, t0.Add(-time.Hour)); err != nil || len(due) != 0 {
		t.Fatalf("nudges still due: %+v %v", due, err)
	}
	if c := w.clockOf(q.MessageID); c.WaivedAt.IsZero() || c.Nudge2At.After(t0.Add(7*time.Minute)) {
		t.Fatalf("the clock after the mark: %+v", c)
	}
}

// TestPrecheckDropsOvertakenNudges: a "reply due" nudge still waiting to go
// out (a chat platform's rate limit, a restart) is dropped once the target
// has passed, and once the target nudge is queued; any nudge is dropped
// once its message was handed to the digest as older than the backlog
// limit, so an outage does not end in a storm of stale nudges.
func TestPrecheckDropsOvertakenNudges(t *testing.T) {
	useClock := false
	w := newWorld(t, mailtest.NewMemServer(t), false)
	w2 := newWorld(t, mailtest.NewMemServer(t), false, func(w *world, c *sequences.ReplyConfig) {
		c.Now = func() time.Time {
			if useClock {
				return w.clock.Now()
			}
			return time.Time{}
		}
	})
	ctx := context.Background()
	for _, w := range []*world{w, w2} {
		q := ask("q-over@globex.de", lilyUser, "Urgent: 40HQ container")
		w.deliver(lilyUser, "INBOX", q, t0)
		w.sync()
		w.tickAt(t0.Add(5 * time.Minute))
	}
	check := func(w *world, level int) string {
		t.Helper()
		it := keepwarm.OutboxItem{Key: fmt.Sprintf("nudge:%d:%d:wecom", w.idOf("q-over@globex.de"), level), Origin: sequences.OriginNudge}
		reason, err := w.watch.Precheck(ctx, it)
		if err != nil {
			t.Fatal(err)
		}
		return reason
	}
	if r := check(w2, 1); r != "" {
		t.Fatalf("before the target: %q", r)
	}
	useClock = true
	w2.clock.Set(t0.Add(10 * time.Minute))
	if r := check(w2, 1); r != "the reply target has passed: the nudge at the target goes instead" {
		t.Fatalf("past the target, before the target nudge: %q", r)
	}
	if r := check(w2, 2); r != "" {
		t.Fatalf("the target nudge: %q", r)
	}
	w.tickAt(t0.Add(10 * time.Minute))
	if r := check(w, 1); r != "overtaken by the nudge at the reply target" {
		t.Fatalf("after the target nudge: %q", r)
	}
	if r := check(w, 2); r != "" {
		t.Fatalf("the target nudge: %q", r)
	}
	w.tickAt(t0.Add(2 * time.Hour))
	if r := check(w, 2); r != "older than nudge_backlog_limit: the digest lists the message instead" {
		t.Fatalf("after the hand-over to the digest: %q", r)
	}
}
