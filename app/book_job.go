package app

import (
	"context"
	"log/slog"
	"strings"
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

func (a *App) NewBookJob() *bookJob {
	return &bookJob{db: a.DB, log: a.Log.With("job", "book"), assign: store.AssignOptions{
		Salespeople: a.Salespeople(), RoundRobin: a.Cfg.Book.RoundRobin, Rules: a.Cfg.Book.Rules(),
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

// catchUpBook does what the daemon does on its clock, so that a command run
// with --now sees the pool as it would be then: expired claims go back to
// the pool and new mail customers are pooled or handed out.
func (a *App) CatchUpBook(ctx context.Context) error {
	now := a.Clock.Now()
	if _, err := a.DB.ReturnExpiredClaims(ctx, now); err != nil {
		return err
	}
	_, err := a.DB.AssignPool(ctx, now, store.AssignOptions{
		Salespeople: a.Salespeople(), RoundRobin: a.Cfg.Book.RoundRobin, Rules: a.Cfg.Book.Rules(),
	})
	return err
}

func (a *App) Salespeople() []string {
	var out []string
	for _, s := range a.Cfg.Salespeople {
		out = append(out, s.Email)
	}
	return out
}

// salesperson resolves an email or a name to a configured salesperson.
func (a *App) Salesperson(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, p := range a.Cfg.Salespeople {
		if strings.EqualFold(s, p.Email) || (p.Name != "" && strings.EqualFold(s, p.Name)) {
			return p.Email, true
		}
	}
	return "", false
}
