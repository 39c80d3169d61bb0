package mailsync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"keepwarm"
)

// FileSent APPENDs the exact bytes Deliver sent for item to its mailbox's
// Sent folder with \Seen, unless the account says the server files SMTP
// sends itself. It first searches Sent for the Message-ID, so running it
// again after a crash files no second copy. It blocks on IMAP.
func (s *Sender) FileSent(ctx context.Context, item keepwarm.OutboxItem) error {
	acct, err := s.account(item.Mailbox)
	if err != nil {
		return err
	}
	if acct.ServerFilesSent {
		return nil
	}
	raw, err := s.Compose(item)
	if err != nil {
		return copyComposeError{err} // this copy's fault, before any login
	}
	date := item.AttemptedAt
	if !item.SentAt.IsZero() {
		date = item.SentAt
	}
	return s.appendOnce(ctx, acct, sentFolder, item.MessageID, raw,
		&imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}, Time: date})
}

// copyComposeError is FileSent's answer when the item's copy cannot be
// composed (the header check refuses it): the copy's fault, the same at
// every try, not its mailbox's.
type copyComposeError struct{ err error }

func (e copyComposeError) Error() string { return e.err.Error() }
func (e copyComposeError) Unwrap() error { return e.err }

// Draft APPENDs item to its mailbox's Drafts folder with \Draft (and \Seen)
// and sends nothing: draft mode, for a salesperson who reviews before
// sending. Like FileSent it searches first, so it is safe to repeat.
func (s *Sender) Draft(ctx context.Context, item keepwarm.OutboxItem) error {
	acct, err := s.account(item.Mailbox)
	if err != nil {
		return err
	}
	raw, err := s.Compose(item)
	if err != nil {
		return err
	}
	return s.appendOnce(ctx, acct, draftsFolder, item.MessageID, raw,
		&imap.AppendOptions{Flags: []imap.Flag{imap.FlagDraft, imap.FlagSeen}, Time: s.clock.Now()})
}

// Reconcile settles an item a crash left in `sending`, by searching the
// mailbox for its Message-ID (`UID SEARCH HEADER Message-ID <id>`):
//
//   - send mode: found in Sent → OutboxSent. Not found, or no mailbox to
//     search (Account.NoMailbox) → OutboxUncertain.
//     Absence proves nothing: we APPEND to Sent only after the SMTP server's
//     250, so a crash between that 250 and the APPEND leaves the mail
//     delivered and Sent empty, exactly like a crash before the dial. Only a
//     person can tell the two apart, so the row is never resent automatically.
//     (Where the server files SMTP sends itself, a hit is the server's own
//     proof of acceptance.)
//   - draft mode: found in Drafts → OutboxDrafted; found in Sent instead
//     → OutboxDrafted too: it was filed and the salesperson has sent it
//     meanwhile (the machine was off overnight), and filing it again
//     would offer her the same mail to send twice. In neither, it may still
//     have been filed: mail clients save an edited draft, and send one,
//     under a new Message-ID. Sent is every Sent folder sync reads (her
//     phone's "Sent" beside Outlook's "Sent Items": searchedFolders), so
//     a draft she sent from her phone is found too. So Drafts and Sent
//     are searched for a mail of
//     the same thread (its In-Reply-To; a new thread's, to its first
//     recipient) since the day before the claim (a draft whose APPEND
//     lost its answer: the claim of that attempt, see sameThreadSince):
//     one there →
//     OutboxUncertain, for a person to look, as filing it again could
//     offer the same mail to send twice; none → OutboxQueued: a draft not
//     filed reaches nobody, so trying again is harmless.
//   - dry-run: OutboxSkipped; nothing was ever sent.
//
// It blocks on IMAP; an IMAP error leaves the decision to a later call.
func (s *Sender) Reconcile(ctx context.Context, item keepwarm.OutboxItem) (keepwarm.OutboxStatus, error) {
	acct, err := s.account(item.Mailbox)
	if err != nil {
		return "", err
	}
	switch item.Mode {
	case keepwarm.ModeDryRun:
		return keepwarm.OutboxSkipped, nil
	case keepwarm.ModeDraft:
		found, err := s.search(ctx, acct, draftsFolder, item.MessageID)
		if err != nil {
			return "", err
		}
		if !found && !acct.NoMailbox {
			found, err = s.search(ctx, acct, sentFolder, item.MessageID)
			if err != nil {
				return "", err
			}
		}
		if found {
			return keepwarm.OutboxDrafted, nil
		}
		if acct.NoMailbox {
			return keepwarm.OutboxQueued, nil
		}
		crit := sameThreadSince(item)
		for _, which := range []folderKind{draftsFolder, sentFolder} {
			found, err := s.searchCrit(ctx, acct, which, crit)
			if err != nil {
				return "", err
			}
			if found {
				return keepwarm.OutboxUncertain, nil
			}
		}
		return keepwarm.OutboxQueued, nil
	}
	if acct.NoMailbox {
		return keepwarm.OutboxUncertain, nil // no Sent to look in
	}
	found, err := s.search(ctx, acct, sentFolder, item.MessageID)
	if err != nil {
		return "", err
	}
	if found {
		return keepwarm.OutboxSent, nil
	}
	return keepwarm.OutboxUncertain, nil
}

