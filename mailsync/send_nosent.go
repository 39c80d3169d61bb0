package mailsync

import (
	"context"
	"time"

	"keepwarm"
)

// NoSentHeld begins the reason on a mail held because keepwarm cannot find
// or read its mailbox's Sent folder (see Dispatcher.SetNoSent).
const NoSentHeld = "held: not sent, as keepwarm cannot find or read this mailbox's Sent folder: "

// sentFolderLook is what the latest look for a mailbox's Sent folder found.
type sentFolderLook struct {
	why string    // why there is none; "": found
	at  time.Time // when it was looked for
}

// SetNoSent shares the mailboxes' sync verdict on their Sent folders with
// the dispatcher: where noSent says why a mailbox is read without its Sent
// folder (Syncer.NoSentFolder), its mail in a salesperson's name waits,
// queued and saying why, even where the server files the copy itself. Call
// it before Start.
func (d *Dispatcher) SetNoSent(noSent func(mailbox string) string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.noSent = noSent
}

// noSentFolder says why it must wait when item is mail in a salesperson's
// name from a mailbox whose Sent folder keepwarm cannot find or read: its
// copy could never be filed there, so she would not see it went out and
// might send it again herself, and her own mail to the customer since the
// item was queued is not read, so the pre-send check cannot see it. ""
// when it may go. Mail to the team is not held. Where keepwarm files the
// copy itself, the folder is looked for before the first send, as the copy
// would be filed; a folder found is trusted until a copy finds it gone, one
// not found is looked for again after MaxBackoff (when the mail held for it
// is due again). Any other IMAP failure lets the mail go: its copy is filed
// by a later pass, as before.
func (d *Dispatcher) noSentFolder(ctx context.Context, acct Account, it keepwarm.OutboxItem) string {
	if it.Mode != keepwarm.ModeSend || it.ToTeam() || acct.NoMailbox {
		return ""
	}
	d.mu.Lock()
	noSent := d.noSent
	look, looked := d.sentFolder[acct.Mailbox]
	d.mu.Unlock()
	if noSent != nil {
		if why := noSent(acct.Mailbox); why != "" {
			return why
		}
	}
	if acct.ServerFilesSent || d.sender.dial == nil {
		return ""
	}
	now := d.clock.Now()
	if looked && (look.why == "" || now.Before(look.at.Add(d.opt.MaxBackoff))) {
		return look.why
	}
	_, err := d.sender.findFolderOf(ctx, acct, sentFolder)
	switch {
	case err == nil:
		look = sentFolderLook{at: now}
	case isNoFolder(err, sentFolder):
		look = sentFolderLook{why: err.Error(), at: now}
	default:
		return ""
	}
	d.mu.Lock()
	d.sentFolder[acct.Mailbox] = look
	d.mu.Unlock()
	return look.why
}
