package chat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"keepwarm"
)

// Store is what the dispatcher needs from the database; store.DB satisfies it.
type Store interface {
	DueChat(ctx context.Context, channel string, now time.Time, limit int) ([]keepwarm.OutboxItem, error)
	ClaimItems(ctx context.Context, ids []int64, now time.Time) ([]keepwarm.OutboxItem, error)
	MarkSent(ctx context.Context, id int64, now time.Time) error
	MarkRetry(ctx context.Context, id int64, nextAt time.Time, reason string) error
	MarkFailed(ctx context.Context, id int64, reason string) error
	MarkUncertain(ctx context.Context, id int64, reason string) error
	MarkSkipped(ctx context.Context, id int64, reason string) error
	// HoldOutbox keeps a queued item queued, unclaimed, until until (a
	// Precheck's keepwarm.Hold).
	HoldOutbox(ctx context.Context, id int64, until time.Time, reason string) error
	// ReleaseChatHolds makes channel's items held so due at now, to be
	// looked at again at each pass.
	ReleaseChatHolds(ctx context.Context, channel string, now time.Time) (int, error)
	StuckChat(ctx context.Context) ([]keepwarm.OutboxItem, error)
	NextDue(ctx context.Context, mailbox string) (time.Time, bool, error)
	// RobotPostsSince returns the instants of the posts to any of
	// channels (one robot's names) from since to until, oldest first,
	// each process's (this one's claims, an earlier one's, check
	// --notify's tests): the robot's rate window, read at every pass.
	RobotPostsSince(ctx context.Context, channels []string, since, until time.Time) ([]time.Time, error)
	// PullForward makes channel's items waiting out a retry's backoff due
	// at now.
	PullForward(ctx context.Context, channel string, now time.Time) (int, error)
	// ChatBlock and SetChatBlock keep a robot's block (no post before
	// until, for reason) and size budget for the next process: `keepwarm
	// tick` makes a dispatcher for each pass.
	ChatBlock(ctx context.Context, channel string) (keepwarm.ChatBlock, error)
	SetChatBlock(ctx context.Context, channel string, b keepwarm.ChatBlock) error
}

// Options tune a Dispatcher; zero fields take the defaults.
type Options struct {
	MaxMerge    int           // most nudges merged into one message; default 10
	MaxAttempts int           // posts refused for now before giving up; default 10
	BaseBackoff time.Duration // first retry delay, doubled each attempt; default 30s
	MaxBackoff  time.Duration // cap of the retry delay; default 30m
	Idle        time.Duration // longest sleep when nothing is due; default 5m
	// Settled is told when items end failed or uncertain (an error is logged).
	Settled func(ctx context.Context, items []keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string)
	// Late is told of items refused for now whose next try comes
	// FallbackAfter or more after they were due (they stay queued): a
	// channel down for a while must not hold a nudge until its customer's
	// message is too old to nudge about. It is told again at each later
	// refusal; the engine wires it to the mail fallback, which goes once.
	Late          func(ctx context.Context, items []keepwarm.OutboxItem, reason string)
	FallbackAfter time.Duration // default 5m
	// Precheck is the last look at each due item before it is claimed and
	// posted: a non-empty reason skips it (stored on the item), a
	// *keepwarm.Hold keeps it queued, unclaimed, and it is looked at again
	// at the next pass (Kick one when what held it may have ended) or at
	// the hold's Until, whichever comes first; another error ends the
	// pass (tried again a minute later). The engine wires it to "was the
	// customer answered meanwhile?".
	Precheck func(ctx context.Context, item keepwarm.OutboxItem) (skipReason string, err error)
}

// Result counts what one RunOnce did.
type Result struct {
	Messages                   int // posts the platforms accepted
	Sent                       int // nudges in them
	Retried, Failed, Uncertain int // nudges
	Skipped                    int // nudges the Precheck dropped
	Held                       int // nudges the Precheck kept queued for later (keepwarm.Hold)
	Next                       time.Time
}

// Dispatcher posts the outbox's chat items, channel by channel, within each
// channel's rate limit, merging what waits into one message. One Dispatcher
// per database.
type Dispatcher struct {
	store    Store
	channels map[string]*Channel
	names    []string
	clock    keepwarm.Clock
	log      *slog.Logger
	opt      Options
	windows  map[string]*window

	loop      *keepwarm.Loop
	recovered atomic.Bool
	// unrecorded are posts whose outcome could not be recorded (the
	// database busy past recordTimeout): recorded again first thing at
	// the next pass, so a nudge the platform took does not stay
	// `sending` until a restart calls it uncertain and mails it again.
	unrecorded []post
}

// post is one message's nudges and the platform's answer (nil: delivered).
type post struct {
	c     *Channel
	items []keepwarm.OutboxItem
	err   error
	// unposted is why the nudges of a channel that cannot be used were
	// failed without a post; "" for a post's outcome.
	unposted string
}

