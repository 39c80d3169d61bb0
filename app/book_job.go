package main

import (
	"context"
	"log/slog"
	"time"

	"keepwarm/book"
	"keepwarm/store"
)

// bookJob is the customer book's part of the daemon's engine: after each
// ingest (the engine is kicked) it pools or hands out the customers new mail
// created, and when a claim's deadline passes it returns the customer to
// the pool. It wants to run again at the next open claim's deadline.
type bookJob struct {
	db     *store.DB
	log    *slog.Logger
	assign store.AssignOptions
}

func (m *Main) newBookJob() *bookJob {
	return &bookJob{db: m.db, log: m.log.With("job", "book"), assign: store.AssignOptions{
		Salespeople: m.salespeople(), RoundRobin: m.cfg.Book.RoundRobin, Rules: m.cfg.Book.Rules(),
	}}
}

func (j *bookJob) Name() string { return "book" }

// Run blocks on the store only.
func (j *bookJob) Run(ctx context.Context, now time.Time) (time.Time, error) {
	returned, err := j.db.ReturnExpiredClaims(ctx, now)
	if err != nil {
		return time.Time{}, err
	}
	for _, id := range returned {
		j.log.Info("claim expired: customer back in the pool", "customer", id)
	}
	assigned, err := j.db.AssignPool(ctx, now, j.assign)
	if err != nil {
		return time.Time{}, err
	}
	for _, a := range assigned {
		j.log.Info("new customer "+a.Event, "customer", a.CustomerID, "salesperson", a.Salesperson, "note", a.Note)
	}
	claims, err := j.db.Claims(ctx, now, j.assign.Rules, "", false)
	if err != nil {
		return time.Time{}, err
	}
	var next time.Time
	for _, c := range claims {
		if c.State != book.ClaimConverted && c.PoolDeadline != nil && (next.IsZero() || c.PoolDeadline.Before(next)) {
			next = *c.PoolDeadline
		}
	}
	return next, nil
}
