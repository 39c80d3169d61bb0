package app

import (
	"context"
	"errors"
	"sync"
	"time"

	"keepwarm"
	"keepwarm/chat"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// Ticker holds the parts of one full cycle (the engine with its jobs, the
// dispatcher, a syncer per mailbox), built once: `tick` runs one cycle;
// `demo` runs one at every step of its script on the same parts.
type Ticker struct {
	a      *App
	engine *sequences.Engine
	Disp   *mailsync.Dispatcher
	// Chat posts nudges to [[notify.channel]]s (nil when none); ChatResult
	// is what it did in the latest Cycle.
	Chat       *chat.Dispatcher
	ChatResult chat.Result
	// NotifyOff says why [notify] cannot be used as configured (its mail
	// waits queued); nil when it can, or is not set.
	NotifyOff error
	// FollowUpsOff says why follow-ups are off although [sequences] is on
	// (a *FollowUpsOffError); nil when they run or are disabled.
	FollowUpsOff error
	syncers      []*mailsync.Syncer

	mu     sync.Mutex
	gaveUp []GaveUp
}

// GaveUp is a mail the dispatcher marked failed or uncertain: no automatic
// step sends it again.
type GaveUp struct {
	Item   keepwarm.OutboxItem
	Status keepwarm.OutboxStatus
	Reason string
}

// GaveUp lists the mail this Ticker's cycles marked failed or uncertain,
// in the order it happened: what `keepwarm tick` reports on stderr and in
// its exit status, once, in the tick that gave up on it.
func (t *Ticker) GaveUp() []GaveUp {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]GaveUp(nil), t.gaveUp...)
}

// NewTicker builds the parts of one full cycle.
func (a *App) NewTicker(ctx context.Context) (*Ticker, error) {
	t := &Ticker{a: a}
	// Under cron every tick is a new process: its follow-up job does not
	// release the held mail of a window that never opened at each start.
	a.ticking = true
	a.onSettled = func(it keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string) {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.gaveUp = append(t.gaveUp, GaveUp{Item: it, Status: status, Reason: reason})
	}
	parts, err := a.NewEngineParts(ctx, nil) // Cycle syncs before the engine runs
	if err != nil {
		return nil, err
	}
	// A mailbox whose password cannot be read (a secrets line removed
	// before its [[mailbox]]) fails its own sync in Cycle, as in the
	// daemon; the others sync, follow up and send. With none readable
	// there is nothing to tick.
	syncers, err := a.DaemonSyncers(ctx, mailsync.SyncOptions{})
	if err != nil {
		return nil, err
	}
	if err := allUnusable(syncers); err != nil {
		return nil, err
	}
	t.engine, t.Disp, t.Chat, t.syncers, t.NotifyOff = parts.Engine, parts.Disp, parts.Chat, syncers, parts.NotifyOff
	t.FollowUpsOff = parts.FollowUpsOff
	wireSyncVerdicts(t.Disp, syncers)
	return t, nil
}

// Cycle syncs every mailbox, runs the engine's jobs once and sends what is
// due at the clock's instant. It returns the new messages stored and what
// the dispatcher did; a failing part does not stop the others.
func (t *Ticker) Cycle(ctx context.Context) (int, mailsync.RunResult, error) {
	var errs []error
	synced := 0
	start := time.Now()
	defer func() {
		t.a.Log.Debug("cycle done", "took", time.Since(start).Round(time.Millisecond))
	}()
	for _, s := range t.syncers {
		sum, err := s.Sync(ctx)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		synced += sum.New
	}
	t.a.EndFirstSync(ctx)
	t.a.Log.Debug("cycle synced", "took", time.Since(start).Round(time.Millisecond))
	if err := t.engine.Tick(ctx); err != nil {
		errs = append(errs, err)
	}
	res, err := t.Disp.RunOnce(ctx, t.a.Clock.Now())
	if err != nil {
		errs = append(errs, err)
	}
	if t.Chat != nil {
		if t.ChatResult, err = t.Chat.RunOnce(ctx, t.a.Clock.Now()); err != nil {
			errs = append(errs, err)
			// `tick` ends after this cycle: a post whose outcome could
			// not be recorded is recorded now, or the next start calls
			// it uncertain and mails its nudge again.
			if err := t.Chat.Flush(ctx); err != nil {
				errs = append(errs, err)
			}
		}
		// A nudge the chat pass failed, found uncertain or handed on as
		// late was queued as mail from [notify] after the mail pass: it
		// goes in this cycle, as run's dispatcher is kicked for it, not at
		// the next cron tick, past the reply target it warns of.
		now := t.a.Clock.Now()
		if due, ok, err := t.a.DB.NextDue(ctx, config.NotifyMailbox); err != nil {
			errs = append(errs, err)
		} else if ok && !due.After(now) {
			more, err := t.Disp.RunOnce(ctx, now)
			if err != nil {
				errs = append(errs, err)
			}
			res = addRuns(res, more)
		}
	}
	// `tick` ends after this cycle: an outcome the dispatcher could not
	// record (the store busy) is recorded now, or the next tick's Recover
	// looks for the mail in Sent and calls it uncertain, though the server
	// took it (its copy is filed only once it is recorded) or refused it.
	if err := t.Disp.Flush(ctx); err != nil {
		errs = append(errs, err)
	}
	return synced, res, errors.Join(errs...)
}