// recordUnposted records failed the nudges p holds of a channel that
// cannot be used, as failUnusable does.
func (d *Dispatcher) recordUnposted(ctx context.Context, p post, res *Result) error {
	for _, it := range p.items {
		if err := recorded(d.store.MarkFailed(ctx, it.ID, p.unposted)); err != nil {
			return err
		}
	}
	d.notPosted(ctx, p.c, p.items, p.unposted, res)
	return nil
}

// NewDispatcher returns a stopped Dispatcher over channels.
func NewDispatcher(st Store, channels []*Channel, clock keepwarm.Clock, log *slog.Logger, opt Options) *Dispatcher {
	if opt.MaxMerge <= 0 {
		opt.MaxMerge = 10
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 10
	}
	if opt.BaseBackoff <= 0 {
		opt.BaseBackoff = 30 * time.Second
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 30 * time.Minute
	}
	if opt.Idle <= 0 {
		opt.Idle = 5 * time.Minute
	}
	if opt.FallbackAfter <= 0 {
		opt.FallbackAfter = 5 * time.Minute
	}
	d := &Dispatcher{store: st, channels: map[string]*Channel{}, clock: clock, log: log, opt: opt, windows: map[string]*window{}}
	// Channels posting to one robot (the same URL under two names, one
	// per language, say) share its window: the platform counts, and
	// throttles, the robot, not the name.
	robots := map[string]*window{}
	for _, c := range channels {
		if c.Unusable != nil {
			// No robot to share a window with: nothing is posted.
			d.channels[c.Name] = c
			d.names = append(d.names, c.Name)
			d.windows[c.Name] = &window{}
			continue
		}
		if c.Limit == (Limit{}) {
			c.Limit = PostingLimit(c.Kind)
		}
		d.channels[c.Name] = c
		d.names = append(d.names, c.Name)
		w := robots[robot(c.URL)]
		if w == nil {
			w = &window{limit: c.Limit}
			robots[robot(c.URL)] = w
		} else {
			w.limit = Limit{PerMinute: lower(w.limit.PerMinute, c.Limit.PerMinute), PerSecond: lower(w.limit.PerSecond, c.Limit.PerSecond)}
		}
		w.names = append(w.names, c.Name)
		d.windows[c.Name] = w
	}
	sort.Strings(d.names)
	for _, w := range robots {
		if len(w.names) > 1 {
			sort.Strings(w.names)
			log.Info("chat channels post to the same robot: they share its rate limit", "channels", w.names, "per_minute", w.limit.PerMinute)
		}
	}
	d.loop = keepwarm.NewLoop(clock, opt.Idle, d.pass)
	return d
}

// Start runs the loop (Recover first) until Close; it does not block.
func (d *Dispatcher) Start(ctx context.Context) {
	d.recovered.Store(false)
	d.loop.Start(ctx)
}

// Close stops the loop and waits for the current pass, or for ctx: a post
// under way is let finish and recorded (StopBudget), and an outcome a pass
// could not record is recorded then (Flush).
func (d *Dispatcher) Close(ctx context.Context) error {
	if err := d.loop.Close(ctx); err != nil {
		return err // the pass goes on: what it holds is not ours to touch
	}
	return d.Flush(ctx)
}

// recordTimeout bounds the recording of a post's outcome once the post is
// over, keepwarm stopping or not.
const recordTimeout = 5 * time.Second

// flushTimeout bounds Flush's tries at the end of a process.
const flushTimeout = 20 * time.Second

// Flush records the outcomes a pass could not record (the database busy
// past recordTimeout), trying again until they are recorded, for at most
// flushTimeout or until ctx ends. The process is about to end: those
// outcomes live in memory only, and the next start's Recover would call
// each post uncertain and mail it again though the platform took it. Call
// it when no pass runs (after Close's loop has stopped, or after
// RunOnce); it blocks on the database. A ctx already ended still gets one
// try (each has its own recordTimeout): a caller's deadline (the daemon's
// stop budget, a tick's Ctrl-C) is kept, as the database may be closed
// after it.
func (d *Dispatcher) Flush(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, flushTimeout)
	defer cancel()
	for {
		err := d.recordAgain(ctx, &Result{})
		if err == nil {
			return nil
		}
		// The database's busy timeout waits inside each try; a try that
		// failed at once (the disk, a lock held by another process) is
		// not spun on.
		wait := time.NewTimer(time.Second)
		select {
		case <-ctx.Done():
			wait.Stop()
			d.log.Error("chat: posts' outcomes could not be recorded before stopping: the next start calls them uncertain", "posts", len(d.unrecorded), "err", err)
			return fmt.Errorf("chat: record %d posts' outcomes: %w", len(d.unrecorded), err)
		case <-wait.C:
		}
	}
}

