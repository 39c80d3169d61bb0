package sequences

import (
	"context"
	"time"

	"keepwarm"
)

// SkipHorizon is how far ahead SkipPlanned looks for a planned greeting or
// letter: as far as the forecast shows them.
const SkipHorizon = 62 * 24 * time.Hour

// SkipPlanned makes sure the greeting or letter planned under key (a plan
// item's Key, sent at most SkipHorizon from now) never goes: it is
// recorded at once, as Run would record it at its time, and marked skipped
// "skipped by BY before it went out", so the plan counts it decided and Run
// queues nothing under its key. may is asked first with the item's
// customer, and its error returned (a person may only stop their own
// customers' mail). ENOTFOUND when no such item is planned; ECONFLICT when
// it is decided already (queued, sent, skipped). It blocks on the store.
func (g *Greetings) SkipPlanned(ctx context.Context, key, by string, now time.Time, may func(customerID int64) error) (PlanItem, keepwarm.OutboxItem, error) {
	it, err := g.planned(ctx, key, now)
	if err != nil {
		return PlanItem{}, keepwarm.OutboxItem{}, err
	}
	if err := may(it.CustomerID); err != nil {
		return PlanItem{}, keepwarm.OutboxItem{}, err
	}
	switch it.Status {
	case PlanPlanned, PlanDue:
	case string(keepwarm.OutboxQueued):
		return it, keepwarm.OutboxItem{}, keepwarm.Errorf(keepwarm.ECONFLICT, "the %s to %s is queued already: Skip it on the desk, under “keepwarm will send”", it.Kind, it.To.Email)
	default:
		return it, keepwarm.OutboxItem{}, keepwarm.Errorf(keepwarm.ECONFLICT, "the %s to %s is not waiting to go (%s): there is nothing to stop", it.Kind, it.To.Email, it.Status)
	}
	if it.dryRunID != 0 {
		if err := g.store.ForgetGreeting(ctx, it.Key, it.dryRunID); err != nil {
			return it, keepwarm.OutboxItem{}, err
		}
	}
	item, created, err := g.record(ctx, &it, now, "skipped by "+by+" before it went out")
	if err != nil {
		return it, keepwarm.OutboxItem{}, err
	}
	if !created {
		if item.Status == keepwarm.OutboxQueued {
			return it, item, keepwarm.Errorf(keepwarm.ECONFLICT, "the %s to %s is queued already: Skip it on the desk, under “keepwarm will send”", it.Kind, it.To.Email)
		}
		if item.ID == 0 {
			return it, item, keepwarm.Errorf(keepwarm.ECONFLICT, "the %s to %s changed meanwhile: reload the page", it.Kind, it.To.Email)
		}
		return it, item, keepwarm.Errorf(keepwarm.ECONFLICT, "the %s to %s is %s already: there is nothing to stop", it.Kind, it.To.Email, item.Status)
	}
	return it, item, nil
}

// planned finds the plan item under key among the months a send within
// SkipHorizon of now may fall in (in any customer's zone).
func (g *Greetings) planned(ctx context.Context, key string, now time.Time) (PlanItem, error) {
	first := now.Add(-14 * time.Hour).UTC()
	last := now.Add(SkipHorizon + 14*time.Hour).UTC()
	for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(last); m = m.AddDate(0, 1, 0) {
		plan, err := g.PlanMonth(ctx, m.Format("2006-01"), now)
		if err != nil {
			return PlanItem{}, err
		}
		for _, it := range plan.Items {
			if it.Key == key {
				return it, nil
			}
		}
	}
	return PlanItem{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no greeting or letter %q is planned", key)
}