// InSent reports whether a message with the Message-ID is in the mailbox's
// Sent folder.
func (s *Sender) InSent(ctx context.Context, mailbox, messageID string) (bool, error) {
	acct, err := s.account(mailbox)
	if err != nil {
		return false, err
	}
	return s.search(ctx, acct, sentFolder, messageID)
}

func (s *Sender) connect(ctx context.Context, mailbox string) (*closeHook, error) {
	if s.dial == nil {
		return nil, keepwarm.Errorf(keepwarm.EINVALID, "mailsync: no IMAP dialer for mailbox %q", mailbox)
	}
	// A mailbox whose login was refused too often is not logged in to
	// again (imapLogins): every pass would otherwise try the same password
	// once per copy, draft and interrupted send.
	if err := s.imap.check(mailbox); err != nil {
		return nil, err
	}
	c, err := s.dial(ctx, mailbox)
	if s.imap.note(mailbox, err) {
		s.log.Error("imap login refused; keepwarm stopped filing copies and drafts in this mailbox until it is restarted",
			"mailbox", mailbox, "refused", s.imap.max, "err", err)
	}
	if err != nil {
		return nil, fmt.Errorf("mailsync: imap %s: %w", mailbox, err)
	}
	// imapclient takes no context: closing the client is how to cancel.
	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	return &closeHook{Client: c, stop: stop}, nil
}

func (s *Sender) appendOnce(ctx context.Context, acct Account, which folderKind, messageID string, raw []byte, opts *imap.AppendOptions) error {
	c, err := s.connect(ctx, acct.Mailbox)
	if err != nil {
		return err
	}
	defer c.Close()
	// A copy for Sent is looked for in every Sent folder sync reads, not
	// only the one it is filed in now: with "Sent" and "Sent Items" and
	// none marked \Sent, the fullest (where it goes) can change between an
	// APPEND whose answer was lost and its retry, as can sent_folder.
	searched, err := searchedFolders(c, acct, which)
	if err != nil {
		return fmt.Errorf("mailsync: imap %s: %w", acct.Mailbox, err)
	}
	folder := searched[0]
	for _, f := range searched {
		found, err := searchMessageID(c, f, messageID)
		if err != nil {
			return fmt.Errorf("mailsync: imap %s: search %s: %w", acct.Mailbox, f, err)
		}
		if found {
			return nil
		}
	}
	cmd := c.Append(folder, int64(len(raw)), opts)
	if _, err := cmd.Write(raw); err != nil {
		return &appendError{fmt.Errorf("mailsync: imap %s"+appendTo+"%s: %w", acct.Mailbox, folder, err)}
	}
	if err := cmd.Close(); err != nil {
		return &appendError{fmt.Errorf("mailsync: imap %s"+appendTo+"%s: %w", acct.Mailbox, folder, err)}
	}
	if _, err := cmd.Wait(); err != nil {
		return &appendError{fmt.Errorf("mailsync: imap %s"+appendTo+"%s: %w", acct.Mailbox, folder, err)}
	}
	s.log.Debug("filed a copy", "mailbox", acct.Mailbox, "folder", folder, "message_id", messageID)
	return nil
}

// appendTo is in what an APPEND that failed once started says.
const appendTo = ": append to "

// appendError is an APPEND that failed once started (the link lost before
// the server's answer, or its refusal): the message may have reached the
// folder. A draft's is recorded on the item (AppendLost, through
// MarkRetryAppendLost), not in its error alone, which the next failure or
// hold writes over.
type appendError struct{ err error }

func (e *appendError) Error() string { return e.err.Error() }
func (e *appendError) Unwrap() error { return e.err }

// appendStarted reports whether err is an APPEND that failed once started.
func appendStarted(err error) bool {
	var ae *appendError
	return errors.As(err, &ae)
}

