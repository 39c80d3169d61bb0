package app

import (
	"testing"
	"time"

	"keepwarm/internal/mailtest"
)

// A last look's sync counts as fresh only when both clocks agree it is:
// after a sleep the monotonic clock says seconds while the wall says
// hours, and a wall clock stepped back says nothing trustworthy.
func TestLookWithinReadsTheWallClockToo(t *testing.T) {
	for _, c := range []struct {
		name       string
		wall, mono time.Duration
		want       bool
	}{
		{"20 s on both", 20 * time.Second, 20 * time.Second, true},
		{"8 h asleep, 40 s awake", 8 * time.Hour, 40 * time.Second, false},
		{"wall stepped back", -30 * time.Second, 20 * time.Second, false},
		{"wall stepped back within the minute", 30 * time.Second, 5 * time.Minute, false},
		{"a minute", time.Minute, time.Minute, false},
	} {
		if got := within(c.wall, c.mono, time.Minute); got != c.want {
			t.Errorf("%s: within = %v; want %v", c.name, got, c.want)
		}
	}
	okAt := time.Now()
	woke, ok := mailtest.WallJump(okAt, 8*time.Hour)
	if !ok {
		t.Fatal("this Go's time.Time cannot carry a wall jump")
	}
	if lookWithin(woke, okAt, precheckFresh) {
		t.Error("a sync from before 8 h of sleep counts as fresh")
	}
	if !lookWithin(okAt.Add(10*time.Second), okAt, precheckFresh) {
		t.Error("a sync 10 s old does not count as fresh")
	}
}