// StopBudget is the longest a pass can go on after its ctx ends: a post
// under way answered or timed out (the slowest channel's client timeout),
// then its outcome recorded. A caller stopping the dispatcher waits this
// long for it.
func (d *Dispatcher) StopBudget() time.Duration {
	longest := defaultTimeout
	for _, c := range d.channels {
		if c.Client != nil && c.Client.Timeout > longest {
			longest = c.Client.Timeout
		}
	}
	return longest + recordTimeout + flushTimeout
}

// Kick asks for a pass now; it never blocks.
func (d *Dispatcher) Kick() { d.loop.Kick() }

func (d *Dispatcher) pass(ctx context.Context) (next time.Time) {
	defer func() {
		// A fault in keepwarm's own code ends this pass, not the daemon;
		// a post it had claimed is settled by the next pass's Recover, as
		// after a crash.
		if r := recover(); r != nil {
			d.log.Error("chat: pass failed on keepwarm's own fault; trying again in a minute", "panic", r, "stack", string(keepwarm.PanicStack(r)))
			d.recovered.Store(false)
			next = d.clock.Now().Add(time.Minute)
		}
	}()
	if err := d.recordAgain(ctx, &Result{}); err != nil {
		d.log.Error("chat: record posts' outcomes", "err", err)
		return d.clock.Now().Add(time.Minute)
	}
	if !d.recovered.Load() {
		if err := d.Recover(ctx); err != nil {
			d.log.Error("chat: settle interrupted posts", "err", err)
			return d.clock.Now().Add(time.Minute)
		}
		d.recovered.Store(true)
	}
	res, err := d.RunOnce(ctx, d.clock.Now())
	if err != nil {
		d.log.Error("chat dispatch", "err", err)
		return d.clock.Now().Add(time.Minute)
	}
	return res.Next
}

