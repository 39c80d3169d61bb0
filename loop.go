package keepwarm

import (
	"context"
	"sync"
	"time"
)

// Loop runs a pass in the background, again whenever the instant the pass
// asked for comes (at most Idle later), and at once on Kick. It is the shape
// of every long-running part of keepwarm (the engine, the outbox
// dispatcher): a timer on the injected Clock set to the next due item,
// woken early through a kick channel; no sleeping loops. Only the guard
// against a pass that keeps asking for "now" also ends in wall time.
type Loop struct {
	clock Clock
	idle  time.Duration
	pass  func(ctx context.Context) (next time.Time)

	kick   chan struct{}
	mu     sync.Mutex
	cancel context.CancelFunc
	done   chan struct{}
}

// loopMinWait keeps a pass that keeps asking for "now" from spinning: of
// the clock or of wall time, whichever ends first.
const loopMinWait = time.Second

// NewLoop returns a stopped loop. pass does one round of work and returns
// when it wants to run again (zero: no opinion, so after idle).
func NewLoop(clock Clock, idle time.Duration, pass func(ctx context.Context) (next time.Time)) *Loop {
	return &Loop{clock: clock, idle: idle, pass: pass, kick: make(chan struct{}, 1)}
}

// Start runs the loop until Close or ctx ends: a pass at once, then as
// above. It does not block; a second Start is a no-op.
func (l *Loop) Start(ctx context.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cancel != nil {
		return
	}
	ctx, l.cancel = context.WithCancel(ctx)
	l.done = make(chan struct{})
	go l.run(ctx, l.done)
}

// Close stops the loop and waits for the current pass to end, or for ctx.
func (l *Loop) Close(ctx context.Context) error {
	l.mu.Lock()
	cancel, done := l.cancel, l.done
	l.cancel = nil
	l.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Kick asks for a pass now. It never blocks; kicks that arrive during a
// pass fold into one more pass.
func (l *Loop) Kick() {
	select {
	case l.kick <- struct{}{}:
	default:
	}
}

func (l *Loop) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	timer := l.clock.NewTimer(0)
	defer timer.Stop()
	// guard is the spin guard's wall-time timer (nil when not waiting on it).
	var guard *time.Timer
	defer func() {
		if guard != nil {
			guard.Stop()
		}
	}()
	immediate := false
	for {
		var guardC <-chan time.Time
		if guard != nil {
			guardC = guard.C
		}
		select {
		case <-ctx.Done():
			return
		case <-timer.C():
		case <-guardC:
		case <-l.kick:
		}
		if guard != nil {
			guard.Stop()
			guard = nil
		}
		next := l.pass(ctx)
		if ctx.Err() != nil {
			return
		}
		now := l.clock.Now()
		at := now.Add(l.idle)
		if !next.IsZero() && next.Before(at) {
			at = next
		}
		timer.Stop()
		// Something fell due during the pass (the clock moved on): run again
		// at once, but never twice in a row, so a pass that keeps asking for
		// "now" cannot spin. The second time it waits loopMinWait of the
		// clock or of wall time, whichever ends first: on a clock that only
		// moves when told (ManualClock), nothing may move it.
		if !at.After(now) && immediate {
			immediate = false
			guard = time.NewTimer(loopMinWait)
			resetAt(l.clock, timer, now.Add(loopMinWait))
			continue
		}
		immediate = !at.After(now)
		// At the instant asked for, not at "now" read above plus the wait:
		// the clock may have moved on since.
		resetAt(l.clock, timer, at)
	}
}

// resetAt sets t, a timer of c, to fire at the instant at of c (at once if
// it has come).
func resetAt(c Clock, t Timer, at time.Time) {
	if a, ok := t.(interface{ resetAt(time.Time) bool }); ok {
		a.resetAt(at)
		return
	}
	t.Reset(max(at.Sub(c.Now()), 0))
}
