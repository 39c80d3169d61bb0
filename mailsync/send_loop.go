package mailsync

import (
	"context"
	"time"
)

// Start runs the dispatcher in the background until Close: Recover once, then
// RunOnce whenever the earliest due item (or a mailbox's gap or cap) allows,
// or when Kick says new items were queued. It does not block.
func (d *Dispatcher) Start(ctx context.Context) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cancel != nil {
		return
	}
	ctx, d.cancel = context.WithCancel(ctx)
	d.done = make(chan struct{})
	go d.loop(ctx, d.done)
}

// Close stops the loop and waits for the current run to finish, or for ctx.
func (d *Dispatcher) Close(ctx context.Context) error {
	d.mu.Lock()
	cancel, done := d.cancel, d.done
	d.cancel = nil
	d.mu.Unlock()
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

// Kick wakes the loop early, e.g. after the engine queued items. It never blocks.
func (d *Dispatcher) Kick() {
	select {
	case d.kick <- struct{}{}:
	default:
	}
}

func (d *Dispatcher) loop(ctx context.Context, done chan struct{}) {
	defer close(done)
	if err := d.Recover(ctx); err != nil {
		d.log.Error("recover interrupted sends", "err", err)
	}
	timer := d.clock.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C():
		case <-d.kick:
		}
		now := d.clock.Now()
		res, err := d.RunOnce(ctx, now)
		if err != nil && ctx.Err() == nil {
			d.log.Error("outbox run", "err", err)
		}
		wait := d.opt.Idle
		if err == nil && !res.Next.IsZero() {
			wait = min(wait, res.Next.Sub(d.clock.Now()))
		}
		// A run that did nothing must not spin: sleep at least a second.
		wait = max(wait, time.Second)
		timer.Stop()
		timer.Reset(wait)
	}
}
