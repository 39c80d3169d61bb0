package mailsync

import (
	"context"
	"log/slog"
	"time"

	"keepwarm"
)

// Start runs the dispatcher in the background until Close: Recover once, then
// RunOnce whenever the earliest due item (or a mailbox's gap or cap) allows,
// or when Kick says new items were queued. It does not block.
func (d *Dispatcher) Start(ctx context.Context) {
	d.recovered.Store(false)
	d.loop.Start(ctx)
}

// Close stops the loop and waits for the current run to finish, or for
// ctx; then it records what a run could not (Flush): the process is
// stopping, and those outcomes live in its memory only.
func (d *Dispatcher) Close(ctx context.Context) error {
	if err := d.loop.Close(ctx); err != nil {
		return err // the run goes on: what it holds is not ours to touch
	}
	return d.Flush(ctx)
}

// Kick wakes the loop early, e.g. after the engine queued items. It never blocks.
func (d *Dispatcher) Kick() { d.loop.Kick() }

// pass is one round of the loop. Until it has settled everything a crash
// left in `sending` (Recover; the Sent folder to look in may be out of
// reach at start), it tries again at every pass; each pass sends what is
// due and says when the next item will be. No send is under way while a
// pass begins, so a row in `sending` then is never one being sent.
func (d *Dispatcher) pass(ctx context.Context) (next time.Time) {
	if d.opt.Passed != nil {
		defer d.opt.Passed() // after the recover below: a pass that failed may have moved items too
	}
	defer func() {
		// A fault in keepwarm's own code meeting data it did not expect
		// (a template in the pre-send check) ends this pass, not the
		// daemon with every other mailbox's sending. An item it had
		// claimed is settled by the next pass's Recover, as after a crash.
		if r := recover(); r != nil {
			d.log.Error("outbox pass failed on keepwarm's own fault; trying again in a minute", "panic", r, "stack", string(keepwarm.PanicStack(r)))
			d.recovered.Store(false)
			next = d.clock.Now().Add(time.Minute)
		}
	}()
	if !d.recovered.Load() {
		err := d.Recover(ctx)
		d.recoverSaid.say(d.log, "recover interrupted sends; trying again at every pass", err)
		if err == nil {
			d.recovered.Store(true)
		}
	}
	res, err := d.RunOnce(ctx, d.clock.Now())
	if ctx.Err() == nil {
		d.runSaid.say(d.log, "outbox run failed; trying again", err)
	}
	if err != nil {
		return time.Time{}
	}
	return res.Next
}

// passError is what a pass last said of one kind of failure, so that the
// same failure at every pass (a Sent folder out of reach, a busy store) is
// logged at ERROR once, again when it changes, and its end once, each pass
// in between at DEBUG. It is the loop's alone.
// Errors are compared through keepwarm.SameFailure: a link cut at every
// pass has a new local port each time.
type passError struct{ said string }

func (p *passError) say(log *slog.Logger, msg string, err error) {
	switch {
	case err == nil && p.said != "":
		log.Info(msg+": it works again", "was", p.said)
		p.said = ""
	case err == nil:
	case keepwarm.SameFailure(err.Error()) != keepwarm.SameFailure(p.said):
		p.said = err.Error()
		log.Error(msg, "err", err)
	default:
		log.Debug(msg+" (the same again)", "err", err)
	}
}