// Recover settles chat items a crash left claimed: each may or may not have
// reached the platform, which keeps no idempotency key and cannot be asked,
// so each becomes uncertain (reported, never posted again by itself) rather
// than risking a second copy. Call it once at start-up, before RunOnce.
func (d *Dispatcher) Recover(ctx context.Context) error {
	stuck, err := d.store.StuckChat(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, it := range stuck {
		reason := "interrupted while posting to the chat channel: it may or may not have arrived; not posted again"
		if err := d.store.MarkUncertain(ctx, it.ID, reason); err != nil {
			errs = append(errs, err)
			continue
		}
		d.log.Warn("chat post interrupted: marked uncertain", "outbox", it.ID, "key", it.Key, "channel", it.Mailbox)
	}
	if len(stuck) > 0 && d.opt.Settled != nil {
		d.settled(ctx, stuck, keepwarm.OutboxUncertain, "interrupted while posting")
	}
	return errors.Join(errs...)
}

// RunOnce posts what is due at now on every channel, as often as each
// channel's limit allows, merging what waits. It blocks on the network.
func (d *Dispatcher) RunOnce(ctx context.Context, now time.Time) (Result, error) {
	var res Result
	if err := d.recordAgain(ctx, &res); err != nil {
		return res, err
	}
	for _, name := range d.names {
		// Each channel starts at the time it starts, not at the pass's:
		// an earlier channel's posts may have taken seconds, and a name
		// sharing its robot reads the robot's posts up to now (check
		// --notify's tests posted meanwhile among them) and counts them.
		// The same rule as after each post.
		now = later(now, d.clock.Now())
		next, err := d.runChannel(ctx, d.channels[name], now, &res)
		if err != nil {
			return res, err
		}
		if !next.IsZero() && (res.Next.IsZero() || next.Before(res.Next)) {
			res.Next = next
		}
	}
	return res, nil
}

func (d *Dispatcher) runChannel(ctx context.Context, c *Channel, now time.Time, res *Result) (time.Time, error) {
	if c.Unusable != nil {
		return d.failUnusable(ctx, c, now, res)
	}
	// What the last look held waits on something that has no time of its
	// own (a nudge's mail instead being sent, which may go back to
	// waiting): it is looked at again at every pass, not only once its
	// hold runs out, so a Kick after that something ended is enough.
	if _, err := d.store.ReleaseChatHolds(ctx, c.Name, now); err != nil {
		return time.Time{}, err
	}
	w := d.windows[c.Name]
	// The block it was left with (a DingTalk throttle outlasts a
	// tick), when kept for this robot: a channel whose URL now names
	// another robot starts afresh. Read at every pass, not only at the
	// start: the daemon runs for days, and another process (keepwarm
	// check --notify, its test meeting the throttle) keeps what it met
	// for the robot too. The size budget is this process's own once read.
	// A block dated further ahead than any keepwarm makes was kept by a
	// clock that was wrong then or is set right since (a box 8 hours
	// ahead put on NTP), or by `check --notify --now` of another day: it
	// is not believed, or it would hold every nudge to the robot until
	// its date. The same for the block this process holds.
	latest := now.Add(max(d.opt.MaxBackoff, MaxKeptBlock) + keptBlockSlack)
	if w.blocked.After(latest) {
		d.log.Warn("chat: the robot's block runs further ahead than any keepwarm makes (the clock was set back?): ignored",
			"channel", c.Name, "until", w.blocked, "now", now)
		w.blocked, w.reason = time.Time{}, ""
	}
	for _, name := range w.names {
		b, err := d.store.ChatBlock(ctx, name)
		if err != nil {
			return time.Time{}, err
		}
		if !d.channels[name].KeptBlock(b) {
			continue
		}
		if b.Until.After(latest) {
			d.log.Warn("chat: a kept block of the robot is dated further ahead than any keepwarm makes (kept under a wrong clock or by check --notify --now): ignored and cleared",
				"channel", name, "until", b.Until, "now", now, "reason", b.Reason)
			b.Until, b.Reason = time.Time{}, ""
			if b.BudgetSince.After(now.Add(keptBlockSlack)) {
				b.Budget, b.BudgetSince = 0, time.Time{}
			}
			if err := d.store.SetChatBlock(ctx, name, b); err != nil {
				d.log.Warn("chat: the kept block dated ahead could not be cleared", "channel", name, "err", err)
			}
		}
		w.block(b.Until, b.Reason)
		if !w.budgetRead && b.Budget > 0 && now.Sub(b.BudgetSince) < budgetLife && (w.budget == 0 || b.Budget < w.budget) {
			w.budget, w.budgetSince = b.Budget, b.BudgetSince
		}
	}
	w.budgetRead = true
	for {
		// The platform counts every post to the robot this minute, under
		// any of its names and by any process: an earlier one's, and
		// check --notify's tests while this one runs (two of them before
		// a burst of 19 nudges would take DingTalk past its 20, and two
		// posted during the burst as well). Read before each claim, not
		// once a pass, in one indexed query (at most 20 a minute); this
		// process's own are counted from memory.
		rows, err := d.store.RobotPostsSince(ctx, w.names, now.Add(-time.Minute-time.Second), now)
		if err != nil {
			return time.Time{}, err
		}
		w.others(rows, now)
		if at := w.nextFree(now); at.After(now) {
			if w.blocked.After(now) {
				// The platform refused a post for a while: what waits
				// behind the block is handed on like a refused nudge.
				if err := d.lateBehindBlock(ctx, c, w, now, res); err != nil {
					return time.Time{}, err
				}
			}
			// Something may be due: wake when the window opens.
			due, ok, err := d.store.NextDue(ctx, keepwarm.ChatMailbox(c.Name))
			if err != nil || !ok {
				return time.Time{}, err
			}
			return later(due, at), nil
		}
		items, err := d.store.DueChat(ctx, c.Name, now, d.opt.MaxMerge)
		if err != nil {
			return time.Time{}, err
		}
		if len(items) == 0 {
			due, ok, err := d.store.NextDue(ctx, keepwarm.ChatMailbox(c.Name))
			if err != nil || !ok {
				return time.Time{}, err
			}
			return due, nil
		}
		if items, err = d.precheck(ctx, c, items, now, res); err != nil {
			return time.Time{}, err
		}
		if len(items) == 0 {
			continue // all skipped: look at what is due next
		}
		items = d.fit(c, w, items, now)
		ids := make([]int64, len(items))
		for i, it := range items {
			ids[i] = it.ID
		}
		if err := ctx.Err(); err != nil {
			return time.Time{}, err // stopping: claim nothing more
		}
		claimed, err := d.store.ClaimItems(ctx, ids, now)
		if err != nil {
			return time.Time{}, err
		}
		if len(claimed) == 0 {
			continue
		}
		w.claims = append(w.claims, now) // the post the claim recorded
		// A post under way when keepwarm stops finishes (within the
		// client's timeout) and its outcome is recorded: cut off, it could
		// only be called uncertain, the nudge perhaps lost.
		posting := context.WithoutCancel(ctx)
		_, err = c.postWithin(posting, notes(claimed), now, w.sizeBudget(now))
		// A post may take seconds (a slow platform, a proxy, up to the
		// client's timeout): it is counted when it ended, the latest the
		// platform can have taken it, and what comes after it in this
		// pass is claimed, laid out and counted at its own time. Counted
		// at the pass's start, a backlog posted slowly would free the
		// window a minute after the start, while the platform still
		// counts most of it.
		now = later(now, d.clock.Now())
		w.record(now)
		recording, cancel := context.WithTimeout(posting, recordTimeout)
		if serr := d.settle(recording, c, w, claimed, err, res); serr != nil {
			cancel()
			d.unrecorded = append(d.unrecorded, post{c: c, items: claimed, err: err})
			return time.Time{}, serr
		}
		cancel()
	}
}

// failUnusable fails what is due on a channel that cannot be used as
// configured, saying why: Settled hands each nudge on to the mail, now
// rather than after a backoff that could only end the same way.
func (d *Dispatcher) failUnusable(ctx context.Context, c *Channel, now time.Time, res *Result) (time.Time, error) {
	reason := fmt.Sprintf("chat channel %s cannot be used as configured, not posted: %v", c.Name, c.Unusable)
	for {
		items, err := d.store.DueChat(ctx, c.Name, now, d.opt.MaxMerge)
		if err != nil {
			return time.Time{}, err
		}
		if len(items) == 0 {
			due, ok, err := d.store.NextDue(ctx, keepwarm.ChatMailbox(c.Name))
			if err != nil || !ok {
				return time.Time{}, err
			}
			return due, nil
		}
		ids := make([]int64, len(items))
		for i, it := range items {
			ids[i] = it.ID
		}
		if items, err = d.store.ClaimItems(ctx, ids, now); err != nil {
			return time.Time{}, err
		}
		for _, it := range items {
			if err := recorded(d.store.MarkFailed(ctx, it.ID, reason)); err != nil {
				// Claimed, they are no longer due: recorded failed (and
				// handed on) at the next pass, as a post's outcome is,
				// not left claimed until a restart calls them uncertain.
				d.unrecorded = append(d.unrecorded, post{c: c, items: items, err: &PostError{Outcome: Failed, Reason: reason}, unposted: reason})
				return time.Time{}, err
			}
		}
		if len(items) == 0 {
			continue
		}
		d.notPosted(ctx, c, items, reason, res)
	}
}

// notPosted counts, logs and hands on the nudges of a channel that cannot
// be used, recorded failed with reason: they were never posted.
func (d *Dispatcher) notPosted(ctx context.Context, c *Channel, items []keepwarm.OutboxItem, reason string, res *Result) {
	res.Failed += len(items)
	d.log.Warn("chat nudges not posted: the channel cannot be used as configured", "channel", c.Name, "nudges", len(items), "err", reason)
	d.settled(ctx, items, keepwarm.OutboxFailed, reason)
}

// Unusable names the channels that cannot be used as configured, each
// with why (Channel.Unusable).
func (d *Dispatcher) Unusable() map[string]string {
	out := map[string]string{}
	for name, c := range d.channels {
		if c.Unusable != nil {
			out[name] = c.Unusable.Error()
		}
	}
	return out
}

// recordAgain records the outcomes of posts whose recording failed,
// counted in res; an item recorded already (before the failure) is left
// as it is. The nudges of a channel that cannot be used were never
// posted, and are recorded as failUnusable records them.
func (d *Dispatcher) recordAgain(ctx context.Context, res *Result) error {
	for len(d.unrecorded) > 0 {
		p := d.unrecorded[0]
		recording, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
		var err error
		if p.unposted != "" {
			err = d.recordUnposted(recording, p, res)
		} else {
			err = d.settle(recording, p.c, d.windows[p.c.Name], p.items, p.err, res)
		}
		cancel()
		if err != nil {
			return err
		}
		d.unrecorded = d.unrecorded[1:]
		if p.unposted != "" {
			d.log.Info("chat nudges not posted: their failure recorded late", "channel", p.c.Name, "nudges", len(p.items))
			continue
		}
		d.log.Info("chat post's outcome recorded late", "channel", p.c.Name, "nudges", len(p.items))
	}
	return nil
}

// precheck runs Options.Precheck on the due items, skips those it gives a
// reason for, holds those it gives a *keepwarm.Hold for and returns the
// others. A hold ends after now, at least a minute on when it says no
// later time: else the item would be due again at once, and the pass
// would look at it over and over, never ending.
func (d *Dispatcher) precheck(ctx context.Context, c *Channel, items []keepwarm.OutboxItem, now time.Time, res *Result) ([]keepwarm.OutboxItem, error) {
	if d.opt.Precheck == nil {
		return items, nil
	}
	keep := items[:0:0]
	for _, it := range items {
		reason, err := d.opt.Precheck(ctx, it)
		var hold *keepwarm.Hold
		if errors.As(err, &hold) {
			until := hold.Until
			if !until.After(now) {
				until = now.Add(time.Minute)
			}
			if err := d.store.HoldOutbox(ctx, it.ID, until, "held: "+hold.Reason); keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
				continue // skipped meanwhile (a person): nothing to hold
			} else if err != nil {
				return nil, err
			}
			res.Held++
			d.log.Info("held before posting", "channel", c.Name, "outbox", it.ID, "key", it.Key, "until", until, "reason", hold.Reason)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("chat: check %s before posting: %w", it.Key, err)
		}
		if reason == "" {
			keep = append(keep, it)
			continue
		}
		if err := d.store.MarkSkipped(ctx, it.ID, reason); err != nil {
			return nil, err
		}
		res.Skipped++
		d.log.Info("skipped before posting", "channel", c.Name, "outbox", it.ID, "key", it.Key, "reason", reason)
	}
	return keep, nil
}

