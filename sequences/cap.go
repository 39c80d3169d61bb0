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
	// AutomatedWaiting is the same mail queued before before and not gone
	// yet.
	AutomatedWaiting(ctx context.Context, emails []string, before time.Time) (map[string][]time.Time, error)
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
// cap (zero: now), and why it waits, with the time in loc (the zone of
// whoever reads the reason; nil: UTC).
func (c contactCap) wait(ctx context.Context, to []keepwarm.Address, now time.Time, loc *time.Location) (time.Time, string, error) {
	return c.waitAlso(ctx, to, now, nil, loc)
}

// waitAlso is wait counting, besides the mail the store holds, the mail a
// run is about to queue (queued: per lower-case address, when each was
// queued), so that two items due in the same run do not both take the
// cap's last slot.
func (c contactCap) waitAlso(ctx context.Context, to []keepwarm.Address, now time.Time, queued map[string][]time.Time, loc *time.Location) (time.Time, string, error) {
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
	until, why := c.waitGiven(sent, emails, now, loc)
	return until, why, nil
}

// waitGiven is wait over the automated mails sent (per lower-case address,
// oldest first, those of the last CapWindow before now).
func (c contactCap) waitGiven(sent map[string][]time.Time, emails []string, now time.Time, loc *time.Location) (time.Time, string) {
	until, who := c.fullGiven(sent, emails, now)
	if until.IsZero() {
		return time.Time{}, ""
	}
	if loc == nil {
		loc = time.UTC
	}
	why := fmt.Sprintf("waits until %s: %s already has %d automated mail(s) from the last 7 days (at most %d a week)",
		until.In(loc).Format("2006-01-02 15:04 MST"), who, len(sent[who]), c.n)
	return until, why
}

// sameDay holds a mail to to for the next day when one of them already
// had a mail from keepwarm (a greeting, a letter, another follow-up) on
// the day of now in loc, the customer's zone (nil: UTC), or has one
// waiting to go: one a day at most, whatever the weekly cap. It returns
// the start of the next day (zero: it may go) and why, with the time in
// reader (the zone of whoever reads the reason; nil: UTC).
func (c contactCap) sameDay(ctx context.Context, to []keepwarm.Address, loc *time.Location, now time.Time, reader *time.Location) (time.Time, string, error) {
	if c.store == nil || len(to) == 0 {
		return time.Time{}, "", nil
	}
	if loc == nil {
		loc = time.UTC
	}
	if reader == nil {
		reader = time.UTC
	}
	y, m, d := now.In(loc).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	emails := make([]string, len(to))
	for i, a := range to {
		emails[i] = strings.ToLower(a.Email)
	}
	sent, err := c.store.AutomatedSince(ctx, emails, start)
	if err != nil {
		return time.Time{}, "", err
	}
	for _, e := range emails {
		if len(sent[e]) == 0 {
			continue
		}
		next := start.AddDate(0, 0, 1)
		return next, fmt.Sprintf("waits until %s: %s already had a mail from keepwarm today (%s their time): one a day at most",
			next.In(reader).Format("2006-01-02 15:04 MST"), e, sent[e][0].In(loc).Format("15:04")), nil
	}
	// One queued on an earlier day that has not gone yet (its mailbox's
	// daily cap, the gap between sends, a hold) goes today too.
	waiting, err := c.store.AutomatedWaiting(ctx, emails, start)
	if err != nil {
		return time.Time{}, "", err
	}
	for _, e := range emails {
		if len(waiting[e]) == 0 {
			continue
		}
		next := start.AddDate(0, 0, 1)
		return next, fmt.Sprintf("waits until %s: %s has a mail from keepwarm waiting to go (queued %s their time): one a day at most",
			next.In(reader).Format("2006-01-02 15:04 MST"), e, waiting[e][0].In(loc).Format("2006-01-02 15:04")), nil
	}
	return time.Time{}, "", nil
}

// fullGiven is when the cap next frees for a mail to every one of emails
// at now (zero: it is not full), and whose cap is full; sent as for
// waitGiven.
func (c contactCap) fullGiven(sent map[string][]time.Time, emails []string, now time.Time) (until time.Time, who string) {
	if c.n <= 0 {
		return time.Time{}, ""
	}
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
	return until, who
}

// span is a stretch of time [from, to).
type span struct{ from, to time.Time }

// capHold is how the cap held a mail back, judged afterwards: from since
// on, without a break, until the end of the spans it could go in; who
// had count automated mails in the 7 days before that end, and the next
// slot freed at until.
type capHold struct {
	since, until time.Time
	who          string
	count        int
}

// heldAtEnd says whether the cap kept a mail to to from going at the end
// of the last of spans (oldest first, each a time it could go in), judged
// afterwards from the automated mail the store holds, and since when it
// did without a break (spans[0].from: all along); ok is false when it did
// not hold it at the end.
func (c contactCap) heldAtEnd(ctx context.Context, to []keepwarm.Address, spans []span) (h capHold, ok bool, err error) {
	if c.n <= 0 || c.store == nil || len(to) == 0 || len(spans) == 0 {
		return capHold{}, false, nil
	}
	emails := make([]string, len(to))
	for i, a := range to {
		emails[i] = strings.ToLower(a.Email)
	}
	sent, err := c.store.AutomatedSince(ctx, emails, spans[0].from.Add(-CapWindow))
	if err != nil {
		return capHold{}, false, err
	}
	// The count only changes when a mail is sent or leaves the 7 days:
	// looking at each span's start and at those instants inside the spans
	// sees every state the cap was in while the mail could go.
	var points []time.Time
	for _, s := range spans {
		points = append(points, s.from)
		for _, times := range sent {
			for _, m := range times {
				for _, p := range []time.Time{m, m.Add(CapWindow)} {
					if p.After(s.from) && p.Before(s.to) {
						points = append(points, p)
					}
				}
			}
		}
	}
	slices.SortFunc(points, func(a, b time.Time) int { return b.Compare(a) }) // latest first
	for i, p := range points {
		in := inWindow(sent, p)
		until, who := c.fullGiven(in, emails, p)
		if until.IsZero() {
			break
		}
		if i == 0 {
			h = capHold{until: until, who: who, count: len(in[who])}
		}
		h.since, ok = p, true
	}
	return h, ok, nil
}
