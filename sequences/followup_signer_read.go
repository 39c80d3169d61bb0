package sequences

import (
	"context"
	"fmt"
	"strings"

	"keepwarm"
)

// readSigners gives the follow-ups an upgrade left without a signer the
// one their steps are signed as (signerOf), once: a follow-up from a shared
// mailbox running when the signer was first kept (0312) goes out in the
// name of whoever wrote the mail it follows up, and must be held on their
// absence, stopped when the customer is handed away from them and told to
// them, not to the mailbox's owner. A row whose mail or mailbox is gone
// keeps the owner. It runs before the steps of the pass.
func (f *FollowUp) readSigners(ctx context.Context) error {
	list, err := f.store.UnsignedEnrollments(ctx)
	if err != nil || len(list) == 0 {
		return err
	}
	read := make(map[int64]string, len(list))
	for _, e := range list {
		signer, err := f.signerOfStored(ctx, e)
		if err != nil {
			return fmt.Errorf("follow-up %d: the salesperson it is signed as: %w", e.ID, err)
		}
		read[e.ID] = signer
	}
	if err := f.store.SignersRead(ctx, read); err != nil {
		return err
	}
	f.log.Info("read whom running follow-ups are signed as", "enrollments", len(read))
	return nil
}

// signerOfStored is e's signer read from its mailbox, the mail it follows
// up and its customer's owner as they are now, as its next step is signed.
func (f *FollowUp) signerOfStored(ctx context.Context, e keepwarm.Enrollment) (string, error) {
	id, ok := f.identityOf(e.Mailbox)
	if !ok || strings.EqualFold(id.Email, id.Owner) {
		return "", nil // not a shared mailbox: its owner's
	}
	anchor, err := f.store.GetMessage(ctx, e.AnchorID)
	if keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if anchor.Date.IsZero() {
		anchor.Date = e.AnchorAt
	}
	cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
	if err != nil && keepwarm.ErrorCode(err) != keepwarm.ENOTFOUND {
		return "", err
	}
	return f.signerOf(id, anchor, cust.Owner), nil
}