// lateBehindBlock hands to Late the due nudges whose next try, when
// channel c's block ends, comes FallbackAfter or more after they were due:
// to the salesperson it makes no difference whether the platform refused
// their nudge or the one before. They are not claimed (no attempt counted)
// and stay queued; the fallback goes once, and Precheck then skips the
// chat post.
func (d *Dispatcher) lateBehindBlock(ctx context.Context, c *Channel, w *window, now time.Time, res *Result) error {
	if d.opt.Late == nil || w.blocked.Sub(now) <= 0 {
		return nil
	}
	// Due by the block's end: a nudge waiting out a backoff that ends
	// inside the block is held by it too. One whose next try is the
	// block's end was refused by it, and told of then.
	items, err := d.store.DueChat(ctx, c.Name, w.blocked, blockedScan)
	if err != nil {
		return err
	}
	var late []keepwarm.OutboxItem
	for _, it := range items {
		if !it.DueAt.After(now) && it.NextAttemptAt.Before(w.blocked) && w.blocked.Sub(it.DueAt) >= d.opt.FallbackAfter {
			late = append(late, it)
		}
	}
	if len(late) == 0 {
		return nil
	}
	if late, err = d.precheck(ctx, c, late, now, res); err != nil || len(late) == 0 {
		return err
	}
	d.log.Warn("chat channel blocked by the platform for a while: nudges handed on", "channel", c.Name, "late", len(late), "until", w.blocked, "err", w.reason)
	d.opt.Late(ctx, late, w.reason)
	return nil
}

