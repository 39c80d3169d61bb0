package mailsync

import (
	"context"
	"errors"
	"maps"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
)

// CopyUnfiledHeld begins the reason on a mail held because the copy of a
// mail its mailbox sent before could not be filed in the Sent folder yet
// (a mailbox over its quota, the IMAP server unreachable while the SMTP
// server is not): the server's answer follows.
const CopyUnfiledHeld = "held: not sent, as the copy of a mail sent before it could not be filed in the Sent folder yet: "

// CopyGivenUp begins the note on a sent item whose copy the server refused
// for good (too large for it, a message it cannot parse, one keepwarm's
// header check refuses now): it went out, its copy is not in Sent, and it
// holds nothing. The server's answer follows.
const CopyGivenUp = "sent; its copy could not be filed in Sent: "

// CopyNoRight is said after the server's answer when it refuses the
// mailbox's copies for want of a right: the way out.
const CopyNoRight = "the server does not let this login add mail to the Sent folder: give the login the right to add to Sent, or, if the server files sent mail in Sent itself or copies are not wanted, set server_saves_sent = true on this mailbox"

// CopyUnknownAnswer is said after a server's answer to a copy's APPEND
// that keepwarm cannot tell transient or final (a BAD, NO [LIMIT], an
// answer with no code in words it does not know, in Chinese say): the
// copies are tried again, the mail held, and this is the way out if the
// answer lasts.
const CopyUnknownAnswer = "keepwarm does not know this answer: if it lasts, set server_saves_sent = true on this mailbox (if the server files sent mail in Sent itself or copies are not wanted), or give the copies up with keepwarm outbox give-up-copy ID (keepwarm check lists them)"

// CopyAnswer is the server's answer of a copy's note (store.CopyUnfiledWhy),
// the way out said after it (CopyNoRight, CopyUnknownAnswer) cut off: what
// a copy given up keeps, as it has no way out left to take.
func CopyAnswer(why string) string {
	for _, way := range []string{CopyNoRight, CopyUnknownAnswer} {
		if answer, ok := strings.CutSuffix(why, "; "+way); ok {
			return answer
		}
	}
	return why
}

// copyFailure is a mailbox whose latest copy could not be filed in Sent.
type copyFailure struct {
	why      string    // the server's answer (folderWhy)
	since    time.Time // when the oldest copy not filed was sent
	retry    time.Time // when its copies are tried again
	noFolder bool      // no Sent folder: folderHold says so, item by item
	// taken: a later copy (of mail to the team) was filed meanwhile, so
	// the server takes copies again: the missing ones are tried at once.
	taken bool
}

// copyKind is what a failed copy's answer says of it.
type copyKind int

const (
	copyTransient copyKind = iota // over quota, network, BYE, timeouts: tried again
	copyRefused                   // this message, for good: given up
	copyNoRight                   // the mailbox's copies, for want of a right: tried again, the way out said
	copyUnknown                   // an answer keepwarm cannot read: tried again, the way out said
)

// copyRefusal tells the kinds of failed copy apart by the server's answer
// to the APPEND itself (an appendError), never by an answer to the login.
func copyRefusal(err error) copyKind {
	if errors.As(err, new(copyComposeError)) {
		return copyRefused // the header check: composed the same way every time
	}
	if !appendStarted(err) {
		// The login, the look for the folder: not the copy's answer. A
		// login refused is stopped by the login count (imapStopped).
		return copyTransient
	}
	var ie *imap.Error
	if !errors.As(err, &ie) {
		return copyTransient // the link lost, a timeout
	}
	if ie.Type != imap.StatusResponseTypeNo {
		return copyUnknown // BAD: the same for every copy, often
	}
	switch ie.Code {
	case imap.ResponseCodeOverQuota, imap.ResponseCodeUnavailable,
		imap.ResponseCodeInUse, imap.ResponseCodeServerBug, imap.ResponseCodeTryCreate:
		return copyTransient
	case imap.ResponseCodeLimit:
		return copyUnknown // an implementation limit: per message, often
	case imap.ResponseCodeTooBig, imap.ResponseCodeParse, imap.ResponseCodeBadCharset, imap.ResponseCodeUnknownCTE:
		return copyRefused
	case imap.ResponseCodeNoPerm:
		return copyNoRight
	}
	text := strings.ToLower(ie.Text)
	switch {
	case strings.Contains(text, "quota"):
		return copyTransient
	case strings.Contains(text, "too large"), strings.Contains(text, "too big"), strings.Contains(text, "parse"):
		return copyRefused
	case strings.Contains(text, "permission"), strings.Contains(text, "not allowed"), strings.Contains(text, "no right"),
		strings.Contains(text, "read-only"), strings.Contains(text, "read only"), strings.Contains(text, "readonly"):
		return copyNoRight
	}
	return copyUnknown
}

