package sequences

import (
	"context"
	"fmt"
	"strings"
	"time"

	"keepwarm"
)

// notTheirs says why e's follow-up may no longer go out in the name of
// the salesperson it is signed as (e.SignedBy: from a shared mailbox, the
// one who wrote the mail followed up, not the mailbox's owner), "" when it
// may: the customer went back to the pool since it
// began (released, or returned at its claim's deadline), or was handed by
// hand away from them to another salesperson and is still theirs. Mail
// in the previous owner's name would then speak for someone the customer
// no longer belongs to (who may have left); the new owner follows up in
// their own name. A colleague who never owned the customer (a technical
// colleague's or the manager's own quotation) still speaks for themselves
// when it changes hands between others: their follow-up goes on. It is
// asked when a step is queued and again just before it is sent. cust is
// e's customer as stored now.
//
// Changes of hands count from when the mail followed up became the
// signer's: a later mail in the thread moves the follow-up onto its
// writer, and a customer let go before a new owner claimed it and wrote
// there was not let go by them.
func (f *FollowUp) notTheirs(ctx context.Context, e keepwarm.Enrollment, cust keepwarm.Customer) (string, error) {
	signer := e.SignedBy()
	loc := f.personLocation(signer)
	since := e.CreatedAt
	if e.AnchorAt.After(since) {
		since = e.AnchorAt
	}
	who, at, gone, err := f.store.LetGoSince(ctx, e.CustomerID, signer, since)
	if err != nil {
		return "", err
	}
	if gone {
		by := ""
		if who != "" {
			by = " by " + who
		}
		return fmt.Sprintf("the customer went back to the pool on %s (let go%s): no follow-up in their name", at.In(loc).Format("2006-01-02"), by), nil
	}
	to, at, handed, err := f.store.HandedSince(ctx, e.CustomerID, since)
	if err != nil || !handed || to == "" || strings.EqualFold(to, signer) || !strings.EqualFold(to, cust.Owner) {
		// Not handed over, handed (back) to the sender, or no longer the
		// new owner's (a later release is the pool's rule above).
		return "", err
	}
	if away, err := f.store.HandedAwaySince(ctx, e.CustomerID, signer, since); err != nil || !away {
		// Handed between others: not the signer's before, nor now.
		return "", err
	}
	return fmt.Sprintf("the customer was handed to %s on %s: no follow-up in %s's name; %s can follow up in their own name",
		to, at.In(loc).Format("2006-01-02"), signer, to), nil
}

// personLocation is the zone person reads their reasons in: their own
// (PersonLocation: their time_zone, else the team's), else that of a
// mailbox of theirs, else UTC. A release at 01:00 in Shanghai is dated
// that day, not the UTC day before.
func (f *FollowUp) personLocation(person string) *time.Location {
	if f.cfg.PersonLocation != nil {
		if loc := f.cfg.PersonLocation(person); loc != nil {
			return loc
		}
	}
	for _, id := range f.cfg.Identities {
		if strings.EqualFold(id.Owner, person) && id.Location != nil {
			return id.Location
		}
	}
	return time.UTC
}