// blockedScan is the most due nudges lateBehindBlock looks at in a pass.
const blockedScan = 500

// fit keeps the first items that merge into one message within the
// platform's size limit and the channel's budget, all in the first one's
// language (at least one: a single nudge is clipped to fit when posted);
// an alert (a note about keepwarm itself) goes alone.
func (d *Dispatcher) fit(c *Channel, w *window, items []keepwarm.OutboxItem, now time.Time) []keepwarm.OutboxItem {
	ns := notes(items)
	if len(ns) != len(items) {
		return items[:1]
	}
	if ns[0].Alert != "" {
		return items[:1] // a word about keepwarm goes alone
	}
	same := 1
	for same < len(ns) && Lang(ns[same], c.Kind) == Lang(ns[0], c.Kind) && ns[same].Alert == "" {
		same++
	}
	for n := same; n > 1; n-- {
		msg, err := c.render(ns[:n], now)
		if err == nil && msg.fits(w.sizeBudget(now)) {
			return items[:n]
		}
	}
	return items[:1]
}

// settle moves claimed items on after a post. An item moved on already
// (its outcome recorded before a failure to record the rest: recordAgain)
// is left as it is.
func (d *Dispatcher) settle(ctx context.Context, c *Channel, w *window, items []keepwarm.OutboxItem, err error, res *Result) error {
	log := d.log.With("channel", c.Name, "nudges", len(items))
	now := d.clock.Now()
	if err == nil {
		for _, it := range items {
			if err := recorded(d.store.MarkSent(ctx, it.ID, now)); err != nil {
				return err
			}
		}
		res.Messages++
		res.Sent += len(items)
		log.Info("chat message posted")
		// The channel works again: what waits out a backoff from its
		// failure goes now, oldest first, not after the newer nudges.
		if n, err := d.store.PullForward(ctx, c.Name, now); err != nil {
			return err
		} else if n > 0 {
			log.Info("chat channel posts again: nudges waiting to retry go now", "waiting", n)
		}
		return nil
	}
	var pe *PostError
	if !errors.As(err, &pe) {
		pe = &PostError{Outcome: Retry, Reason: err.Error()}
	}
	switch pe.Outcome {
	case Uncertain:
		res.Uncertain += len(items)
		log.Warn("chat post uncertain: not posted again", "err", pe.Reason)
		for _, it := range items {
			if err := recorded(d.store.MarkUncertain(ctx, it.ID, pe.Reason)); err != nil {
				return err
			}
		}
		d.settled(ctx, items, keepwarm.OutboxUncertain, pe.Reason)
		return nil
	case TooLong:
		// Never failed for good for its size: fewer nudges to a message
		// (a single one clipped shorter) from now on, tried again at once
		// within the rate limit.
		if pe.Size > 0 {
			if b := max(pe.Size*3/4, minBudget); w.sizeBudget(now) == 0 || b < w.budget {
				w.budget, w.budgetSince = b, now
			}
		}
		pe.After = 0
		fallthrough
	case Retry:
		// A platform's Retry-After never holds the channel longer than
		// the longest backoff.
		pe.After = min(pe.After, d.opt.MaxBackoff)
		if pe.After > 0 {
			w.block(now.Add(pe.After), pe.Reason)
		}
		if pe.After > 0 || pe.Outcome == TooLong {
			// Kept for the next process; not being able to costs at
			// most a refused post there.
			kept := keepwarm.ChatBlock{Robot: c.Fingerprint(), Until: w.blocked, Reason: w.reason, Budget: w.budget, BudgetSince: w.budgetSince}
			if err := d.store.SetChatBlock(ctx, c.Name, kept); err != nil {
				log.Warn("chat: the robot's block could not be kept for the next process", "err", err)
			}
		}
		var gaveUp, late []keepwarm.OutboxItem
		for _, it := range items {
			if it.Attempts >= d.opt.MaxAttempts {
				gaveUp = append(gaveUp, it)
				reason := fmt.Sprintf("gave up after %d attempts: %s", it.Attempts, pe.Reason)
				if err := recorded(d.store.MarkFailed(ctx, it.ID, reason)); err != nil {
					return err
				}
				continue
			}
			next := now.Add(max(d.backoff(it.Attempts), pe.After))
			if pe.Outcome == TooLong {
				next = now
			}
			if err := recorded(d.store.MarkRetry(ctx, it.ID, next, pe.Reason)); err != nil {
				return err
			}
			res.Retried++
			if pe.Outcome == Retry && next.Sub(it.DueAt) >= d.opt.FallbackAfter {
				late = append(late, it)
			}
		}
		log.Info("chat post refused for now; will retry", "err", pe.Reason)
		if len(late) > 0 && d.opt.Late != nil {
			log.Warn("chat post refused for a while: nudges handed on", "late", len(late), "err", pe.Reason)
			d.opt.Late(ctx, late, pe.Reason)
		}
		if len(gaveUp) > 0 {
			res.Failed += len(gaveUp)
			log.Warn("chat post failed for good", "err", pe.Reason)
			d.settled(ctx, gaveUp, keepwarm.OutboxFailed, pe.Reason)
		}
		return nil
	}
	res.Failed += len(items)
	log.Warn("chat post failed for good", "err", pe.Reason)
	for _, it := range items {
		if err := recorded(d.store.MarkFailed(ctx, it.ID, pe.Reason)); err != nil {
			return err
		}
	}
	d.settled(ctx, items, keepwarm.OutboxFailed, pe.Reason)
	return nil
}

