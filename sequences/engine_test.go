package sequences_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/internal/mailtest"
	"keepwarm/sequences"
)

// fakeJob records each run on a channel and asks to run again at next.
type fakeJob struct {
	name string
	runs chan time.Time
	next func(now time.Time) time.Time
	err  error
}

func (j *fakeJob) Name() string { return j.name }

func (j *fakeJob) Run(_ context.Context, now time.Time) (time.Time, error) {
	j.runs <- now
	if j.next == nil {
		return time.Time{}, j.err
	}
	return j.next(now), j.err
}

func newFake(name string, next func(time.Time) time.Time) *fakeJob {
	return &fakeJob{name: name, runs: make(chan time.Time, 100), next: next}
}

// waitRun waits (bounded in real time) for the job's next run.
func waitRun(t *testing.T, j *fakeJob) time.Time {
	t.Helper()
	select {
	case at := <-j.runs:
		return at
	case <-time.After(10 * time.Second):
		t.Fatalf("job %s did not run", j.name)
	}
	return time.Time{}
}

func noRun(t *testing.T, j *fakeJob) {
	t.Helper()
	select {
	case at := <-j.runs:
		t.Fatalf("job %s ran at %s", j.name, at)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestTickRunsEveryJobAndJoinsErrors(t *testing.T) {
	clock := keepwarm.NewManualClock(t0)
	bad := newFake("bad", nil)
	bad.err = errors.New("boom")
	good := newFake("good", nil)
	e := sequences.NewEngine(clock, testLog(), bad, good)
	err := e.Tick(context.Background())
	if err == nil || !errors.Is(err, bad.err) {
		t.Fatalf("Tick error %v", err)
	}
	if at := waitRun(t, good); !at.Equal(t0) {
		t.Fatalf("good ran at %s", at)
	}
	waitRun(t, bad)
}

func TestLoopSleepsUntilTheEarliestNextAndWakesOnKick(t *testing.T) {
	clock := keepwarm.NewManualClock(t0)
	soon := newFake("soon", func(now time.Time) time.Time {
		if at := t0.Add(5 * time.Minute); now.Before(at) {
			return at
		}
		return time.Time{}
	})
	later := newFake("later", func(now time.Time) time.Time { return now.Add(time.Hour) })
	e := sequences.NewEngine(clock, testLog(), soon, later)
	e.Start(context.Background())
	defer e.Close(context.Background())
	if at := waitRun(t, soon); !at.Equal(t0) {
		t.Fatalf("first tick at %s, want at start", at)
	}
	waitRun(t, later)
	clock.Advance(4 * time.Minute)
	noRun(t, soon)
	e.Kick()
	if at := waitRun(t, soon); !at.Equal(t0.Add(4 * time.Minute)) {
		t.Fatalf("kicked tick at %s", at)
	}
	waitRun(t, later)
	clock.Advance(time.Minute)
	if at := waitRun(t, soon); !at.Equal(t0.Add(5 * time.Minute)) {
		t.Fatalf("timer tick at %s, want the requested instant", at)
	}
	waitRun(t, later)
	if err := e.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.Kick()
	clock.Advance(time.Hour)
	noRun(t, soon)
}

func TestLoopRetriesAFailingJob(t *testing.T) {
	clock := keepwarm.NewManualClock(t0)
	bad := newFake("bad", nil)
	bad.err = errors.New("database is locked")
	e := sequences.NewEngine(clock, testLog(), bad)
	e.Start(context.Background())
	defer e.Close(context.Background())
	waitRun(t, bad)
	clock.Advance(sequences.DefaultRetry)
	if at := waitRun(t, bad); !at.Equal(t0.Add(sequences.DefaultRetry)) {
		t.Fatalf("retry at %s", at)
	}
}

// TestDaemonLoopSendsTheNudgeAtItsDueTime: with the engine's own loop (as in
// `keepwarm run`), the nudge is queued when the clock reaches nudge_after,
// not at the next idle wake-up.
func TestDaemonLoopSendsTheNudgeAtItsDueTime(t *testing.T) {
	w := newWorld(t, mailtest.NewMemServer(t), false)
	w.deliver(lilyUser, "INBOX", ask("loop@globex.de", lilyUser, "Quotation"), t0)
	w.sync()
	probe := newFake("probe", nil)
	e := sequences.NewEngine(w.clock, testLog(), w.watch, probe)
	e.Start(context.Background())
	defer e.Close(context.Background())
	waitRun(t, probe)
	// The engine sets its timer after the pass; moving the clock before
	// that would push the timer along with it.
	deadline := time.Now().Add(10 * time.Second)
	for w.clock.PendingWithin(5*time.Minute) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the engine set no timer for the nudge due in 5 minutes")
		}
		time.Sleep(5 * time.Millisecond)
	}
	w.clock.Advance(4*time.Minute + 59*time.Second)
	waitRunOrNot := func() bool {
		select {
		case <-w.queued:
			return true
		case <-time.After(100 * time.Millisecond):
			return false
		}
	}
	if waitRunOrNot() {
		t.Fatal("nudge queued before it was due")
	}
	w.clock.Advance(time.Second)
	select {
	case <-w.queued:
	case <-time.After(10 * time.Second):
		t.Fatal("no nudge queued at its due time")
	}
	if at := waitRun(t, probe); at.Sub(t0) != 5*time.Minute {
		t.Fatalf("nudge tick at +%s", at.Sub(t0))
	}
	if _, err := w.disp.RunOnce(context.Background(), w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n := len(w.nudges()); n != 1 {
		t.Fatalf("%d nudges sent", n)
	}
}

func TestLoopDoesNotSpinOnAJobThatAlwaysWantsNow(t *testing.T) {
	clock := keepwarm.NewManualClock(t0)
	eager := newFake("eager", func(now time.Time) time.Time { return now })
	e := sequences.NewEngine(clock, testLog(), eager)
	e.Start(context.Background())
	defer e.Close(context.Background())
	waitRun(t, eager)
	waitRun(t, eager) // one immediate re-tick for what fell due meanwhile
	noRun(t, eager)   // then it waits
	clock.Advance(time.Second)
	waitRun(t, eager)
}
