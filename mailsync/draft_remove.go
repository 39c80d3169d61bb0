package mailsync

import (
	"context"
	"fmt"

	"github.com/emersion/go-imap/v2"

	"keepwarm"
)

// What RemoveDraft did with a draft keepwarm had put in Drafts.
const (
	// DraftRemoved: found unchanged by its Message-ID, flagged \Deleted and
	// expunged by its UID alone.
	DraftRemoved = "removed"
	// DraftGone: no message with its Message-ID is in Drafts any more (the
	// salesperson sent it, deleted it, or their client saved an edit under
	// a new Message-ID): nothing to do.
	DraftGone = "gone"
	// DraftEdited: a message with its Message-ID is there but not the bytes
	// keepwarm filed: the salesperson's edit, left alone.
	DraftEdited = "edited"
	// DraftKept: the server cannot expunge one message by UID (no UIDPLUS):
	// a plain EXPUNGE would also remove mail the salesperson marked deleted,
	// so the draft is left in place, untouched.
	DraftKept = "kept: the server has no UIDPLUS (UID EXPUNGE); delete the draft by hand"
)

// draftItemError is RemoveDraft's answer when the item itself cannot be
// looked for in Drafts (no Message-ID, not composable), before any login:
// the draft's fault, not its mailbox's. Its code is EINVALID.
type draftItemError struct{ err *keepwarm.Error }

func (e draftItemError) Error() string { return e.err.Error() }
func (e draftItemError) Unwrap() error { return e.err }

// RemoveDraft takes keepwarm's own draft item (mode draft, already filed)
// out of its mailbox's Drafts, and nothing else: it finds it by its
// Message-ID (UID SEARCH HEADER Message-ID), checks that its size is still
// that of the bytes keepwarm filed (an edit saved under the same id is the
// salesperson's and stays), then UID STORE +FLAGS.SILENT (\Deleted) and UID
// EXPUNGE of that UID only. A server without UIDPLUS keeps the draft (see
// DraftKept). It blocks on IMAP; an error leaves the decision to a later
// call.
func (s *Sender) RemoveDraft(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
	if item.Mode != keepwarm.ModeDraft || item.MessageID == "" {
		return "", draftItemError{keepwarm.Errorf(keepwarm.EINVALID, "mailsync: outbox %d is not a filed draft", item.ID)}
	}
	acct, err := s.account(item.Mailbox)
	if err != nil {
		return "", err
	}
	raw, err := s.Compose(item)
	if err != nil {
		return "", draftItemError{keepwarm.Errorf(keepwarm.EINVALID, "mailsync: outbox %d: cannot compose it to find it in Drafts: %v", item.ID, err)}
	}
	c, err := s.connect(ctx, acct.Mailbox)
	if err != nil {
		return "", err
	}
	defer c.Close()
	folder, err := findFolder(c, acct, draftsFolder)
	if err != nil {
		return "", fmt.Errorf("mailsync: imap %s: %w", acct.Mailbox, err)
	}
	fail := func(what string, err error) (string, error) {
		return "", fmt.Errorf("mailsync: imap %s: %s %s: %w", acct.Mailbox, what, folder, err)
	}
	// Read-only first: a draft already gone or edited needs no write access.
	if _, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		return fail("examine", err)
	}
	mine, outcome, err := ownDraftUIDs(c, item.MessageID, int64(len(raw)))
	if err != nil {
		return fail("search", err)
	}
	if len(mine) == 0 {
		return outcome, nil
	}
	caps := c.Caps()
	if !caps.Has(imap.CapUIDPlus) && !caps.Has(imap.CapIMAP4rev2) {
		return DraftKept, nil
	}
	if _, err := c.Select(folder, nil).Wait(); err != nil {
		return fail("select", err)
	}
	// Search again in the read-write session: UIDs are stable, but the
	// draft may have gone in between.
	if mine, outcome, err = ownDraftUIDs(c, item.MessageID, int64(len(raw))); err != nil || len(mine) == 0 {
		if err != nil {
			return fail("search", err)
		}
		return outcome, nil
	}
	set := imap.UIDSetNum(mine...)
	store := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}
	if err := c.Store(set, store, nil).Close(); err != nil {
		return fail("flag in", err)
	}
	if err := c.UIDExpunge(set).Close(); err != nil {
		return fail("expunge in", err)
	}
	s.log.Info("removed keepwarm's own draft", "mailbox", acct.Mailbox, "folder", folder, "message_id", item.MessageID)
	return DraftRemoved, nil
}

// ownDraftUIDs are the UIDs in the selected folder whose Message-ID is id
// and whose size is size. With none, outcome says why (gone or edited).
func ownDraftUIDs(c *closeHook, id string, size int64) ([]imap.UID, string, error) {
	crit := &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-ID", Value: "<" + id + ">"}}}
	data, err := c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return nil, "", err
	}
	uids := data.AllUIDs()
	if len(uids) == 0 {
		return nil, DraftGone, nil
	}
	msgs, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return nil, "", err
	}
	var mine []imap.UID
	for _, m := range msgs {
		if m.RFC822Size == size {
			mine = append(mine, m.UID)
		}
	}
	if len(mine) == 0 {
		return nil, DraftEdited, nil
	}
	return mine, "", nil
}
