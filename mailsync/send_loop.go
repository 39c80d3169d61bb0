package mailsync

import (
	"context"
	"runtime/debug"
	"time"
)

// Start runs the dispatcher in the background until Close: Recover once, then
// RunOnce whenever the earliest due item (or a mailbox's gap or cap) allows,
// or when Kick says new items were queued. It does not block.
func (d *Dispatcher) Start(ctx context.Context) {
	d.recovered.Store(false)
	d.loop.Start(ctx)
}

// Close stops the loop and waits for the current run to finish, or for ctx.
func (d *Dispatcher) Close(ctx context.Context) error { return d.loop.Close(ctx) }

// Kick wakes the loop early, e.g. after the engine queued items. It never blocks.
func (d *Dispatcher) Kick() { d.loop.Kick() }

// pass is one round of the loop. Until it has settled everything a crash
// left in `sending` (Recover; the Sent folder to look in may be out of
// reach at start), it tries again at every pass; each pass sends what is
// due and says when the next item will be. No send is under way while a
// pass begins, so a row in `sending` then is never one being sent.
func (d *Dispatcher) pass(ctx context.Context) (next time.Time) {
	defer func() {
		// A fault in keepwarm's own code meeting data it did not expect
		// (a template in the pre-send check) ends this pass, not the
		// daemon with every other mailbox's sending. An item it had
		// claimed is settled by the next pass's Recover, as after a crash.
		if r := recover(); r != nil {
			d.log.Error("outbox pass failed on keepwarm's own fault; trying again in a minute", "panic", r, "stack", string(debug.Stack()))
			d.recovered.Store(false)
			next = d.clock.Now().Add(time.Minute)
		}
	}()
	if !d.recovered.Load() {
		if err := d.Recover(ctx); err != nil {
			d.log.Error("recover interrupted sends; trying again at the next pass", "err", err)
		} else {
			d.recovered.Store(true)
		}
	}
	res, err := d.RunOnce(ctx, d.clock.Now())
	if err != nil {
		if ctx.Err() == nil {
			d.log.Error("outbox run", "err", err)
		}
		return time.Time{}
	}
	return res.Next
}