// draftMayBeFiled reports whether a claimed draft's earlier attempt failed
// once its APPEND had started (AppendLost, kept through later failures,
// holds and waits): it may be in Drafts already, or sent by the
// salesperson from there since under a new Message-ID, which a search of
// Drafts by its own does not find. It is then looked for as Reconcile
// does after a crash.
func draftMayBeFiled(it keepwarm.OutboxItem) bool {
	return it.Mode == keepwarm.ModeDraft && it.AppendLost
}

// sameThreadSince selects the mail of item's thread (In-Reply-To its
// anchor; a new thread's, To its first recipient) since the day before the
// attempt that may have filed it: a draft of it saved or sent under another
// Message-ID. For a draft whose APPEND lost its answer that is the attempt
// it was lost in (AppendLostAt), not the latest claim: held for days since,
// she may have sent it days ago.
func sameThreadSince(item keepwarm.OutboxItem) *imap.SearchCriteria {
	at := item.AttemptedAt
	if at.IsZero() {
		at = item.CreatedAt
	}
	if item.AppendLost {
		lost := item.AppendLostAt
		if lost.IsZero() {
			lost = item.CreatedAt // no later than the attempt
		}
		if lost.Before(at) {
			at = lost
		}
	}
	crit := &imap.SearchCriteria{Since: at.AddDate(0, 0, -1)}
	switch {
	case item.InReplyTo != "":
		crit.Header = []imap.SearchCriteriaHeaderField{{Key: "In-Reply-To", Value: "<" + item.InReplyTo + ">"}}
	case len(item.To) > 0:
		crit.Header = []imap.SearchCriteriaHeaderField{{Key: "To", Value: item.To[0].Email}}
	}
	return crit
}

func (s *Sender) search(ctx context.Context, acct Account, which folderKind, messageID string) (bool, error) {
	crit := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: "<" + messageID + ">"}}}
	return s.searchCrit(ctx, acct, which, crit)
}

func (s *Sender) searchCrit(ctx context.Context, acct Account, which folderKind, crit *imap.SearchCriteria) (bool, error) {
	c, err := s.connect(ctx, acct.Mailbox)
	if err != nil {
		return false, err
	}
	defer c.Close()
	folders, err := searchedFolders(c, acct, which)
	if err != nil {
		return false, fmt.Errorf("mailsync: imap %s: %w", acct.Mailbox, err)
	}
	for _, folder := range folders {
		found, err := searchFolder(c, folder, crit)
		if err != nil {
			return false, fmt.Errorf("mailsync: imap %s: search %s: %w", acct.Mailbox, folder, err)
		}
		if found {
			return true, nil
		}
	}
	return false, nil
}

// searchedFolders are the folders a search for mail of which kind looks
// in: the one findFolder files in, and for Sent every other Sent folder
// sync reads (chooseSent's more: a usual-named one that holds mail, such
// as her phone's "Sent" beside Outlook's "Sent Items"), whether or not
// sent_folder names where copies go. A draft she sent from her phone is
// there, and a search of the filing folder alone would file it again.
// The first is the filing folder. For Sent the folders are listed, and
// the candidates' sizes asked (chooseSent), once for both.
func searchedFolders(c *closeHook, acct Account, which folderKind) ([]string, error) {
	if which != sentFolder {
		folder, err := findFolder(c, acct, which)
		return []string{folder}, err
	}
	caps := c.Caps()
	list, err := listFolders(c.Client, caps.Has(imap.CapListExtended) || caps.Has(imap.CapIMAP4rev2))
	if err != nil {
		return nil, fmt.Errorf("list folders: %w", err)
	}
	folder, more, _ := chooseSent(c.Client, list, acct.SentNames, sentNames)
	switch {
	case acct.SentFolder != "":
		folder = acct.SentFolder
	case folder == "":
		return nil, sentNotFound(acct, list)
	}
	folders := []string{folder}
	for _, f := range more {
		if !slices.Contains(folders, f) {
			folders = append(folders, f)
		}
	}
	return folders, nil
}

// closeHook closes the client and stops the context watch together.
type closeHook struct {
	*imapclient.Client
	stop func() bool
}

func (c *closeHook) Close() error {
	c.stop()
	return c.Client.Close()
}

// folderKind names the folder a copy goes to.
type folderKind int

const (
	sentFolder folderKind = iota
	draftsFolder
)

