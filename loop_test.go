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
	// often than once a second of the clock.
	asks.Store(0)
	waitTimer(t, clock)
	l.Kick()
	wait(start.Add(10 * time.Minute))
	wait(start.Add(10 * time.Minute))
	select {
	case at := <-passes:
		t.Fatalf("pass at %s: the loop spins", at)
	case <-time.After(50 * time.Millisecond):
	}
	waitTimer(t, clock)
	clock.Advance(time.Second)
	wait(start.Add(10*time.Minute + time.Second))
	wait(start.Add(10*time.Minute + time.Second)) // the one immediate rerun

	if err := l.Close(ctx); err != nil {
		t.Fatal(err)
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
