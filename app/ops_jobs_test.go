package app

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// brokenJob fails every run the same way.
type brokenJob struct{ name string }

func (j brokenJob) Name() string { return j.name }
func (j brokenJob) Run(context.Context, time.Time) (time.Time, error) {
	return time.Time{}, errors.New("due nudges: no such column: n.snoozed")
}

// An engine job that keeps failing is named on /healthz: the reply watch
// as a problem (no nudge goes out while it fails), greetings as a note;
// neither for the first minutes, when a busy store passes by itself.
func TestHealthzNamesAFailingEngineJob(t *testing.T) {
	_, clock, ops, base := startOps(t, nil)
	e := sequences.NewEngine(clock, slog.New(slog.DiscardHandler), brokenJob{"replies"}, brokenJob{"greetings"})
	ops.jobsFailing = e.Failing
	ctx := context.Background()
	_ = e.Tick(ctx)
	if code, body := get(t, base+"/healthz"); code != http.StatusOK {
		t.Fatalf("healthz a minute into a failure: %d %q", code, body)
	}
	clock.Advance(6 * time.Minute)
	_ = e.Tick(ctx)
	code, body := get(t, base+"/healthz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "engine job replies: failing since 2026") ||
		!strings.Contains(body, "no such column: n.snoozed") || !strings.Contains(body, "note: engine job greetings: failing since") {
		t.Fatalf("healthz with the reply watch failing for 6 minutes: %d %q", code, body)
	}
}

// An outbox item held after a fault in keepwarm's own code is named on
// /healthz: its salesperson's mail is not going.
func TestHealthzNamesAnOutboxItemHeldAfterAFault(t *testing.T) {
	_, clock, ops, base := startOps(t, nil)
	ops.outboxFaults = func() []mailsync.Fault {
		return []mailsync.Fault{{ID: 7, Mailbox: "lily", Key: "seq:12:1", Since: clock.Now(), Panic: "runtime error: index out of range [2] with length 0"}}
	}
	code, body := get(t, base+"/healthz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "mailbox lily: outbox item 7 (seq:12:1) held since 2026") ||
		!strings.Contains(body, "index out of range") {
		t.Fatalf("healthz with a faulty item: %d %q", code, body)
	}
}