// findFolder returns the account's Sent or Drafts folder: the configured
// one, else the one LIST marks \Sent or \Drafts (SPECIAL-USE), else the
// first the server has of the provider's names and the usual ones
// ("Sent Messages", "已发送", "INBOX.Sent"; "草稿箱", "INBOX.Drafts"), as
// sync picks the Sent folder it reads. None of them is an error that says
// which key to set: a copy is never APPENDed to a folder sync does not
// read, nor to one the server would have to create.
func findFolder(c *closeHook, acct Account, which folderKind) (string, error) {
	configured, attr, key, what := acct.SentFolder, imap.MailboxAttrSent, "sent_folder", "Sent"
	tried := [][]string{acct.SentNames, sentNames}
	if which == draftsFolder {
		configured, attr, key, what = acct.DraftsFolder, imap.MailboxAttrDrafts, "drafts_folder", "Drafts"
		tried = [][]string{draftsNames}
	}
	if configured != "" {
		return configured, nil
	}
	caps := c.Caps()
	list, err := listFolders(c.Client, caps.Has(imap.CapListExtended) || caps.Has(imap.CapIMAP4rev2))
	if err != nil {
		return "", fmt.Errorf("list folders: %w", err)
	}
	f := specialFolder(list, attr, tried...)
	if which == sentFolder {
		f, _, _ = chooseSent(c.Client, list, tried...)
	}
	if f != "" {
		return f, nil
	}
	return "", noFolder(acct, which, what, attr, key, list)
}

// sentNotFound is findFolder's error for a mailbox with no Sent folder.
func sentNotFound(acct Account, list []*imap.ListData) error {
	return noFolder(acct, sentFolder, "Sent", imap.MailboxAttrSent, "sent_folder", list)
}

func noFolder(acct Account, which folderKind, what string, attr imap.MailboxAttr, key string, list []*imap.ListData) error {
	has := strings.Join(names(list), ", ")
	return &noFolderError{kind: which, what: what, attr: string(attr), has: has,
		err: keepwarm.Errorf(keepwarm.EINVALID,
			"no %s folder found (none is marked %s, none has a usual name): set %s for mailbox %q (the server has: %s)",
			what, attr, key, acct.Mailbox, has)}
}

// noFolderError is findFolder's answer when the mailbox has no Sent (or
// Drafts) folder to write to: the mailbox's condition, not one mail's. Its
// code is EINVALID.
type noFolderError struct {
	kind            folderKind
	what, attr, has string // for withUnreadable
	err             *keepwarm.Error
}

// withUnreadable says the error again where the server also lists folders
// keepwarm cannot read (dropped, as Syncer.UnreadableFolders names them):
// the folder may be among them, and no configured name can reach it, so
// the fix is the mail administrator's, not a key to set.
func (e *noFolderError) withUnreadable(mailbox string, dropped []string) string {
	return fmt.Sprintf("mailsync: imap %s: no %s folder found (none is marked %s, none has a usual name; the server has: %s): %s",
		mailbox, e.what, e.attr, e.has, unreadableNote(dropped))
}

func (e *noFolderError) Error() string { return e.err.Error() }
func (e *noFolderError) Unwrap() error { return e.err }

// noSentNoted says whether why, a copy's answer noted on its item
// (store.CopyUnfiled), is a noFolderError's for the Sent folder, as its
// Error or withUnreadable says it: the mailbox had no Sent folder then.
func noSentNoted(why string) bool {
	return strings.Contains(why, "no Sent folder found (none is marked "+string(imap.MailboxAttrSent)+",")
}

// isNoFolder reports whether err says the mailbox has no folder of kind.
func isNoFolder(err error, kind folderKind) bool {
	var nf *noFolderError
	return errors.As(err, &nf) && nf.kind == kind
}

// findFolderOf logs in to acct's mailbox and finds its Sent or Drafts
// folder, as a copy or a draft would. It blocks on IMAP.
func (s *Sender) findFolderOf(ctx context.Context, acct Account, which folderKind) (string, error) {
	c, err := s.connect(ctx, acct.Mailbox)
	if err != nil {
		return "", err
	}
	defer c.Close()
	folder, err := findFolder(c, acct, which)
	if err != nil {
		return "", fmt.Errorf("mailsync: imap %s: %w", acct.Mailbox, err)
	}
	return folder, nil
}

// searchMessageID runs UID SEARCH HEADER Message-ID <id> in folder, opened
// read-only (EXAMINE) so nothing in the user's mailbox changes.
func searchMessageID(c *closeHook, folder, messageID string) (bool, error) {
	crit := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: "<" + messageID + ">"}}}
	return searchFolder(c, folder, crit)
}

// searchFolder reports whether folder, opened read-only, holds a message
// crit selects.
func searchFolder(c *closeHook, folder string, crit *imap.SearchCriteria) (bool, error) {
	if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return false, err
	}
	data, err := c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return false, err
	}
	return len(data.AllUIDs()) > 0, nil
}