// addRuns is what two passes of the dispatcher did together, b the later.
func addRuns(a, b mailsync.RunResult) mailsync.RunResult {
	a.Sent += b.Sent
	a.Drafted += b.Drafted
	a.Skipped += b.Skipped
	a.Retried += b.Retried
	a.Failed += b.Failed
	a.Uncertain += b.Uncertain
	a.Held += b.Held
	a.AlreadySent += b.AlreadySent
	a.CheckingSent = b.CheckingSent
	a.Next = b.Next
	return a
}

// SequencesDisabledSkip is the reason on a follow-up step queued before
// [sequences] disabled was set, when the dispatcher comes to it.
const SequencesDisabledSkip = "follow-ups are turned off ([sequences] disabled): step not sent"

// The reasons a follow-up step is held with while follow-ups are off
// (FollowUpParts); each begins with FollowUpsOffPrefix. Under cron there
// is no keepwarm run to restart: the next tick picks the fix up.
const (
	FollowUpsOffPrefix    = "follow-ups are off until "
	FollowUpsOffFiles     = FollowUpsOffPrefix + "the sequences or templates are fixed (keepwarm sequences check)" + offPickedUp
	FollowUpsOffCalendars = FollowUpsOffPrefix + "the holiday calendars ([[calendar.override]] in the config) are fixed" + offPickedUp
	offPickedUp           = " and picked up by the next keepwarm tick or a restart of keepwarm run: "
)

// FollowUpsOffError is why follow-ups are off although [sequences] is on:
// the sequences or templates have problems, or (Calendars) the holiday
// calendars do not build; each is fixed in its own place.
type FollowUpsOffError struct {
	Calendars bool
	Err       error
}

func (e *FollowUpsOffError) Error() string { return e.Err.Error() }
func (e *FollowUpsOffError) Unwrap() error { return e.Err }

// Fix names what to fix: the sequences or templates, or the calendars.
func (e *FollowUpsOffError) Fix() string {
	if e.Calendars {
		return "the holiday calendars ([[calendar.override]] in the config)"
	}
	return "the sequences or templates"
}

// FollowUpParts builds the follow-up job (nil when [sequences] disabled =
// true) and the dispatcher's Precheck, which syncs and re-checks the stop
// rules before each sequence send (with follow-ups turned off, skips them). kick is called after the job queued mail.
// off, a *FollowUpsOffError, says why the job is nil while follow-ups are
// on: the sequences or templates have problems, or the holiday calendars
// (/healthz and tick report it).
func (a *App) FollowUpParts(ctx context.Context, kick func()) (job *sequences.FollowUp, pre mailsync.Precheck, off, err error) {
	if a.Cfg.Sequences.Disabled {
		// Steps queued before follow-ups were turned off are not sent:
		// the last look that would check them is off too.
		return nil, func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
			if item.Enrollment == nil {
				return "", nil
			}
			return SequencesDisabledSkip, nil
		}, nil, nil
	}
	job, set, filesBroken, err := a.followUpSet(kick)
	if err == nil && filesBroken != nil {
		err = filesBroken
	}
	if err != nil {
		// Sync, reply times and the rest go on; follow-ups wait for a fix,
		// and items already queued are held, never sent unchecked.
		// Held, not retried: a retry counts an attempt, and the step would
		// fail after a few hours, ending its follow-up, while the files
		// wait for Monday. (broken, not err: the return sets err to nil.)
		// The reason names what to fix: the sequences or templates, or
		// the holiday calendars ([[calendar.override]]).
		broken, what := &FollowUpsOffError{Calendars: filesBroken == nil, Err: err}, FollowUpsOffFiles
		if broken.Calendars {
			what = FollowUpsOffCalendars
		}
		a.Log.Error("follow-up sequences are off until fixed", "err", broken)
		return nil, func(ctx context.Context, item keepwarm.OutboxItem) (string, error) {
			if item.Enrollment == nil {
				return "", nil
			}
			return "", &keepwarm.Hold{Until: a.Clock.Now().Add(time.Hour), Reason: what + broken.Error()}
		}, broken, nil
	}
	// Fixed and restarted: the steps held meanwhile go now, not when
	// their last hold would have run out (up to an hour later, past a
	// morning's send window).
	if n, err := a.DB.ReleaseHeld(ctx, "held: "+FollowUpsOffPrefix, a.Clock.Now()); err != nil {
		return nil, nil, nil, err
	} else if n > 0 {
		a.Log.Info("follow-up steps held while follow-ups were off are due again", "items", n)
	}
	pre, err = a.Precheck(ctx, job)
	if err != nil {
		return nil, nil, nil, err
	}
	if set != nil {
		// Each such customer's step is held at send time with the
		// reason; everyone else's follow-ups go on.
		for _, p := range templates.SendProblems(set) {
			a.configWarn("a follow-up template fails for some customers; their steps are held until it is fixed (keepwarm sequences check)", "problem", p.Error())
		}
		for _, p := range TemplateKindProblems(set, a.GreetingTemplates(), a.Clock.Now()) {
			a.configWarn("a template writes a field its mail never has; such mail is held back until it is fixed (keepwarm sequences check)", "problem", p.Error())
		}
	}
	return job, pre, nil, nil
}

// settled is the dispatcher's Settled: a failed or uncertain send stops
// its follow-up (job nil: follow-ups are off) and flags the addresses the
// SMTP server refused.
func (a *App) settled(job *sequences.FollowUp) mailsync.Settled {
	return func(ctx context.Context, item keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string, refused []string) error {
		if job == nil {
			if len(refused) > 0 {
				_, err := a.DB.FlagBounced(ctx, refused, a.Clock.Now())
				return err
			}
			return nil
		}
		return job.Settled(ctx, item, status, reason, refused, a.Clock.Now())
	}
}
