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
	// DefaultRetry is when a job that failed is run again; each failure
	// in a row doubles it, up to Idle.
	DefaultRetry = 30 * time.Second
	// failingReminder is how often a job failing the same way all along is
	// said again in the log.
	failingReminder = time.Hour
)

// JobFailure is a job whose every run since Since has failed.
type JobFailure struct {
	Since time.Time // the engine clock's instant of the first failure in a row
	Runs  int       // failed runs in a row
	Err   error     // the latest run's error
}

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
	// failing are the jobs whose latest run failed, by name; logged says
	// when each was last said in the log (the loop's, not Tick's).
	failing map[string]*JobFailure
	logged  map[string]jobSaid
}

// jobSaid is the failure of a job last said at ERROR or WARN, and when.
type jobSaid struct {
	text string
	at   time.Time
}

// NewEngine returns a stopped engine that runs jobs in the order given.
func NewEngine(clock keepwarm.Clock, log *slog.Logger, jobs ...Job) *Engine {
	return &Engine{clock: clock, log: log, jobs: jobs, Idle: DefaultIdle, Retry: DefaultRetry,
		failing: map[string]*JobFailure{}, logged: map[string]jobSaid{}}
}

// Failing returns the jobs whose latest run failed, by name.
func (e *Engine) Failing() map[string]JobFailure {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make(map[string]JobFailure, len(e.failing))
	for name, f := range e.failing {
		out[name] = *f
	}
	return out
}

// Tick runs every job once at clock.Now(). A failing job does not stop the
// others; the errors are joined.
func (e *Engine) Tick(ctx context.Context) error {
	_, err := e.tick(ctx, false)
	return err
}

// tick runs the jobs and returns the earliest instant one asked for (zero
// when none did). A job that failed asks for Retry later (or for the
// sooner time it returned with its error), doubled with
// each failure in a row up to Idle, so a job failing for good is not run
// (nor are the others for its sake) every Retry for ever. With logJobs it
// says in the log when a job starts failing, fails differently, still
// fails an hour later, or recovers, rather than at every run.
func (e *Engine) tick(ctx context.Context, logJobs bool) (time.Time, error) {
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
		at, err, stack := runJob(ctx, j, now)
		e.log.Debug("job ran", "job", j.Name(), "took", time.Since(start).Round(time.Millisecond))
		if err != nil {
			err = fmt.Errorf("sequences: job %s: %w", j.Name(), err)
			errs = append(errs, err)
			// A job that did its work and failed on a part of it asked
			// for its next time: the sooner of that (when still ahead)
			// and the retry.
			if retry := now.Add(e.failed(j.Name(), now, err, stack, logJobs)); !at.After(now) || retry.Before(at) {
				at = retry
			}
		} else {
			e.recovered(j.Name(), logJobs)
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
	next, _ := e.tick(ctx, true) // each job's failure is logged by tick
	return next
}

// runJob runs one job, turning a panic into its error (with the stack, to
// log): a fault in one job's code meeting data it did not expect must not
// end the daemon, and with it a send under way.
func runJob(ctx context.Context, j Job, now time.Time) (at time.Time, err error, stack []byte) {
	defer func() {
		if r := recover(); r != nil {
			at, err, stack = time.Time{}, fmt.Errorf("panic: %v", r), keepwarm.PanicStack(r)
		}
	}()
	at, err = j.Run(ctx, now)
	return at, err, nil
}

// failed records a failed run of job and returns how long until it is run
// again.
func (e *Engine) failed(job string, now time.Time, err error, stack []byte, logJobs bool) time.Duration {
	e.mu.Lock()
	f, ok := e.failing[job]
	if !ok {
		f = &JobFailure{Since: now}
		e.failing[job] = f
	}
	f.Runs++
	f.Err = err
	runs, since := f.Runs, f.Since
	last := e.logged[job]
	changed := last.text != err.Error()
	remind := !changed && now.Sub(last.at) >= failingReminder
	if logJobs && (changed || remind) {
		e.logged[job] = jobSaid{err.Error(), now}
	}
	e.mu.Unlock()
	delay := e.Retry
	for i := 1; i < runs && delay < e.Idle; i++ {
		delay *= 2
	}
	delay = min(delay, max(e.Idle, e.Retry))
	if logJobs {
		attrs := []any{"job", job, "err", err, "retry_in", delay}
		switch {
		case changed && stack != nil:
			e.log.Error("engine job failed; it is retried with backoff, said again when the error changes", append(attrs, "stack", string(stack))...)
		case changed:
			e.log.Error("engine job failed; it is retried with backoff, said again when the error changes", attrs...)
		case remind:
			e.log.Warn("engine job still failing", append(attrs, "since", since, "runs", runs)...)
		default:
			e.log.Debug("engine job failed again", attrs...)
		}
	} else if stack != nil {
		// Tick's caller prints the error, which names only the panic:
		// the stack, what a developer needs, is said here once per run.
		e.log.Error("engine job panicked", "job", job, "err", err, "stack", string(stack))
	}
	return delay
}

// recovered forgets a job's failures, saying so when it had failed.
func (e *Engine) recovered(job string, logJobs bool) {
	e.mu.Lock()
	f, ok := e.failing[job]
	delete(e.failing, job)
	delete(e.logged, job)
	e.mu.Unlock()
	if ok && logJobs {
		e.log.Info("engine job recovered", "job", job, "failed_runs", f.Runs, "since", f.Since)
	}
}
