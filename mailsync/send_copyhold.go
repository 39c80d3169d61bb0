package mailsync

import (
	"fmt"
	"maps"
	"time"

	"keepwarm"
)

// CopyUnfiledHeld begins the reason on a mail held because the copy of a
// mail its mailbox sent before could not be filed in the Sent folder yet
// (a mailbox over its quota, the IMAP server unreachable while the SMTP
// server is not): the server's answer follows.
const CopyUnfiledHeld = "held: not sent, as the copy of a mail sent before it could not be filed in the Sent folder yet: "

// copyFailure is a mailbox whose latest copy could not be filed in Sent.
type copyFailure struct {
	why   string    // the server's answer (folderWhy)
	since time.Time // the first failure in a row
}

// noteCopyFailed records that a copy of mailbox could not be filed.
func (d *Dispatcher) noteCopyFailed(mailbox, why string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f, ok := d.copyErr[mailbox]
	if !ok {
		f.since = d.clock.Now()
	}
	f.why = why
	d.copyErr[mailbox] = f
}

// copyHold returns the reason to hold it, unclaimed and with no attempt
// counted, and until when, while a copy its mailbox sent before is not
// filed in Sent; "" when it may go.
//
// Mail in a salesperson's name (not to the team) waits where keepwarm files
// its copy (not the server, as Gmail and Microsoft 365 do) and the latest
// copy failed for any reason (the folder missing has its own reason, see
// folderHold): another mail sent meanwhile would be missing from her Sent
// folder too, and, seeing none of them, she might send them again herself.
// Each pass tries the missing copies first (fileMissingCopies), and a copy
// filed lets the mail go. The first hold is short (BaseBackoff: a copy
// that failed once, say on a dropped connection, is filed on the next pass
// and the mail goes then); after that it is as long as the copies have
// been failing, so it doubles while they keep failing, up to MaxBackoff:
// a mailbox over its quota for days is not looked at every minute.
func (d *Dispatcher) copyHold(acct Account, it keepwarm.OutboxItem) (string, time.Time) {
	if it.Mode != keepwarm.ModeSend || it.ToTeam() || acct.ServerFilesSent || acct.NoMailbox || d.sender.dial == nil {
		return "", time.Time{}
	}
	d.mu.Lock()
	f, ok := d.copyErr[acct.Mailbox]
	d.mu.Unlock()
	if !ok {
		return "", time.Time{}
	}
	now := d.clock.Now()
	wait := min(max(d.opt.BaseBackoff, now.Sub(f.since)), d.opt.MaxBackoff)
	return CopyUnfiledHeld + f.why, now.Add(wait)
}

// SendingHeld names the mailboxes whose mail to customers waits because a
// copy of mail sent in their name could not be filed in their Sent folder
// (see copyHold), each with since when and the server's answer. Mailboxes
// whose IMAP login stopped are SendingStopped's.
func (d *Dispatcher) SendingHeld() map[string]string {
	d.mu.Lock()
	failed := maps.Clone(d.copyErr)
	d.mu.Unlock()
	out := map[string]string{}
	for mb, f := range failed {
		acct, ok := d.sender.accounts[mb]
		if !ok || acct.ServerFilesSent || acct.NoMailbox || d.sender.imap.check(mb) != nil {
			continue
		}
		out[mb] = fmt.Sprintf("a copy of mail sent in its name could not be filed in its Sent folder since %s; its mail to customers waits until it is: %s",
			f.since.UTC().Format(time.RFC3339), f.why)
	}
	return out
}