// noteCopyFailed records that the copy of it, sent from its mailbox, could
// not be filed: its copies are tried again, and its mail to customers held
// until then, as long again as the copies have been missing (since the
// oldest one was sent), at least BaseBackoff and at most MaxBackoff. It
// returns when, for the note on the item (a fresh dispatcher's hold).
func (d *Dispatcher) noteCopyFailed(it keepwarm.OutboxItem, why string, noFolder bool) time.Time {
	now := d.clock.Now()
	sent := it.SentAt
	if sent.IsZero() || sent.After(now) {
		sent = now
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	f, ok := d.copyErr[it.Mailbox]
	if !ok || sent.Before(f.since) {
		f.since = sent
	}
	f.why, f.noFolder, f.taken = why, noFolder, false
	f.retry = now.Add(min(max(d.opt.BaseBackoff, now.Sub(f.since)), d.opt.MaxBackoff))
	d.copyErr[it.Mailbox] = f
	return f.retry
}

// noteCopyTaken records that a copy of mailbox was filed: if copies
// before it are missing, they are tried again at once (retryTaken).
func (d *Dispatcher) noteCopyTaken(mailbox string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if f, ok := d.copyErr[mailbox]; ok {
		f.taken = true
		d.copyErr[mailbox] = f
	}
}

// retryTaken tries mailbox's missing copies again at once when a copy
// sent since was filed (mail to the team goes while the rest is held): the
// server takes them again, and the mail held for them goes in this pass.
func (d *Dispatcher) retryTaken(ctx context.Context, mailbox string, now time.Time) {
	d.mu.Lock()
	f, ok := d.copyErr[mailbox]
	taken := ok && f.taken
	if taken {
		f.taken, f.retry = false, time.Time{}
		d.copyErr[mailbox] = f
	}
	d.mu.Unlock()
	if taken {
		d.fileMissingCopies(ctx, now)
	}
}

// copyRetryLater says whether mailbox's copies wait until its hold ends.
func (d *Dispatcher) copyRetryLater(mailbox string, now time.Time) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	f, ok := d.copyErr[mailbox]
	return ok && now.Before(f.retry)
}

// copyHold returns the reason to hold it, unclaimed and with no attempt
// counted, and until when, while a copy its mailbox sent before is not
// filed in Sent; "" when it may go.
//
// Mail in a salesperson's name (not to the team) waits where keepwarm files
// its copy (not the server, as Gmail and Microsoft 365 do) and the latest
// copy failed for any reason but a refusal of that one message (the folder
// missing has its own reason, see folderHold): another mail sent meanwhile
// would be missing from her Sent folder too, and, seeing none of them, she
// might send them again herself. The copies are tried again when the hold
// ends, once (fileMissingCopies: one login), and once they are filed the
// mail goes in that pass. The first hold is short (BaseBackoff: a copy
// that failed once, say on a dropped connection, is filed on the next
// try); after that it is as long as the copies have been missing, so it
// doubles while they keep failing, up to MaxBackoff: a mailbox over its
// quota for days is not looked at every minute.
func (d *Dispatcher) copyHold(acct Account, it keepwarm.OutboxItem) (string, time.Time) {
	if it.Mode != keepwarm.ModeSend || it.ToTeam() {
		return "", time.Time{}
	}
	return d.mailboxCopyHold(acct)
}

// mailboxCopyHold is copyHold for any of acct's mail to customers.
func (d *Dispatcher) mailboxCopyHold(acct Account) (string, time.Time) {
	if acct.ServerFilesSent || acct.NoMailbox || d.sender.dial == nil {
		return "", time.Time{}
	}
	d.mu.Lock()
	f, ok := d.copyErr[acct.Mailbox]
	d.mu.Unlock()
	if !ok {
		return "", time.Time{}
	}
	now := d.clock.Now()
	until := f.retry
	if !until.After(now) {
		until = now.Add(min(max(d.opt.BaseBackoff, now.Sub(f.since)), d.opt.MaxBackoff))
	}
	return CopyUnfiledHeld + f.why, until
}

// holdForCopies holds, in one statement, acct's mail to customers due at
// now while a copy it sent before is not filed (mailboxCopyHold): decided
// once for the mailbox, before any claim, so held mail takes none of the
// pass's sends. A Sent folder not found and a stopped IMAP login are left
// to the item's own reasons (folderHold, imapStopped).
func (d *Dispatcher) holdForCopies(ctx context.Context, acct Account, now time.Time, res *RunResult) error {
	reason, until := d.mailboxCopyHold(acct)
	if reason == "" || d.imapStopped(acct.Mailbox) != nil {
		return nil
	}
	d.mu.Lock()
	noFolder := d.copyErr[acct.Mailbox].noFolder
	d.mu.Unlock()
	if noFolder {
		return nil
	}
	n, err := d.store.HoldDueCopies(ctx, acct.Mailbox, now, until, reason)
	if err != nil {
		return err
	}
	if n > 0 {
		res.Held += n
		d.log.Info("held: an earlier copy is not filed in Sent yet", "mailbox", acct.Mailbox, "items", n, "until", until, "reason", reason)
	}
	return nil
}

// SendingHeld names the mailboxes whose mail to customers waits because a
// copy of mail sent in their name could not be filed in their Sent folder
// (see copyHold), each with since when (the oldest such copy's send) and
// the server's answer. Mailboxes whose IMAP login stopped are
// SendingStopped's.
func (d *Dispatcher) SendingHeld() map[string]HeldSending {
	d.mu.Lock()
	failed := maps.Clone(d.copyErr)
	d.mu.Unlock()
	out := map[string]HeldSending{}
	for mb, f := range failed {
		acct, ok := d.sender.accounts[mb]
		if !ok || acct.ServerFilesSent || acct.NoMailbox || d.sender.imap.check(mb) != nil {
			continue
		}
		out[mb] = HeldSending{Since: f.since, Why: f.why}
	}
	return out
}

// HeldSending is why a mailbox's mail to customers waits (SendingHeld).
type HeldSending struct {
	Since time.Time // when the oldest copy not filed was sent
	Why   string    // the server's answer
}
