package mailsync

import (
	"fmt"
	"sync"
)

// defaultMaxLoginFailures is how many refused logins in a row stop a
// mailbox when nothing says otherwise, as in sync.
const defaultMaxLoginFailures = 3

// imapLogins keeps, per mailbox, the IMAP logins of the sender's own
// connections (filing copies in Sent, drafts, reconciling an interrupted
// send, removing an answered draft) refused in a row. At max the mailbox
// is not logged in to again until keepwarm restarts, as sync stops after
// refused logins: trying the same password again every pass only hammers
// the server and can get the salesperson's account locked.
type imapLogins struct {
	mu      sync.Mutex
	max     int // <= 0: never stop
	refused map[string]imapRefusal
	// shared says that another part (the mailbox's own sync) stopped
	// logging in to the mailbox after refused logins; nil: none to ask.
	shared func(mailbox string) bool
}

type imapRefusal struct {
	n   int
	err error
}

// IMAPStoppedError is what the sender's IMAP work for a mailbox returns,
// without logging in, once its login was refused too often in a row.
type IMAPStoppedError struct {
	Mailbox string
	Refused int   // the sender's own refused logins in a row; 0: sync's verdict
	Err     error // the last refusal the sender saw; nil with Refused 0
}

func (e *IMAPStoppedError) Error() string {
	if e.Refused == 0 {
		return fmt.Sprintf("mailsync: imap %s: the mailbox's sync stopped (a refused login, or a password that could not be read); keepwarm does not log in to it again until it is restarted", e.Mailbox)
	}
	return fmt.Sprintf("mailsync: imap %s: login refused %d times in a row; keepwarm does not log in to it again until it is restarted: %v", e.Mailbox, e.Refused, e.Err)
}

// check returns an *IMAPStoppedError when mailbox must not be logged in to.
func (l *imapLogins) check(mailbox string) error {
	l.mu.Lock()
	r, shared := l.refused[mailbox], l.shared
	max := l.max
	l.mu.Unlock()
	if max > 0 && r.n >= max {
		return &IMAPStoppedError{Mailbox: mailbox, Refused: r.n, Err: r.err}
	}
	if shared != nil && shared(mailbox) {
		return &IMAPStoppedError{Mailbox: mailbox}
	}
	return nil
}

// note records a dial's outcome and reports whether it made the mailbox
// stop. Only a refused login counts; a login the server turned down as
// busy neither counts nor ends the run of refusals; anything else (a
// success, a network failure) ends it, as in sync.
func (l *imapLogins) note(mailbox string, err error) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if IsLoginBusy(err) {
		return false
	}
	if !IsAuthError(err) {
		delete(l.refused, mailbox)
		return false
	}
	r := l.refused[mailbox]
	r.n++
	r.err = err
	l.refused[mailbox] = r
	return l.max > 0 && r.n == l.max
}

// stopped names the mailboxes the sender itself stopped logging in to,
// with why.
func (l *imapLogins) stopped() map[string]*IMAPStoppedError {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]*IMAPStoppedError{}
	for mb, r := range l.refused {
		if l.max > 0 && r.n >= l.max {
			out[mb] = &IMAPStoppedError{Mailbox: mb, Refused: r.n, Err: r.err}
		}
	}
	return out
}

// SetIMAPStopped shares another part's verdict on a mailbox's IMAP login
// with the dispatcher's own IMAP work: where stopped says true (the
// mailbox's sync gave up after refused logins), no copy, draft or
// interrupted send of it logs in until a restart. Call it before Start.
func (d *Dispatcher) SetIMAPStopped(stopped func(mailbox string) bool) {
	d.sender.imap.mu.Lock()
	defer d.sender.imap.mu.Unlock()
	d.sender.imap.shared = stopped
}

// imapStopped returns the *IMAPStoppedError of a mailbox that must not be
// logged in to, having said so in the log the first time.
func (d *Dispatcher) imapStopped(mailbox string) error {
	err := d.sender.imap.check(mailbox)
	if err == nil {
		return nil
	}
	d.mu.Lock()
	noted := d.imapNoted[mailbox]
	d.imapNoted[mailbox] = true
	d.mu.Unlock()
	if !noted {
		d.log.Warn("imap login refused: copies in Sent, drafts and interrupted sends of this mailbox wait until keepwarm is restarted",
			"mailbox", mailbox, "err", err)
	}
	return err
}
