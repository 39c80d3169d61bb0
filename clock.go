package keepwarm

import (
	"sync"
	"time"
)

// Clock is the only source of time in keepwarm. Production code uses
// SystemClock; `--now` uses OffsetClock; tests use ManualClock to replay days
// in milliseconds.
type Clock interface {
	Now() time.Time
	// NewTimer returns a timer that fires once after d, as time.NewTimer.
	NewTimer(d time.Duration) Timer
}

// Timer is the part of *time.Timer that keepwarm uses.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
	Reset(d time.Duration) bool
}

// SystemClock is the wall clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

func (SystemClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time        { return r.t.C }
func (r realTimer) Stop() bool                 { return r.t.Stop() }
func (r realTimer) Reset(d time.Duration) bool { return r.t.Reset(d) }

// OffsetClock runs at wall-clock speed from a chosen start: `--now` builds one
// so a manager can act as if it were another instant.
type OffsetClock struct {
	offset time.Duration
}

// NewOffsetClock returns a clock whose Now is start at the moment of the call.
func NewOffsetClock(start time.Time) *OffsetClock {
	return &OffsetClock{offset: time.Until(start)}
}

func (c *OffsetClock) Now() time.Time { return time.Now().Add(c.offset) }

func (c *OffsetClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

// ManualClock only moves when told to. Timers fire when Advance or Set passes
// their deadline. It is safe for concurrent use.
type ManualClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*manualTimer
}

// NewManualClock returns a clock stopped at start.
func NewManualClock(start time.Time) *ManualClock { return &ManualClock{now: start} }

func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d and fires the timers that fall due.
func (c *ManualClock) Advance(d time.Duration) { c.Set(c.Now().Add(d)) }

// Set moves the clock to t (never backwards) and fires the timers that fall due.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	if t.After(c.now) {
		c.now = t
	}
	now := c.now
	var due []*manualTimer
	keep := c.timers[:0]
	for _, mt := range c.timers {
		if !mt.at.After(now) {
			due = append(due, mt)
		} else {
			keep = append(keep, mt)
		}
	}
	c.timers = keep
	// Sent under the lock, so that a Stop or Reset after the send drains
	// it (the channel has room for one: never blocks).
	for _, mt := range due {
		select {
		case mt.ch <- now:
		default:
		}
	}
	c.mu.Unlock()
}

// PendingWithin counts the timers that will fire if the clock moves forward
// by d. Tests use it to wait until a goroutine has set the timer they are
// about to fire, instead of racing it.
func (c *ManualClock) PendingWithin(d time.Duration) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	limit := c.now.Add(d)
	n := 0
	for _, mt := range c.timers {
		if !mt.at.After(limit) {
			n++
		}
	}
	return n
}

func (c *ManualClock) NewTimer(d time.Duration) Timer {
	mt := &manualTimer{c: c, ch: make(chan time.Time, 1)}
	mt.Reset(d)
	return mt
}

type manualTimer struct {
	c  *ManualClock
	ch chan time.Time
	at time.Time
}

func (t *manualTimer) C() <-chan time.Time { return t.ch }

// Stop also drains a fire not received, as time.Timer's has since Go
// 1.23: the loop counts on a timer stopped and set again (resetAt) never
// firing early with a stale value, after its fire lost a select.
func (t *manualTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	select {
	case <-t.ch:
	default:
	}
	for i, mt := range t.c.timers {
		if mt == t {
			t.c.timers = append(t.c.timers[:i], t.c.timers[i+1:]...)
			return true
		}
	}
	return false
}

func (t *manualTimer) Reset(d time.Duration) bool {
	return t.arm(func(now time.Time) time.Time { return now.Add(d) })
}

// resetAt sets the timer to fire at the instant at, however the clock moves
// meanwhile (Reset's d counts from the clock's now at the call).
func (t *manualTimer) resetAt(at time.Time) bool {
	return t.arm(func(time.Time) time.Time { return at })
}

func (t *manualTimer) arm(at func(now time.Time) time.Time) bool {
	active := t.Stop()
	t.c.mu.Lock()
	now := t.c.now
	t.at = at(now)
	if t.at.After(now) {
		t.c.timers = append(t.c.timers, t)
	} else {
		select {
		case t.ch <- now:
		default:
		}
	}
	t.c.mu.Unlock()
	return active
}
