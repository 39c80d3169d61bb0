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
// time_zone, else its country's zone (for a country of several zones, the
// one of them the customer's own recent mail was written in, else the
// country's main one), else the UTC offset the customer's own recent mail
// was written in (MailZone), else the team's. It reads the store for a
// customer the book places nowhere or in a country of several zones.
func (a *App) CustomerLocation(c keepwarm.Customer) *time.Location {
	if c.TimeZone != "" {
		if loc, err := keepwarm.LoadZone(c.TimeZone); err == nil {
			return loc
		}
	}
	if country, ok := book.LookupCountry(c.Country); ok && country.TimeZone != "" {
		if loc := a.zoneWrittenIn(c.ID, book.CountryZones(country.Code)); loc != nil {
			return loc
		}
		if loc, err := time.LoadLocation(country.TimeZone); err == nil {
			return loc
		}
	}
	if loc := a.MailZone(context.Background(), c.ID); loc != nil {
		return loc
	}
	return a.Cfg.TeamLocation()
}

// zoneWrittenIn is the zone of zones whose offset at the instant of the
// customer's mail MailZone goes by is the one that mail was written with
// (the first such, zones in order): a Los Angeles buyer's -0800 in
// November, not New York's -0500. nil when zones are fewer than two, the
// mail tells nothing, or no zone of them had that offset then.
func (a *App) zoneWrittenIn(id int64, zones []string) *time.Location {
	if len(zones) < 2 {
		return nil
	}
	fixed, written := a.mailZone(context.Background(), id)
	if fixed == nil {
		return nil
	}
	_, off := written.In(fixed).Zone()
	for _, name := range zones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue
		}
		if _, o := written.In(loc).Zone(); o == off {
			return loc
		}
	}
	return nil
}

// MailZone is the zone customer id writes from by their own mail: the UTC
// offset of the Date of most of their last few inbound messages (the
// latest's among equals; a mail client writes Date in its own local time),
// as a fixed zone. A fixed offset knows no summer time: across a change the
// window may be an hour off until their next mail. nil when none of their
// mail has a usable Date, or the store cannot say (logged).
func (a *App) MailZone(ctx context.Context, id int64) *time.Location {
	loc, _ := a.mailZone(ctx, id)
	return loc
}

// mailZone is MailZone and when the latest mail it goes by was written.
func (a *App) mailZone(ctx context.Context, id int64) (*time.Location, time.Time) {
	if a.DB == nil || id == 0 {
		return nil, time.Time{}
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
			return z.loc, z.written
		}
	}
	loc, written, ok := a.readMailZone(ctx, id)
	if ok && a.Clock != nil {
		a.zonesMu.Lock()
		if a.zones == nil {
			a.zones = map[int64]mailZone{}
		}
		a.zones[id] = mailZone{loc: loc, written: written, at: now, until: now.Add(mailZoneTTL)}
		a.zonesMu.Unlock()
	}
	return loc, written
}

// mailZone is one MailZone answer (and when the mail it goes by was
// written), kept from at until until.
type mailZone struct {
	loc                *time.Location
	written, at, until time.Time
}

// mailZoneTTL is how long MailZone keeps an answer: a customer's new mail
// from another zone counts within it.
const mailZoneTTL = 15 * time.Minute

// readMailZone is MailZone's reading of the store; ok is false when the
// store could not say (logged).
// It also returns when the latest mail written with the offset it chose
// was written.
func (a *App) readMailZone(ctx context.Context, id int64) (*time.Location, time.Time, bool) {
	headers, err := a.DB.InboundHeaders(ctx, id, zoneMails)
	if err != nil {
		if a.Log != nil {
			a.Log.Warn("customer's zone from their mail not read: the team's zone is used", "customer", id, "err", err)
		}
		return nil, time.Time{}, false
	}
	var dates []time.Time // newest first, each in the zone it was written in
	for _, h := range headers {
		if t, ok := parse.DateWritten(h); ok {
			dates = append(dates, t)
		}
	}
	if len(dates) == 0 {
		return nil, time.Time{}, true
	}
	offset := func(t time.Time) int { _, off := t.Zone(); return off }
	best, most := dates[0], 0
	for _, d := range dates {
		n := 0
		for _, o := range dates {
			if offset(o) == offset(d) {
				n++
			}
		}
		if n > most {
			best, most = d, n
		}
	}
	return keepwarm.OffsetZone(offset(best)), best, true
}
