package mailsync

import (
	"context"
	"errors"
	"time"

	"keepwarm"
)

// NoSentHeld begins the reason on a mail held because keepwarm cannot find
// or read its mailbox's Sent folder (see Dispatcher.SetNoSent).
const NoSentHeld = "held: not sent, as keepwarm cannot find or read this mailbox's Sent folder: "

// unreadRecheck is how long a mail held by UnreadHeld waits before the
// dispatcher looks again.
const unreadRecheck = time.Minute

// UnreadHeld begins the reason on a mail in a salesperson's name held while
// a new message of its mailbox could not be read yet (Dispatcher.SetUnread).
const UnreadHeld = "held: not sent, as a new message in this mailbox could not be read yet and may answer it: "

// NoDraftsHeld begins the reason on a draft held because keepwarm cannot
// find its mailbox's Drafts folder.
const NoDraftsHeld = "held: not filed in Drafts, as keepwarm cannot find this mailbox's Drafts folder: "

// folderLook is what the latest look for a mailbox's Sent or Drafts folder
// found.
type folderLook struct {
	why string    // why there is none; "": found
	at  time.Time // when it was looked for
}

type folderKey struct {
	mailbox string
	kind    folderKind
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

// SetUnread shares the mailboxes' sync verdict on new messages the server
// has refused so far and that are asked for again (Syncer.UnreadMessage):
// while one is, the mailbox's mail in a salesperson's name waits, queued
// and saying why, since the message may be the customer's answer or her
// own. Call it before Start.
func (d *Dispatcher) SetUnread(unread func(mailbox string) string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.unread = unread
}

// SetUnreadable shares what the mailboxes' sync found of folders the server
// lists under names keepwarm cannot read (Syncer.UnreadableFolders): where
// a mailbox has such folders, a missing Sent or Drafts folder may be among
// them, and the reason on the mail held for it says to ask the mail
// administrator rather than to set sent_folder or drafts_folder, which
// cannot reach it. Call it before Start.
func (d *Dispatcher) SetUnreadable(unreadable func(mailbox string) []string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.unreadable = unreadable
}

// folderWhy is what err, a failure to find or write to mailbox's folder,
// says to the people: with the fix that can work where the server lists
// folders keepwarm cannot read (see SetUnreadable).
func (d *Dispatcher) folderWhy(mailbox string, err error) string {
	var nf *noFolderError
	d.mu.Lock()
	unreadable := d.unreadable
	d.mu.Unlock()
	if unreadable == nil || !errors.As(err, &nf) {
		return err.Error()
	}
	if dropped := unreadable(mailbox); len(dropped) > 0 {
		return nf.withUnreadable(mailbox, dropped)
	}
	return err.Error()
}

// folderHold returns the reason to hold item, unclaimed and with no attempt
// counted, when keepwarm cannot write where it goes; "" when it may go.
//
// Mail in a salesperson's name (not to the team) waits where its mailbox's
// Sent folder cannot be found or read: its copy could never be filed there,
// so she would not see that it went out and might send it again herself,
// and her own mail to the customer since it was queued is not read, so the
// pre-send check cannot see it. A draft waits where the Drafts folder
// cannot be found: the mailbox's condition, not the draft's, so it is not
// failed.
//
// Where keepwarm files it, the folder is looked for before the mailbox's
// first send or draft, as the copy or draft would be filed; a folder found
// is trusted until a copy or draft finds it gone, one not found is looked
// for again after MaxBackoff (when the mail held for it is due again), so
// the mail waiting costs one IMAP login a pass, not one each. Any other
// IMAP failure of the look lets the item go on; a copy that failed
// otherwise holds the mailbox's next mail (copyHold).
func (d *Dispatcher) folderHold(ctx context.Context, acct Account, it keepwarm.OutboxItem) string {
	if acct.NoMailbox {
		return ""
	}
	kind, held := sentFolder, NoSentHeld
	switch {
	case it.Mode == keepwarm.ModeDraft:
		kind, held = draftsFolder, NoDraftsHeld
	case it.Mode != keepwarm.ModeSend || it.ToTeam():
		return ""
	}
	if kind == sentFolder {
		d.mu.Lock()
		noSent, unread := d.noSent, d.unread
		d.mu.Unlock()
		if noSent != nil {
			if why := noSent(acct.Mailbox); why != "" {
				return held + why
			}
		}
		if unread != nil {
			if why := unread(acct.Mailbox); why != "" {
				return UnreadHeld + why
			}
		}
		if acct.ServerFilesSent {
			return ""
		}
	}
	if d.sender.dial == nil {
		return ""
	}
	key := folderKey{acct.Mailbox, kind}
	now := d.clock.Now()
	d.mu.Lock()
	look, looked := d.folders[key]
	d.mu.Unlock()
	if !looked || (look.why != "" && !now.Before(look.at.Add(d.opt.MaxBackoff))) {
		_, err := d.sender.findFolderOf(ctx, acct, kind)
		if err != nil && !isNoFolder(err, kind) {
			return ""
		}
		d.noteFolder(acct.Mailbox, kind, err)
		look = folderLook{at: now}
		if err != nil {
			look.why = d.folderWhy(acct.Mailbox, err)
		}
	}
	if look.why == "" {
		return ""
	}
	return held + look.why
}

// noteFolder records what a copy, a draft or a look for the folder found:
// err nil, the folder is there; a no-folder error, it is not. Other errors
// say nothing about the folder.
func (d *Dispatcher) noteFolder(mailbox string, kind folderKind, err error) {
	look := folderLook{at: d.clock.Now()}
	if err != nil {
		if !isNoFolder(err, kind) {
			return
		}
		look.why = d.folderWhy(mailbox, err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.folders[folderKey{mailbox, kind}] = look
}
