package app

import (
	"context"
	"slices"
	"time"

	"keepwarm/mailsync"
)

// FillTexts fetches, for at most budget in all, the texts of the older
// mail that first syncs stored from their header alone, mailbox after
// mailbox (except those named in skip), one batch at least (see
// mailsync.Syncer.FillTexts), and returns how many it filled. A mailbox
// whose fill fails is logged and left to the next run; budget <= 0 fills
// nothing. `keepwarm sync` and `keepwarm tick` call it after their work;
// `keepwarm run` fills on its own.
func (a *App) FillTexts(ctx context.Context, syncers []*mailsync.Syncer, skip []string, budget time.Duration) (int, error) {
	if budget <= 0 {
		return 0, nil
	}
	start := time.Now()
	filled := 0
	tried := false
	for _, s := range syncers {
		left := budget - time.Since(start)
		if left <= 0 && tried {
			break
		}
		if slices.Contains(skip, s.Name()) {
			continue
		}
		// Syncer.FillTexts fetches one batch at least: so does this,
		// however short the budget.
		fs, err := s.FillTexts(ctx, max(left, time.Nanosecond))
		filled += fs.Filled
		tried = tried || fs.Filled > 0 || fs.Gone > 0
		if err != nil {
			if ctx.Err() != nil {
				return filled, ctx.Err()
			}
			a.Log.Warn("fetching the texts of older mail failed; the next run goes on", "mailbox", s.Name(), "err", err)
		}
	}
	return filled, nil
}

// FillTexts is App.FillTexts over the ticker's mailboxes, for `keepwarm
// tick` after its cycle: the sends and the engine's jobs never wait for it.
func (t *Ticker) FillTexts(ctx context.Context, budget time.Duration) (int, error) {
	return t.a.FillTexts(ctx, t.syncers, nil, budget)
}
