package mailsync

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"keepwarm"
)

// outcomeKind is what the server's answer made of a claimed item.
type outcomeKind int

const (
	outcomeSent            outcomeKind = iota // 250 after DATA
	outcomeRetry                              // not taken: queued again, its attempt counted
	outcomeRetryAppendLost                    // a draft's APPEND lost its answer: queued again, marked so
	outcomeFailed                             // not taken, for good
	outcomeRefused                            // not taken: its recipients refused
	outcomeUnclaim                            // not taken: waits for its mailbox, its attempt not counted
)

// unrecorded is a claimed item's outcome the store could not record when it
// was known (another writer held the database past recordTimeout): the
// server's answer is certain, and the row still says `sending`, which a
// later Recover would otherwise settle by searching Sent (a copy keepwarm
// files only after recording it is not there yet; a mail refused never
// is) and call uncertain.
type unrecorded struct {
	item    keepwarm.OutboxItem
	kind    outcomeKind
	at      time.Time // sent at; when to try again (retry, unclaim)
	reason  string
	refused []string
}

// remember keeps u for recordAgain, unless err says the item is no longer
// in `sending` (settled otherwise: nothing to record). The next pass runs
// Recover, which records it first.
func (d *Dispatcher) remember(u unrecorded, err error) {
	if err == nil || keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
		return
	}
	d.mu.Lock()
	d.unrecorded[u.item.ID] = u
	d.mu.Unlock()
	d.recovered.Store(false)
}

// isUnrecorded reports whether id's outcome waits for recordAgain.
func (d *Dispatcher) isUnrecorded(id int64) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, ok := d.unrecorded[id]
	return ok
}

// recordAgain records the outcomes the store could not record when they
// were known, oldest item first; those it still cannot stay for the next
// try.
func (d *Dispatcher) recordAgain(ctx context.Context) error {
	d.mu.Lock()
	pending := slices.SortedFunc(maps.Values(d.unrecorded), func(a, b unrecorded) int { return cmp.Compare(a.item.ID, b.item.ID) })
	d.mu.Unlock()
	var errs []error
	for _, u := range pending {
		it := u.item
		var err error
		switch u.kind {
		case outcomeSent:
			err = d.store.MarkSent(ctx, it.ID, u.at)
		case outcomeRetry:
			err = d.store.MarkRetry(ctx, it.ID, u.at, u.reason)
		case outcomeRetryAppendLost:
			err = d.store.MarkRetryAppendLost(ctx, it.ID, u.at, u.reason)
		case outcomeFailed:
			err = d.store.MarkFailed(ctx, it.ID, u.reason)
		case outcomeRefused:
			err = d.store.MarkRefused(ctx, it.ID, u.reason)
		case outcomeUnclaim:
			err = d.store.Unclaim(ctx, it.ID, u.at, u.reason)
		}
		if err != nil && keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
			errs = append(errs, fmt.Errorf("record outbox %d's outcome: %w", it.ID, err))
			continue
		}
		d.mu.Lock()
		delete(d.unrecorded, it.ID)
		d.mu.Unlock()
		if err != nil {
			continue // settled otherwise meanwhile
		}
		switch u.kind {
		case outcomeSent:
			// Its copy is filed by a later pass (fileMissingCopies).
			d.log.Info("recorded a send the server had accepted", "mailbox", it.Mailbox, "outbox", it.ID)
		case outcomeFailed, outcomeRefused:
			d.log.Info("recorded a send the server had refused", "mailbox", it.Mailbox, "outbox", it.ID, "err", u.reason)
			d.settled(ctx, it, keepwarm.OutboxFailed, u.reason, u.refused)
		default:
			d.log.Info("recorded a send the server had not taken; it waits to be tried again", "mailbox", it.Mailbox, "outbox", it.ID, "at", u.at)
		}
	}
	return errors.Join(errs...)
}

// flushTimeout bounds Flush's tries at the end of a process.
const flushTimeout = 20 * time.Second

// Flush records the outcomes a pass could not record (the database busy
// past recordTimeout), trying again until they are recorded, for at most
// flushTimeout or until ctx ends. The process is about to end (Close, the
// end of a tick): those outcomes live in memory only, and the next start's
// Recover would search Sent for each and call it uncertain, though the
// server's answer was known. Call it when no pass runs; it blocks on the
// database. A ctx already ended still gets one try, bounded by
// recordTimeout.
func (d *Dispatcher) Flush(ctx context.Context) error {
	first, cancel := d.record(ctx)
	err := d.recordAgain(first)
	cancel()
	if err == nil {
		return nil
	}
	ctx, cancel = context.WithTimeout(ctx, flushTimeout)
	defer cancel()
	for {
		// The database's busy timeout waits inside each try; a try that
		// failed at once (the disk, a lock held by another process) is
		// not spun on.
		wait := d.clock.NewTimer(time.Second)
		select {
		case <-ctx.Done():
			wait.Stop()
			d.mu.Lock()
			n := len(d.unrecorded)
			d.mu.Unlock()
			d.log.Error("sends' outcomes could not be recorded before stopping: the next start looks for them in Sent and may call them uncertain", "sends", n, "err", err)
			return fmt.Errorf("record %d sends' outcomes: %w", n, err)
		case <-wait.C():
		}
		if err = d.recordAgain(ctx); err == nil {
			return nil
		}
	}
}
