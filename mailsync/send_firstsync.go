package mailsync

import (
	"context"
	"time"
)

// FirstSyncHeld begins the reason on a mail held until its mailbox's first
// sync since keepwarm started (see Dispatcher.SetFirstSync).
const FirstSyncHeld = "held: not sent until keepwarm has read the mailbox's Sent folder since it started, so that a mail a restored backup had queued and that went out since is not sent again: "

// SetFirstSync shares the mailboxes' sync progress with the dispatcher:
// while pending says why a mailbox's Sent folder has not been synced in
// this process (Syncer.FirstSyncPending), none of its mail goes: it stays
// queued, unclaimed and with no attempt counted, saying why, and the
// mailbox is left out of the next pass's time; the syncer Kicks the
// dispatcher when its first pass is done. A database restored from a
// backup can hold a greeting, a letter or a step as queued that went out
// after the backup was taken: only its copy in Sent, once synced, tells
// the dispatcher so (settleStoredCopy). A sync that fails keeps the mail
// waiting rather than sending it blind. Call it before Start.
func (d *Dispatcher) SetFirstSync(pending func(mailbox string) string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.firstSync = pending
}

// firstSyncHold holds mailbox's due mail while its first sync is pending,
// and reports whether it did.
func (d *Dispatcher) firstSyncHold(ctx context.Context, mailbox string, now time.Time, res *RunResult) (bool, error) {
	d.mu.Lock()
	pending := d.firstSync
	d.mu.Unlock()
	if pending == nil {
		return false, nil
	}
	why := pending(mailbox)
	if why == "" {
		return false, nil
	}
	n, err := d.store.HoldDue(ctx, mailbox, now, FirstSyncHeld+why)
	if err != nil {
		return true, err
	}
	if n > 0 {
		res.Held += n
		d.log.Debug("held until the mailbox's first sync", "mailbox", mailbox, "items", n, "reason", why)
	}
	return true, nil
}
