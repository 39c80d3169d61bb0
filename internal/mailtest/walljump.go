package mailtest

import (
	"sync"
	"time"
	"unsafe"

	"keepwarm"
)

// timeRep is the layout of time.Time (Go 1.9 on): with hasMono set in
// wall, wall holds 33 bits of seconds since 1885 and 30 of nanoseconds,
// and ext the monotonic reading.
type timeRep struct {
	wall uint64
	ext  int64
	loc  *time.Location
}

const (
	hasMono   = 1 << 63
	nsecShift = 30
)

var epoch1885 = time.Date(1885, 1, 1, 0, 0, 0, 0, time.UTC)

// WallJump returns t with its wall clock moved by d and its monotonic
// reading kept: what time.Now reads on a laptop that slept for d (Linux's
// monotonic clock stands still in suspend), or after an NTP step. ok is
// false when t has no monotonic reading or time.Time is no longer laid out
// as this expects; the result is checked, so a test using it fails rather
// than passes on a plain time.
func WallJump(t time.Time, d time.Duration) (_ time.Time, ok bool) {
	if unsafe.Sizeof(t) != unsafe.Sizeof(timeRep{}) {
		return t, false
	}
	r := *(*timeRep)(unsafe.Pointer(&t))
	if r.wall&hasMono == 0 {
		return t, false
	}
	w := t.Round(0).Add(d)
	sec := w.Unix() - epoch1885.Unix()
	if sec < 0 || sec >= 1<<33 {
		return t, false
	}
	r.wall = hasMono | uint64(sec)<<nsecShift | uint64(w.Nanosecond())
	out := *(*time.Time)(unsafe.Pointer(&r))
	if !out.Round(0).Equal(w) || out.Sub(t) != 0 {
		return t, false
	}
	return out, true
}

// SleepingClock is the system clock of a machine that can be put to sleep:
// Now carries the monotonic reading of time.Now, as keepwarm.SystemClock's
// does, and Sleep moves its wall clock on without the monotonic one.
// Timers are real ones.
type SleepingClock struct {
	mu     sync.Mutex
	offset time.Duration
}

// NewSleepingClock returns a clock whose wall clock reads start now.
func NewSleepingClock(start time.Time) *SleepingClock {
	return &SleepingClock{offset: time.Until(start)}
}

// Now panics when WallJump cannot build its time: see WallJump.
func (c *SleepingClock) Now() time.Time {
	c.mu.Lock()
	d := c.offset
	c.mu.Unlock()
	t, ok := WallJump(time.Now(), d)
	if !ok {
		panic("mailtest: cannot move a time.Time's wall clock apart from its monotonic reading")
	}
	return t
}

// Sleep moves the wall clock on by d, as a suspend of d does.
func (c *SleepingClock) Sleep(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

func (c *SleepingClock) NewTimer(d time.Duration) keepwarm.Timer {
	return keepwarm.SystemClock{}.NewTimer(d)
}
