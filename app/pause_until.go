package app

import (
	"context"
	"time"

	"keepwarm"
)

// PauseUntil reads when a pause ends, as the CLI's pause --until and the
// desk's Pause both give it: an RFC 3339 instant, or a date, which is that
// day's start in loc, the customer's zone (PauseLocation): "until the
// 20th" is the customer's 20th, wherever the salesperson pauses it from.
// A time not after now is refused by sequences.(*FollowUp).Pause.
func PauseUntil(until string, loc *time.Location) (time.Time, error) {
	if at, err := time.Parse(time.RFC3339, until); err == nil {
		return at, nil
	}
	at, err := time.ParseInLocation("2006-01-02", until, loc)
	if err != nil {
		return time.Time{}, keepwarm.Errorf(keepwarm.EINVALID, "pause until %q: give a date as 2026-12-20 (its start in the customer's zone) or an instant as 2026-12-20T09:00:00+08:00", until)
	}
	return at, nil
}

// PauseLocation is the zone a date given to PauseUntil for enrollment id
// is read in: its customer's (CustomerLocation), else the team's.
func (a *App) PauseLocation(ctx context.Context, id int64) (*time.Location, error) {
	e, err := a.DB.GetEnrollment(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := a.DB.CustomerForSequence(ctx, e.CustomerID)
	if err != nil {
		return nil, err
	}
	if loc := a.CustomerLocation(c); loc != nil {
		return loc, nil
	}
	return a.Cfg.TeamLocation(), nil
}
