package keepwarm

import (
	"testing"
	"time"
)

func TestManualClockPendingWithin(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	c := NewManualClock(start)
	if n := c.PendingWithin(time.Hour); n != 0 {
		t.Fatalf("no timers yet, PendingWithin = %d", n)
	}
	short := c.NewTimer(10 * time.Minute)
	c.NewTimer(2 * time.Hour)
	if n := c.PendingWithin(10 * time.Minute); n != 1 {
		t.Fatalf("PendingWithin(10m) = %d, want 1 (the 10-minute timer, not the 2-hour one)", n)
	}
	if n := c.PendingWithin(3 * time.Hour); n != 2 {
		t.Fatalf("PendingWithin(3h) = %d, want 2", n)
	}
	short.Stop()
	if n := c.PendingWithin(10 * time.Minute); n != 0 {
		t.Fatalf("a stopped timer still counts: PendingWithin(10m) = %d", n)
	}
	c.Advance(3 * time.Hour)
	if n := c.PendingWithin(time.Hour); n != 0 {
		t.Fatalf("a fired timer still counts: PendingWithin = %d", n)
	}
}

// A manual timer that fired with its value not received fires no more
// once it is stopped or set again, as time.Timer since Go 1.23: the loop
// stops and sets its timer again after a fire lost a select to its wall
// time guard, and the stale value made the next pass come at once.
func TestManualTimerResetDropsAFireNotReceived(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, how := range []string{"Reset", "Stop", "resetAt"} {
		c := NewManualClock(start)
		tm := c.NewTimer(time.Second)
		c.Advance(time.Second) // fires; nobody receives
		switch how {
		case "Reset":
			tm.Reset(time.Hour)
		case "Stop":
			tm.Stop()
		case "resetAt":
			tm.(*manualTimer).resetAt(c.Now().Add(time.Hour))
		}
		select {
		case at := <-tm.C():
			t.Fatalf("%s: the timer fired with the stale %s", how, at)
		case <-time.After(50 * time.Millisecond):
		}
		if how != "Stop" {
			c.Advance(time.Hour)
			select {
			case <-tm.C():
			case <-time.After(5 * time.Second):
				t.Fatalf("%s: no fire an hour later", how)
			}
		}
	}
}
