package main

import (
	"context"
	"errors"
	"fmt"

	"keepwarm"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// cmdTick runs one full cycle and exits: settle sends a crash interrupted,
// sync every mailbox, run the engine's jobs once, send what is due.
func cmdTick(ctx context.Context, m *Main, args []string) error {
	if err := parseFlags(m.flags("tick"), args); err != nil {
		return err
	}
	lock, err := lockDispatch(m.cfg.DatabasePath())
	if err != nil {
		return err
	}
	defer lock.release()
	engine, disp, err := m.newEngine(ctx)
	if err != nil {
		return err
	}
	var errs []error
	if err := disp.Recover(ctx); err != nil {
		errs = append(errs, fmt.Errorf("recover interrupted sends: %w", err))
	}
	syncers, err := m.syncers(ctx, "", mailsync.SyncOptions{})
	if err != nil {
		return err
	}
	synced := 0
	for _, s := range syncers {
		sum, err := s.Sync(ctx)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		synced += sum.New
	}
	if err := engine.Tick(ctx); err != nil {
		errs = append(errs, err)
	}
	res, err := disp.RunOnce(ctx, m.clock.Now())
	if err != nil {
		errs = append(errs, err)
	}
	if !m.cfg.Sequences.Disabled {
		if _, _, probs := m.loadSequences(); len(probs) > 0 {
			errs = append(errs, fmt.Errorf("follow-ups are off: %d problem(s) in sequences or templates, first: %v; run `keepwarm sequences check`", len(probs), probs[0]))
		}
	}
	fmt.Fprintf(m.Stdout, "tick: %d new message(s); sent %d, drafted %d, skipped %d, retrying %d, failed %d, uncertain %d\n",
		synced, res.Sent, res.Drafted, res.Skipped, res.Retried, res.Failed, res.Uncertain)
	return errors.Join(errs...)
}

// followUpParts builds the follow-up job (nil when [sequences] disabled =
// true) and the dispatcher's Precheck, which syncs and re-checks the stop
// rules before each sequence send. kick is called after the job queued mail.
func (m *Main) followUpParts(ctx context.Context, kick func()) (*sequences.FollowUp, mailsync.Precheck, error) {
	if m.cfg.Sequences.Disabled {
		return nil, nil, nil
	}
	job, err := m.newFollowUp(kick)
	if err != nil {
		// Sync, reply times and the rest go on; follow-ups wait for a fix,
		// and items already queued are held, never sent unchecked.
		m.log.Error("follow-up sequences are off until fixed", "err", err)
		return nil, func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
			if item.Enrollment == nil {
				return "", nil
			}
			return "", fmt.Errorf("follow-up sequences are broken, not sending: %w", err)
		}, nil
	}
	pre, err := m.precheck(ctx, job)
	if err != nil {
		return nil, nil, err
	}
	return job, pre, nil
}
