package sequences

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"keepwarm"
)

// DefaultContactCap is how many automated mails (follow-up steps,
// greetings, letters) one contact gets at most in CapWindow: a customer
// hears from keepwarm a couple of times a week at most.
const DefaultContactCap = 2

// CapWindow is the rolling window of the per-contact cap.
const CapWindow = 7 * 24 * time.Hour

// CapStore is what the per-contact cap reads; store.DB satisfies it.
type CapStore interface {
	AutomatedSince(ctx context.Context, emails []string, since time.Time) (map[string][]time.Time, error)
}

// contactCap is the per-contact cap: at most n automated mails per contact
// per rolling CapWindow, across sequences, greetings and letters.
type contactCap struct {
	n     int // <= 0: no cap
	store CapStore
}

// capOf reads a configured cap: 0 is the default, below 0 none.
func capOf(n int, st CapStore) contactCap {
	if n == 0 {
		n = DefaultContactCap
	}
	return contactCap{n: n, store: st}
}

// wait returns when a mail to every one of to may go without exceeding the
// cap (zero: now), and why it waits.
func (c contactCap) wait(ctx context.Context, to []keepwarm.Address, now time.Time) (time.Time, string, error) {
	return c.waitAlso(ctx, to, now, nil)
}

// waitAlso is wait counting, besides the mail the store holds, the mail a
// run is about to queue (queued: per lower-case address, when each was
// queued), so that two items due in the same run do not both take the
// cap's last slot.
func (c contactCap) waitAlso(ctx context.Context, to []keepwarm.Address, now time.Time, queued map[string][]time.Time) (time.Time, string, error) {
	if c.n <= 0 || c.store == nil || len(to) == 0 {
		return time.Time{}, "", nil
	}
	emails := make([]string, len(to))
	for i, a := range to {
		emails[i] = strings.ToLower(a.Email)
	}
	sent, err := c.store.AutomatedSince(ctx, emails, now.Add(-CapWindow))
	if err != nil {
		return time.Time{}, "", err
	}
	if len(queued) > 0 {
		all := make(map[string][]time.Time, len(emails))
		for _, e := range emails {
			all[e] = append(slices.Clone(sent[e]), queued[e]...)
			slices.SortFunc(all[e], time.Time.Compare)
		}
		sent = all
	}
	until, why := c.waitGiven(sent, emails, now)
	return until, why, nil
}

// waitGiven is wait over the automated mails sent (per lower-case address,
// oldest first, those of the last CapWindow before now).
func (c contactCap) waitGiven(sent map[string][]time.Time, emails []string, now time.Time) (time.Time, string) {
	if c.n <= 0 {
		return time.Time{}, ""
	}
	var until time.Time
	var who string
	for _, e := range emails {
		times := sent[e]
		if len(times) < c.n {
			continue
		}
		// The mail that has to leave the window first.
		if free := times[len(times)-c.n].Add(CapWindow); free.After(until) {
			until, who = free, e
		}
	}
	if until.IsZero() || !until.After(now) {
		return time.Time{}, ""
	}
	why := fmt.Sprintf("waits until %s: %s already has %d automated mail(s) from the last 7 days (at most %d a week)",
		until.UTC().Format("2006-01-02 15:04 UTC"), who, len(sent[who]), c.n)
	return until, why
}
