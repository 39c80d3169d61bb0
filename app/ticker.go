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
	t, err := m.newTicker(ctx)
	if err != nil {
		return err
	}
	var errs []error
	if err := t.disp.Recover(ctx); err != nil {
		errs = append(errs, fmt.Errorf("recover interrupted sends: %w", err))
	}
	synced, res, err := t.cycle(ctx)
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

// ticker holds the parts of one full cycle (the engine with its jobs, the
// dispatcher, a syncer per mailbox), built once: `tick` runs one cycle;
// `demo` runs one at every step of its script on the same parts.
type ticker struct {
	m       *Main
	engine  *sequences.Engine
	disp    *mailsync.Dispatcher
	syncers []*mailsync.Syncer
}

func (m *Main) newTicker(ctx context.Context) (*ticker, error) {
	engine, disp, err := m.newEngine(ctx)
	if err != nil {
		return nil, err
	}
	syncers, err := m.syncers(ctx, "", mailsync.SyncOptions{})
	if err != nil {
		return nil, err
	}
	return &ticker{m: m, engine: engine, disp: disp, syncers: syncers}, nil
}

// cycle syncs every mailbox, runs the engine's jobs once and sends what is
// due at the clock's instant. It returns the new messages stored and what
// the dispatcher did; a failing part does not stop the others.
func (t *ticker) cycle(ctx context.Context) (int, mailsync.RunResult, error) {
	var errs []error
	synced := 0
	for _, s := range t.syncers {
		sum, err := s.Sync(ctx)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		synced += sum.New
	}
	if err := t.engine.Tick(ctx); err != nil {
		errs = append(errs, err)
	}
	res, err := t.disp.RunOnce(ctx, t.m.clock.Now())
	if err != nil {
		errs = append(errs, err)
	}
	return synced, res, errors.Join(errs...)
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
