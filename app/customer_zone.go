package app

import (
	"context"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/mailsync/parse"
)

// zoneMails is how many of a customer's latest mails say which zone they
// write from.
const zoneMails = 5

// CustomerLocation is the customer's time zone, the one the follow-ups'
// send window, the greetings and the letters all use: the book's
// time_zone, else its country's zone, else the UTC offset the customer's
// own recent mail was written in (MailZone), else the team's. It reads the
// store for a customer the book places nowhere.
func (a *App) CustomerLocation(c keepwarm.Customer) *time.Location {
	if c.TimeZone != "" {
		if loc, err := time.LoadLocation(c.TimeZone); err == nil {
			return loc
		}
	}
	if country, ok := book.LookupCountry(c.Country); ok && country.TimeZone != "" {
		if loc, err := time.LoadLocation(country.TimeZone); err == nil {
			return loc
		}
	}
	if loc := a.MailZone(context.Background(), c.ID); loc != nil {
		return loc
	}
	return a.Cfg.TeamLocation()
}

// MailZone is the zone customer id writes from by their own mail: the UTC
// offset of the Date of most of their last few inbound messages (the
// latest's among equals; a mail client writes Date in its own local time),
// as a fixed zone. A fixed offset knows no summer time: across a change the
// window may be an hour off until their next mail. nil when none of their
// mail has a usable Date, or the store cannot say (logged).
func (a *App) MailZone(ctx context.Context, id int64) *time.Location {
	if a.DB == nil || id == 0 {
		return nil
	}
	// The jobs ask on every tick, for every customer the book places
	// nowhere: an answer is kept a while rather than read again.
	var now time.Time
	if a.Clock != nil {
		now = a.Clock.Now()
		a.zonesMu.Lock()
		z, ok := a.zones[id]
		a.zonesMu.Unlock()
		if ok && now.Before(z.until) && !now.Before(z.at) {
			return z.loc
		}
	}
	loc, ok := a.readMailZone(ctx, id)
	if ok && a.Clock != nil {
		a.zonesMu.Lock()
		if a.zones == nil {
			a.zones = map[int64]mailZone{}
		}
		a.zones[id] = mailZone{loc: loc, at: now, until: now.Add(mailZoneTTL)}
		a.zonesMu.Unlock()
	}
	return loc
}

// mailZone is one MailZone answer, kept from at until until.
type mailZone struct {
	loc       *time.Location
	at, until time.Time
}

// mailZoneTTL is how long MailZone keeps an answer: a customer's new mail
// from another zone counts within it.
const mailZoneTTL = 15 * time.Minute

// readMailZone is MailZone's reading of the store; ok is false when the
// store could not say (logged).
func (a *App) readMailZone(ctx context.Context, id int64) (*time.Location, bool) {
	headers, err := a.DB.InboundHeaders(ctx, id, zoneMails)
	if err != nil {
		if a.Log != nil {
			a.Log.Warn("customer's zone from their mail not read: the team's zone is used", "customer", id, "err", err)
		}
		return nil, false
	}
	var offsets []int // newest first
	for _, h := range headers {
		if off, ok := parse.DateOffset(h); ok {
			offsets = append(offsets, off)
		}
	}
	if len(offsets) == 0 {
		return nil, true
	}
	best, most := offsets[0], 0
	for _, off := range offsets {
		n := 0
		for _, o := range offsets {
			if o == off {
				n++
			}
		}
		if n > most {
			best, most = off, n
		}
	}
	return keepwarm.OffsetZone(best), true
}
