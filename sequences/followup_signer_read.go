package sequences

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"keepwarm"
)

// readSigners gives the follow-ups an upgrade left without a signer the
// one their steps are signed as (signerOf), once: a follow-up from a shared
// mailbox running when the signer was first kept (0312) goes out in the
// name of whoever wrote the mail it follows up, and must be held on their
// absence, stopped when the customer is handed away from them and told to
// them, not to the mailbox's owner. A row whose mail or mailbox is gone
// keeps the owner; a step the old build held on the owner's absence is
// decided again at now. Each row is recorded on its own: one that cannot
// be read is logged, stays listed for the next look, and is in failed
// (with err) while the others are read. It runs before the steps of a pass
// (only 0: every listed row) and before the last look at a queued step
// (Recheck, only its enrollment: a row of another that keeps failing is
// not read and logged again for each item sent), which may come first
// after a start. Nothing adds to the list, so once it is empty it is not
// read again.
func (f *FollowUp) readSigners(ctx context.Context, now time.Time, only int64) (failed map[int64]bool, err error) {
	if f.signersRead.Load() {
		return nil, nil
	}
	list, err := f.store.UnsignedEnrollments(ctx)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		f.signersRead.Store(true)
		return nil, nil
	}
	var errs []error
	n := 0
	for _, e := range list {
		if only != 0 && e.ID != only {
			continue
		}
		signer, err := f.signerOfStored(ctx, e)
		if err == nil {
			err = f.store.SignerRead(ctx, e.ID, signer, now)
		}
		if err != nil {
			if failed == nil {
				failed = map[int64]bool{}
			}
			failed[e.ID] = true
			f.log.Error("follow-up: the salesperson it is signed as could not be read; tried again next pass", "enrollment", e.ID, "err", err)
			errs = append(errs, fmt.Errorf("follow-up %d: the salesperson it is signed as: %w", e.ID, err))
			continue
		}
		n++
	}
	if n > 0 {
		f.log.Info("read whom running follow-ups are signed as", "enrollments", n)
	}
	return failed, errors.Join(errs...)
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
