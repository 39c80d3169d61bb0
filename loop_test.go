package keepwarm

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// The loop runs at once, again when the instant the pass asked for comes on
// the injected clock, and on Kick; Close stops it.
func TestLoopFollowsThePassAndTheClock(t *testing.T) {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	clock := NewManualClock(start)
	passes := make(chan time.Time, 16)
	var asks atomic.Int64 // seconds after now the pass asks to run again
	asks.Store(int64(10 * 60))
	l := NewLoop(clock, time.Hour, func(ctx context.Context) time.Time {
		now := clock.Now()
		// Read what to ask for before reporting the pass: the test changes
		// asks once it has seen a pass, and that change is for the next one.
		next := now.Add(time.Duration(asks.Load()) * time.Second)
		passes <- now
		return next
	})
	ctx := context.Background()
	l.Start(ctx)
	defer l.Close(ctx)
	wait := func(want time.Time) {
		t.Helper()
		select {
		case at := <-passes:
			if !at.Equal(want) {
				t.Fatalf("pass at %s, want %s", at, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("no pass (want one at %s)", want)
		}
	}
	wait(start)
	waitTimer(t, clock)
	clock.Advance(9 * time.Minute)
	select {
	case at := <-passes:
		t.Fatalf("pass at %s before it was due", at)
	case <-time.After(50 * time.Millisecond):
	}
	clock.Advance(time.Minute)
	wait(start.Add(10 * time.Minute))

	waitTimer(t, clock)
	l.Kick()
	wait(start.Add(10 * time.Minute))

	// A pass that keeps asking for "now" runs again at once, then no more
	// often than once a second of wall time (the clock here stays put).
	asks.Store(0)
	waitTimer(t, clock)
	// Read before the first pass: read after it, the loop may already have
	// started the second's wall time guard, which the bound below counts
	// from.
	began := time.Now()
	l.Kick()
	wait(start.Add(10 * time.Minute))
	wait(start.Add(10 * time.Minute))
	select {
	case at := <-passes:
		t.Fatalf("pass at %s: the loop spins", at)
	case <-time.After(50 * time.Millisecond):
	}
	wait(start.Add(10 * time.Minute))
	wait(start.Add(10 * time.Minute)) // the one immediate rerun
	wait(start.Add(10 * time.Minute))
	if took := time.Since(began); took < 2*loopMinWait {
		t.Fatalf("five passes asking for now in %s of wall time", took)
	}

	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
	}
	for len(passes) > 0 { // passes made before Close returned
		<-passes
	}
	clock.Advance(time.Hour)
	l.Kick()
	select {
	case at := <-passes:
		t.Fatalf("pass at %s after Close", at)
	case <-time.After(50 * time.Millisecond):
	}
}

// waitTimer waits until the loop has set its timer on the manual clock, so
// an Advance cannot slip in before it.
func waitTimer(t *testing.T, c *ManualClock) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c.mu.Lock()
		n := len(c.timers)
		c.mu.Unlock()
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the loop set no timer")
		}
		time.Sleep(time.Millisecond)
	}
}

// The clock moves on while a pass ends, twice in a row (a test's Set, or
// --now's clock, lands after the pass looked at the time): the pass asks
// for an instant already come each time. The loop runs again at once, then
// within about a second of wall time, not a second of a clock that nobody
// may move.
func TestLoopRunsAgainInWallTimeWhenPassesKeepAskingForNow(t *testing.T) {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	clock := NewManualClock(start)
	due := []time.Time{start.Add(time.Minute), start.Add(2 * time.Minute), start.Add(3 * time.Minute)}
	passes := make(chan time.Time, 16)
	var inTail atomic.Int64 // passes still to move the clock to the next due instant as they end
	l := NewLoop(clock, time.Hour, func(ctx context.Context) time.Time {
		now := clock.Now()
		passes <- now
		next := time.Time{}
		for _, d := range due {
			if d.After(now) {
				next = d
				break
			}
		}
		if !next.IsZero() && inTail.Add(-1) >= 0 {
			clock.Set(next)
		}
		return next
	})
	ctx := context.Background()
	l.Start(ctx)
	defer l.Close(ctx)
	wait := func(want time.Time, within time.Duration) {
		t.Helper()
		select {
		case at := <-passes:
			if !at.Equal(want) {
				t.Fatalf("pass at %s, want %s", at, want)
			}
		case <-time.After(within):
			t.Fatalf("no pass within %s of wall time (want one at %s; the clock is at %s)", within, want, clock.Now())
		}
	}
	wait(start, 5*time.Second)
	waitTimer(t, clock)
	inTail.Store(2)
	clock.Set(due[0])
	wait(due[0], 5*time.Second)
	wait(due[1], 5*time.Second) // at once: it fell due during the pass
	// Not at once again, so a pass that keeps asking for "now" cannot spin,
	// but soon, though the clock stays where it is.
	select {
	case at := <-passes:
		t.Fatalf("pass at %s right after the rerun: the loop spins", at)
	case <-time.After(100 * time.Millisecond):
	}
	wait(due[2], 3*time.Second)
}

// The clock moves between the loop reading it after a pass and setting
// its timer: the timer still fires at the instant the pass asked for, not
// that long after wherever the clock moved to.
func TestLoopTimerFiresAtTheInstantAskedForThoughTheClockMovedMeanwhile(t *testing.T) {
	start := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	inner := NewManualClock(start)
	clock := &movingClock{ManualClock: inner}
	passes := make(chan time.Time, 16)
	l := NewLoop(clock, time.Hour, func(ctx context.Context) time.Time {
		now := inner.Now()
		passes <- now
		// The clock moves 30 s on right after the loop next reads it.
		clock.moveTo.Store(now.Add(30 * time.Second).UnixNano())
		return now.Add(time.Minute)
	})
	ctx := context.Background()
	l.Start(ctx)
	defer l.Close(ctx)
	select {
	case <-passes:
	case <-time.After(5 * time.Second):
		t.Fatal("no first pass")
	}
	waitTimer(t, inner)
	inner.Set(start.Add(time.Minute))
	select {
	case at := <-passes:
		if !at.Equal(start.Add(time.Minute)) {
			t.Fatalf("pass at %s", at)
		}
	case <-time.After(3 * time.Second):
		t.Fatalf("no pass at %s, the instant the pass asked for", start.Add(time.Minute))
	}
}

// movingClock is a ManualClock that, once told an instant, moves there
// right after the next Now has read the time.
type movingClock struct {
	*ManualClock
	moveTo atomic.Int64 // unix nanoseconds; 0: none
}

func (c *movingClock) Now() time.Time {
	now := c.ManualClock.Now()
	if at := c.moveTo.Swap(0); at != 0 {
		c.ManualClock.Set(time.Unix(0, at).UTC())
	}
	return now
}
