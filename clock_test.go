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
