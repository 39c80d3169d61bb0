package sequences_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// settle lets the loop finish what the last clock move made due: it
// returns once no job has run for a while (real time).
func settle(jobs ...*fakeJob) int {
	n := 0
	for {
		ran := false
		for _, j := range jobs {
			select {
			case <-j.runs:
				n++
				ran = true
			case <-time.After(30 * time.Millisecond):
			}
		}
		if !ran {
			return n
		}
	}
}

// A job that fails on every run (the reply watch meeting one bad row) is
// retried with a growing delay, not every 30 s for ever with every other
// job run again for its sake; the log says it failed once, not at every
// run; Failing names it, for /healthz.
func TestFailingJobBacksOffAndIsLoggedOnce(t *testing.T) {
	clock := keepwarm.NewManualClock(t0)
	bad := newFake("replies", nil)
	bad.err = errors.New("queue nudge: constraint failed")
	good := newFake("book", func(now time.Time) time.Time { return now.Add(time.Hour) })
	var logs mailtest.LockedBuffer
	e := sequences.NewEngine(clock, slog.New(slog.NewTextHandler(&logs, nil)), bad, good)
	e.Start(context.Background())
	defer e.Close(context.Background())
	goodRuns := 0
	waitRun(t, good)
	goodRuns++
	goodRuns += settle(good)
	for range 20 {
		clock.Advance(sequences.DefaultRetry)
		goodRuns += settle(good)
	}
	if goodRuns > 6 {
		t.Errorf("the healthy job ran %d times in 10 minutes beside a failing one; want its own hour plus a few retries", goodRuns)
	}
	if n := strings.Count(logs.String(), "level=ERROR"); n > 2 {
		t.Errorf("%d ERROR lines for one job failing the same way for 10 minutes; want 1:\n%s", n, logs.String())
	}
	f, ok := e.Failing()["replies"]
	if !ok || !f.Since.Equal(t0) || !errors.Is(f.Err, bad.err) {
		t.Fatalf("Failing: %+v", e.Failing())
	}
	bad.err = nil
	clock.Advance(sequences.DefaultIdle)
	settle(bad, good)
	if len(e.Failing()) != 0 || !strings.Contains(logs.String(), "engine job recovered") {
		t.Fatalf("after it recovered: Failing %+v, log:\n%s", e.Failing(), logs.String())
	}
}

// panicky panics on its first run and counts the later ones.
type panicky struct {
	runs chan time.Time
	n    int // runs so far; the engine's ticks never overlap
}

func (p *panicky) Name() string { return "greetings" }

func (p *panicky) Run(_ context.Context, now time.Time) (time.Time, error) {
	p.n++
	p.runs <- now
	if p.n == 1 {
		var m map[string][]int
		_ = m["christmas"][3] // data the code did not expect
	}
	return time.Time{}, nil
}

// A job that panics is a failed run of that job, retried like any other,
// not the end of the daemon (and of a send under way).
func TestPanickingJobIsAFailedRun(t *testing.T) {
	clock := keepwarm.NewManualClock(t0)
	p := &panicky{runs: make(chan time.Time, 10)}
	e := sequences.NewEngine(clock, testLog(), p)
	e.Start(context.Background())
	defer e.Close(context.Background())
	waitRun(t, &fakeJob{name: "greetings", runs: p.runs})
	deadline := time.Now().Add(10 * time.Second)
	for len(e.Failing()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // polling the test's own observation
	}
	if f := e.Failing()["greetings"]; f.Err == nil || !strings.Contains(f.Err.Error(), "panic: runtime error: index out of range") {
		t.Fatalf("Failing after a panic: %+v", e.Failing())
	}
	clock.Advance(sequences.DefaultRetry)
	if at := waitRun(t, &fakeJob{name: "greetings", runs: p.runs}); !at.Equal(t0.Add(sequences.DefaultRetry)) {
		t.Fatalf("run after the panic at %s", at)
	}
}

// A job that did its work but reports a partial error (the follow-ups
// ran; one row could not be read) still runs when it asked to: its own
// next time stands when it is sooner than the failure's retry.
func TestPartlyFailingJobKeepsItsOwnNextTime(t *testing.T) {
	clock := keepwarm.NewManualClock(t0)
	job := newFake("follow-up", func(now time.Time) time.Time { return now.Add(20 * time.Second) })
	job.err = errors.New("enrollment 7: message not found")
	e := sequences.NewEngine(clock, slog.New(slog.DiscardHandler), job)
	e.Start(context.Background())
	defer e.Close(context.Background())
	waitRun(t, job)
	runs := 1 + settle(job)
	for range 30 { // ten minutes
		clock.Advance(20 * time.Second)
		runs += settle(job)
	}
	if runs < 25 {
		t.Fatalf("the job that asked for every 20 s ran %d times in 10 minutes", runs)
	}
}

// Under cron (Tick, no loop) a job's panic is logged with its stack once:
// the error tick prints names only the panic, and the stack is what the
// operator can hand on.
func TestTickLogsAPanickingJobsStack(t *testing.T) {
	clock := keepwarm.NewManualClock(t0)
	p := &panicky{runs: make(chan time.Time, 10)}
	var logs mailtest.LockedBuffer
	e := sequences.NewEngine(clock, slog.New(slog.NewTextHandler(&logs, nil)), p)
	err := e.Tick(context.Background())
	if err == nil || !strings.Contains(err.Error(), "panic: runtime error: index out of range") {
		t.Fatalf("Tick: %v", err)
	}
	if out := logs.String(); !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "goroutine") || !strings.Contains(out, "panicky") {
		t.Fatalf("the panic's stack is not in the log:\n%s", out)
	}
}
