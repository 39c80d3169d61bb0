// Package sequences is everything keepwarm does because time passed: the
// reply-time watch and its nudges, follow-up steps, greetings and digests.
//
// Each of those is a Job. The Engine runs every job at one instant taken
// from the injected Clock (Tick), and in the daemon keeps doing so (Start):
// its loop sleeps on a clock timer set to the earliest instant any job asked
// to run again, and wakes early when Kick says new mail was stored. A job
// reads the store and writes outbox rows; it never touches the network (the
// outbox dispatcher in mailsync sends). The package imports only keepwarm and
// templates; each job declares the small store interface it needs.
package sequences

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"keepwarm"
)

// Job is one clock-driven task of the engine.
type Job interface {
	// Name identifies the job in logs and errors.
	Name() string
	// Run does the job's work as of now and returns when it wants to run
	// again (zero: no opinion; the engine also runs it after Kick and at
	// least every Idle). It blocks on the store only.
	Run(ctx context.Context, now time.Time) (next time.Time, err error)
}

// Engine defaults.
const (
	// DefaultIdle is the longest the loop sleeps when no job asked for a time.
	DefaultIdle = 5 * time.Minute
	// DefaultRetry is when a job that failed is run again.
	DefaultRetry = 30 * time.Second
)

// Engine runs jobs on the clock. Tick may be called from any goroutine;
// ticks never overlap.
type Engine struct {
	clock keepwarm.Clock
	log   *slog.Logger
	jobs  []Job
	// Idle and Retry may be changed before Start.
	Idle  time.Duration
	Retry time.Duration

	tickMu sync.Mutex

	mu   sync.Mutex
	loop *keepwarm.Loop // made by the first Start, with Idle as set then
}

// NewEngine returns a stopped engine that runs jobs in the order given.
func NewEngine(clock keepwarm.Clock, log *slog.Logger, jobs ...Job) *Engine {
	return &Engine{clock: clock, log: log, jobs: jobs, Idle: DefaultIdle, Retry: DefaultRetry}
}

// Tick runs every job once at clock.Now(). A failing job does not stop the
// others; the errors are joined.
func (e *Engine) Tick(ctx context.Context) error {
	_, err := e.tick(ctx)
	return err
}

// tick runs the jobs and returns the earliest instant one asked for (zero
// when none did).
func (e *Engine) tick(ctx context.Context) (time.Time, error) {
	e.tickMu.Lock()
	defer e.tickMu.Unlock()
	now := e.clock.Now()
	var next time.Time
	var errs []error
	for _, j := range e.jobs {
		if err := ctx.Err(); err != nil {
			return next, err
		}
		start := time.Now()
		at, err := j.Run(ctx, now)
		e.log.Debug("job ran", "job", j.Name(), "took", time.Since(start).Round(time.Millisecond))
		if err != nil {
			errs = append(errs, fmt.Errorf("sequences: job %s: %w", j.Name(), err))
			at = now.Add(e.Retry)
		}
		if !at.IsZero() && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	return next, errors.Join(errs...)
}

// Kick wakes the loop for a tick now, e.g. after new mail was stored. It
// never blocks; kicks that arrive during a tick fold into one more tick.
// Before Start it does nothing (Start ticks at once anyway).
func (e *Engine) Kick() {
	e.mu.Lock()
	l := e.loop
	e.mu.Unlock()
	if l != nil {
		l.Kick()
	}
}

// Start runs the loop in the background until Close or ctx ends: a tick at
// once, then whenever the earliest requested instant comes, or a Kick. It
// does not block.
func (e *Engine) Start(ctx context.Context) {
	e.mu.Lock()
	if e.loop == nil {
		e.loop = keepwarm.NewLoop(e.clock, e.Idle, e.pass)
	}
	l := e.loop
	e.mu.Unlock()
	l.Start(ctx)
}

// Close stops the loop and waits for the current tick to end, or for ctx.
func (e *Engine) Close(ctx context.Context) error {
	e.mu.Lock()
	l := e.loop
	e.mu.Unlock()
	if l == nil {
		return nil
	}
	return l.Close(ctx)
}

// pass is one round of the loop: a tick, its error logged (a failing job is
// retried at now+Retry through the instant it returns).
func (e *Engine) pass(ctx context.Context) time.Time {
	next, err := e.tick(ctx)
	if err != nil && ctx.Err() == nil {
		e.log.Error("engine tick", "err", err)
	}
	return next
}
