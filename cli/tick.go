package cli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/app"
)

// cmdTick runs one full cycle and exits: settle sends a crash interrupted,
// sync every mailbox, run the engine's jobs once, send what is due; then
// fetch the texts of older mail for a few seconds.
type tickCmd struct {
	Texts      time.Duration    `name:"texts" default:"5s" help:"after the cycle, fetch the texts of older messages a first sync stored from their header for at most this long (0: none)"`
	StaleAfter keepwarmDuration `name:"stale-after" default:"1h" help:"a previous tick still holding the lock after this long (1h, 1d) fails this tick (exit 1) instead of letting it end quietly: it may be stuck"`
	Quiet      bool             `name:"quiet" help:"print nothing on standard output when the tick found, sent and posted nothing (for cron's mail)"`
}

// gaveUpExit is tick's exit status when it marked mail failed or uncertain
// (and nothing else went wrong): no automatic step sends it again, and under
// cron the exit status is what a monitor sees.
const gaveUpExit = 4

func (opt *tickCmd) Run(ctx context.Context, m *Main) error {
	if err := m.liveOnly("keepwarm tick would send what is due then to real people now, and record it as sent then"); err != nil {
		return err
	}
	lock, err := m.lockDispatch(ctx, "tick")
	var held *app.LockHeldError
	if errors.As(err, &held) && held.Holder == "run" {
		return fmt.Errorf("keepwarm run (pid %d) is syncing and sending from this database: a tick beside it does nothing; remove the cron entry, or stop run to use ticks", held.PID)
	}
	if errors.As(err, &held) && held.Holder == "tick" && !held.Since.IsZero() && time.Since(held.Since) >= time.Duration(opt.StaleAfter) {
		// A tick that has held it this long may be stuck: every tick
		// after it would do nothing, so cron's monitoring must hear of it.
		return fmt.Errorf("keepwarm tick (pid %d) has held the lock since %s (%s): it may be stuck, and nothing syncs or sends meanwhile; look at it, or kill it, and the next tick takes over",
			held.PID, held.Since.UTC().Format(time.RFC3339), time.Since(held.Since).Round(time.Minute))
	}
	if errors.As(err, &held) && held.Holder == "tick" {
		// Under cron a tick that outlasts its interval (a slow server, a
		// first sync) meets the next one: harmless, the running tick does
		// the work. Under --quiet only the log hears of it: cron would
		// mail the line every interval of a long first sync, for
		// nothing happening (a stuck tick still fails, above).
		const overlap = "a previous keepwarm tick is still working on this database: this tick did nothing; the next one after it will"
		if opt.Quiet {
			m.log.Debug(overlap, "pid", held.PID)
			return nil
		}
		fmt.Fprintln(m.Stderr, overlap)
		return nil
	}
	if errors.As(err, &held) && held.Holder != "" {
		return fmt.Errorf("keepwarm %s (pid %d) holds the dispatch lock of this database: this tick did nothing; try again when it has finished", held.Holder, held.PID)
	}
	if err != nil {
		return err
	}
	defer lock.Release()
	// Under cron every tick would repeat the config's warnings (no
	// [notify] on purpose, a template failing for a few customers), and
	// cron mails whatever a tick writes: --quiet leaves them to check.
	m.app.QuietConfigWarnings = opt.Quiet
	t, err := m.app.NewTicker(ctx)
	if err != nil {
		return err
	}
	var errs []error
	if err := t.Disp.Recover(ctx); err != nil {
		errs = append(errs, fmt.Errorf("recover interrupted sends: %w", err))
	}
	if t.Chat != nil {
		if err := t.Chat.Recover(ctx); err != nil {
			errs = append(errs, fmt.Errorf("settle interrupted chat posts: %w", err))
		}
	}
	synced, res, err := t.Cycle(ctx)
	if err != nil {
		errs = append(errs, err)
		// A refused login: which password to fix, since the next tick
		// would only be refused again.
		for _, ae := range authErrors(err) {
			errs = append(errs, errors.New(m.loginRefused(ae)))
		}
	}
	// A sender that cannot be used as configured holds its mail, queued;
	// under cron the exit status is where a person hears of it.
	if t.NotifyOff != nil {
		errs = append(errs, fmt.Errorf("[notify] cannot be used as configured, so nudges, digests and the weekly summary by mail wait queued: %w", t.NotifyOff))
	}
	if t.Chat != nil {
		stopped := t.Chat.Unusable()
		for _, ch := range slices.Sorted(maps.Keys(stopped)) {
			errs = append(errs, fmt.Errorf("chat channel %s cannot be used as configured, so its nudges go by mail from [notify] instead, when it is set: %s", ch, stopped[ch]))
		}
	}
	// Follow-ups off (the sequences or templates, or a holiday calendar
	// that does not build): their steps stay held tick after tick, and
	// under cron the exit status is where a person hears of it.
	if t.FollowUpsOff != nil {
		fix := "the sequences or templates"
		var off *app.FollowUpsOffError
		if errors.As(t.FollowUpsOff, &off) {
			fix = off.Fix()
		}
		errs = append(errs, fmt.Errorf("follow-ups are off until %s are fixed: %w", fix, t.FollowUpsOff))
	}
	quiet := opt.Quiet && synced == 0 && res.Sent+res.Drafted+res.Skipped+res.Retried+res.Failed+res.Uncertain+res.CheckingSent+res.AlreadySent == 0 &&
		t.ChatResult.Messages+t.ChatResult.Retried+t.ChatResult.Failed+t.ChatResult.Uncertain == 0
	if !quiet {
		fmt.Fprintf(m.Stdout, "tick: %d new message(s); sent %d, drafted %d, skipped %d, retrying %d, failed %d, uncertain %d\n",
			synced, res.Sent, res.Drafted, res.Skipped, res.Retried, res.Failed, res.Uncertain)
	}
	if res.CheckingSent > 0 {
		// Neither sent nor uncertain yet: the next tick settles them.
		fmt.Fprintf(m.Stdout, "tick: %d send(s) lost after DATA, to be looked for in Sent by the next tick (sent if there, else uncertain)\n", res.CheckingSent)
	}
	if res.AlreadySent > 0 {
		fmt.Fprintf(m.Stdout, "tick: %d queued mail(s) found in their mailbox's Sent already (a draft: sent by the salesperson from Drafts), recorded as sent and not sent again: the database is older than the mailbox (a restored backup)\n", res.AlreadySent)
	}
	if c := t.ChatResult; t.Chat != nil && !quiet {
		fmt.Fprintf(m.Stdout, "chat: posted %d message(s) with %d nudge(s); retrying %d, failed %d, uncertain %d\n",
			c.Messages, c.Sent, c.Retried, c.Failed, c.Uncertain)
	}
	// Last: nothing of the cycle waits for the texts of older mail.
	filled, err := t.FillTexts(ctx, opt.Texts)
	if err != nil {
		errs = append(errs, err)
	} else if !quiet {
		// Under --quiet a tick that found, sent and posted nothing says
		// nothing of the older texts either: they may wait for days (for
		// good with --texts 0), and cron would mail the line every tick.
		if err := textsNote(ctx, m, "", filled); err != nil {
			errs = append(errs, err)
		}
	}
	if ctx.Err() != nil {
		// A signal stopped it: say so, not "context canceled"; what
		// else went wrong is still told.
		for _, err := range errs {
			if !errors.Is(err, context.Canceled) {
				fmt.Fprintf(m.Stderr, "keepwarm: %v\n", err)
			}
		}
		fmt.Fprintln(m.Stderr, stoppedNote)
		return exitError{130}
	}
	// Mail this tick gave up on is said on stderr, once (the next tick
	// does not say it again), and in the exit status: under cron that is
	// where a person hears of it.
	gaveUp := t.GaveUp()
	for _, g := range gaveUp {
		fmt.Fprintf(m.Stderr, "keepwarm: outbox %d (%s from %s, subject %q) %s: %s\n", g.Item.ID,
			recipientList(g.Item), g.Item.Mailbox, g.Item.Subject, g.Status, strings.Join(strings.Fields(g.Reason), " "))
	}
	if len(gaveUp) > 0 {
		fmt.Fprintf(m.Stderr, "keepwarm: %d mail(s) failed or may not have gone out, and will not be sent again by themselves: see keepwarm outbox; exit status %d\n", len(gaveUp), gaveUpExit)
	}
	if err := errors.Join(errs...); err != nil || len(gaveUp) == 0 {
		return err
	}
	return exitError{gaveUpExit}
}

// recipientList is an item's To addresses, for a line on stderr.
func recipientList(it keepwarm.OutboxItem) string {
	var to []string
	for _, a := range it.To {
		to = append(to, a.Email)
	}
	if len(to) == 0 {
		return "no recipient"
	}
	return "to " + strings.Join(to, ", ")
}