// recorded is err, but nil for an item no longer `sending`: its outcome
// was recorded already.
func recorded(err error) error {
	if keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
		return nil
	}
	return err
}

func (d *Dispatcher) settled(ctx context.Context, items []keepwarm.OutboxItem, status keepwarm.OutboxStatus, reason string) {
	if d.opt.Settled != nil {
		d.opt.Settled(ctx, items, status, reason)
	}
}

// backoff is the delay before retry number attempts (1-based).
func (d *Dispatcher) backoff(attempts int) time.Duration {
	delay := d.opt.BaseBackoff
	for i := 1; i < attempts && delay < d.opt.MaxBackoff; i++ {
		delay *= 2
	}
	return min(delay, d.opt.MaxBackoff)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// robot is what tells one robot from another: its URL, token included
// (WeCom's key and DingTalk's access_token are in the query), with the
// scheme and host in lower case.
func robot(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Scheme, u.Host, u.Fragment = strings.ToLower(u.Scheme), strings.ToLower(u.Host), ""
	return u.String()
}

// lower is the lower of two limits, 0 being none.
func lower(a, b int) int {
	if a == 0 || b != 0 && b < a {
		return b
	}
	return a
}

// MaxKeptBlock is the longest block keepwarm keeps for a robot: the
// dispatcher's default MaxBackoff, and check --notify's (a quota refusal
// that says an hour is held for this long, then tried again). A kept
// block dated later than this from now, past keptBlockSlack, was kept
// under a wrong clock and is not believed.
const MaxKeptBlock = 30 * time.Minute

// keptBlockSlack is what a kept block may run past MaxKeptBlock: the
// seconds between the refusal and the read, and two machines' clocks a
// little apart.
const keptBlockSlack = 2 * time.Minute

// LatestKeptBlock is the latest a block keepwarm kept may run to, read at
// now: one dated later is not believed.
func LatestKeptBlock(now time.Time) time.Time { return now.Add(MaxKeptBlock + keptBlockSlack) }

// window is a robot's sliding rate window: the instants of its recent
// posts, and a time before which it must not post (a platform's 429).
type window struct {
	limit   Limit
	posts   []time.Time
	blocked time.Time
	reason  string   // the platform's words that set blocked
	names   []string // the channels posting to the robot
	// claims are the instants this process's claims recorded its posts
	// at (the store's rows of them); foreign the store's rows of the
	// last minute that are not this process's (see others).
	claims  []time.Time
	foreign []time.Time
	// budget is the most bytes a message may have, below the platform's
	// limit, after the platform refused one as too long at budgetSince
	// (0 = the limit); see sizeBudget.
	budget      int
	budgetSince time.Time
	// budgetRead: the budget an earlier process kept was read.
	budgetRead bool
}

// budgetLife is how long a "too long" answer's budget holds: one odd
// answer must not clip every later nudge of the channel for good.
const budgetLife = 24 * time.Hour

// sizeBudget is the budget at now: none once budgetLife has passed since
// it was set.
func (w *window) sizeBudget(now time.Time) int {
	if w.budget > 0 && now.Sub(w.budgetSince) >= budgetLife {
		w.budget, w.budgetSince = 0, time.Time{}
	}
	return w.budget
}

// minBudget is the smallest budget a "too long" answer brings a channel
// to: one nudge clipped to its shortest still fits.
const minBudget = 700

func (w *window) record(now time.Time) { w.posts = append(w.posts, now) }

// others keeps, of rows (the store's posts to the robot in the minute
// and a second before now, at whole seconds), those this process did not
// make, each counted to the end of its second: its
// own are in posts, counted when each ended, and each of its claims
// wrote one row at the claim's second.
func (w *window) others(rows []time.Time, now time.Time) {
	cut := 0
	for cut < len(w.claims) && now.Sub(w.claims[cut]) >= 2*time.Minute {
		cut++
	}
	w.claims = w.claims[cut:]
	own := map[int64]int{}
	for _, c := range w.claims {
		own[c.Unix()]++
	}
	w.foreign = w.foreign[:0]
	for _, r := range rows {
		if own[r.Unix()] > 0 {
			own[r.Unix()]--
			continue
		}
		// Kept at its whole second (10:00:05 for 10:00:05.9), and
		// posted by check after it was kept: counted to the end of its
		// second, or a Slack robot (one a second) could take the
		// daemon's post a fraction of a second after the test.
		w.foreign = append(w.foreign, r.Add(time.Second))
	}
}

func (w *window) block(until time.Time, reason string) {
	if until.After(w.blocked) {
		w.blocked, w.reason = until, reason
	}
}

// nextFree is the earliest instant from now at which one more post keeps
// within the limits.
func (w *window) nextFree(now time.Time) time.Time {
	// Forget what no window looks at any more.
	cut := 0
	for cut < len(w.posts) && now.Sub(w.posts[cut]) >= time.Minute {
		cut++
	}
	w.posts = w.posts[cut:]
	// Its own posts and the others', oldest first.
	posts := w.posts
	if len(w.foreign) > 0 {
		posts = slices.Concat(w.posts, w.foreign)
		slices.SortFunc(posts, func(a, b time.Time) int { return a.Compare(b) })
	}
	at := now
	if w.blocked.After(at) {
		at = w.blocked
	}
	return freeAt(w.limit, posts, at)
}

// freeAt is the earliest instant from at at which one more post keeps
// within limit, posts (oldest first) being the robot's recent posts.
func freeAt(limit Limit, posts []time.Time, at time.Time) time.Time {
	check := func(n int, span time.Duration) {
		if n <= 0 {
			return
		}
		in := 0
		for _, p := range posts {
			if at.Sub(p) < span {
				in++
			}
		}
		if in >= n {
			// The oldest post inside the span must leave it first.
			oldest := posts[len(posts)-in]
			if t := oldest.Add(span); t.After(at) {
				at = t
			}
		}
	}
	check(limit.PerMinute, time.Minute)
	check(limit.PerSecond, time.Second)
	return at
}

// RobotFree is the earliest instant from now at which one more post to a
// robot keeps within limit, per minute and per second, rows being the
// store's posts to it (under every name posting to it, by any process)
// in the minute and a second before now, kept at whole seconds: each is
// counted to the end of its second, as the dispatcher counts another
// process's posts. keepwarm check --notify reads it before its test, so
// the test does not land a fraction of a second after a nudge.
func RobotFree(limit Limit, rows []time.Time, now time.Time) time.Time {
	posts := make([]time.Time, len(rows))
	for i, r := range rows {
		posts[i] = r.Add(time.Second)
	}
	slices.SortFunc(posts, func(a, b time.Time) int { return a.Compare(b) })
	return freeAt(limit, posts, now)
}
