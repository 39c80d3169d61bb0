package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/config"
	"keepwarm/mailsync"
	"keepwarm/sequences"
)

// cmdDigest prints (or sends) the daily digest of every salesperson, or one.
type digestCmd struct {
	Salesperson string `name:"salesperson" help:"only this salesperson's digest (email or name)"`
	Send        bool   `name:"send" help:"queue it for the [notify] sender and send it now (once per salesperson and day)"`
	Format      string `name:"format" help:"text, html or json" default:"text"`
	All         bool   `name:"all" help:"list every line of every section (the mail lists at most 25 per section)"`
}

func (opt *digestCmd) Run(ctx context.Context, m *Main) error {
	who, send, format := &opt.Salesperson, &opt.Send, &opt.Format
	if err := checkFormat("digest", *format, "text", "html", "json"); err != nil {
		return err
	}
	if *send && *format != "text" {
		// --send prints what became of each digest, in lines of text: a
		// script piping it to a JSON reader must hear so, not fail on it.
		return usageError{fmt.Sprintf("digest: --send prints what was queued and sent, as text: leave out --format %s (without --send it prints the digest as %s)", *format, *format)}
	}
	if *send {
		if err := m.liveOnly("keepwarm digest --send would send that day's digest now, and the real day's would count as sent"); err != nil {
			return err
		}
	}
	now := m.clock.Now()
	if err := m.measureReplies(ctx); err != nil {
		return err
	}
	greetings, err := m.app.NewGreetings(nil)
	if err != nil {
		m.log.Warn("digest without the greetings section", "err", err)
		greetings = nil
	}
	digests := m.app.NewDigests(greetings, nil)
	people := digests.People()
	if *who != "" {
		email, ok := m.app.Salesperson(*who)
		if !ok {
			return usageError{fmt.Sprintf("digest: --salesperson %q is not a configured [[salesperson]]: give their email or name (%s)", *who, strings.Join(people, ", "))}
		}
		people = []string{strings.ToLower(email)}
	}
	if len(people) == 0 {
		return fmt.Errorf("no [[salesperson]] is configured: nobody gets a digest")
	}
	if *format == "html" && !*send && *who == "" && len(people) > 1 {
		return usageError{"digest: --format html prints one digest, a page of its own: name whose with --salesperson"}
	}
	if *send && opt.All {
		return usageError{fmt.Sprintf("digest: --all prints the whole digest; the digest sent lists at most %d lines per section", sequences.DigestListLimit)}
	}
	build := digests.Build
	if opt.All {
		build = digests.BuildAll
	}
	if *send {
		if !m.cfg.Notify.Enabled() { // said once, not once per salesperson
			return fmt.Errorf("digest --send: no [notify] sender is configured: digests cannot be sent")
		}
		return m.sendDigests(ctx, digests, build, people, now)
	}
	// Every salesperson's digest in JSON is one document: an array.
	var all []sequences.Digest
	for i, p := range people {
		d, err := build(ctx, p, now)
		if err != nil {
			return err
		}
		// As its reader gets it: whoever covers while the salesperson is
		// away, in their language, saying so.
		shown, to, err := digests.Addressed(ctx, d)
		if err != nil {
			return err
		}
		if *format == "json" && *who == "" {
			all = append(all, shown)
			continue
		}
		if i > 0 && *format != "json" {
			fmt.Fprintln(m.Stdout)
		}
		if err := writeDigest(m.Stdout, shown, to, *format); err != nil {
			return err
		}
	}
	if all != nil {
		return writeJSON(m.Stdout, all)
	}
	return nil
}

// sendDigests queues and sends each person's digest of the day. As the
// digest job does, one person's error does not stop the others: the
// digests queued in the run are sent all the same, and the command fails
// at the end with each error, naming whose digest it stopped.
func (m *Main) sendDigests(ctx context.Context, digests *sequences.Digests, build func(context.Context, string, time.Time) (sequences.Digest, error), people []string, now time.Time) error {
	queued := 0
	var errs []error
	for _, p := range people {
		waiting, err := m.sendDigest(ctx, digests, build, p, now)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "digest for "+p) {
				err = fmt.Errorf("digest for %s: %w", p, err)
			}
			errs = append(errs, err)
		}
		if waiting { // queued, even by a person whose run then failed
			queued++
		}
	}
	if queued > 0 {
		if err := m.dispatchNotify(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// sendDigest queues p's digest of the day unless the day was decided, and
// prints what became of it. waiting: a digest of the day is queued and not
// sent yet: the caller sends it.
func (m *Main) sendDigest(ctx context.Context, digests *sequences.Digests, build func(context.Context, string, time.Time) (sequences.Digest, error), p string, now time.Time) (waiting bool, err error) {
	d, err := build(ctx, p, now)
	if err != nil {
		return false, err
	}
	// As its reader gets it: whoever covers while the salesperson is
	// away, in their language, saying so.
	shown, to, err := digests.Addressed(ctx, d)
	if err != nil {
		return false, err
	}
	if d.Empty() {
		// Empty now, but the day's digest an earlier run queued
		// may still wait for [notify]: say so, and send it.
		it, ok, err := m.db.OutboxByKey(ctx, d.Key())
		if err != nil {
			return false, err
		}
		if !ok || it.Mode == keepwarm.ModeDryRun {
			if !ok {
				// As the job would: the day is recorded empty, and
				// an earlier digest still queued (held by
				// [notify]) is not sent after it.
				_, superseded, err := digests.EmptyByHand(ctx, d)
				if err != nil {
					return false, err
				}
				fmt.Fprintf(m.Stdout, "digest for %s (%s): every section is empty, nothing to send\n", d.Salesperson, d.Date)
				for _, day := range superseded {
					fmt.Fprintf(m.Stdout, "digest for %s (%s): still queued, not sent: superseded, nothing in it is news any more as of %s\n", d.Salesperson, day, d.Date)
				}
				return false, nil
			}
			fmt.Fprintf(m.Stdout, "digest for %s (%s): every section is empty, nothing to send\n", d.Salesperson, d.Date)
			return false, nil
		}
		said, waiting := m.digestDecided(ctx, d)
		fmt.Fprintf(m.Stdout, "digest for %s (%s): %s\n", d.Salesperson, d.Date, said)
		return waiting, nil
	}
	created, superseded, err := digests.QueueByHand(ctx, d)
	if err != nil && created {
		// Queued, but the earlier days' still queued were not skipped:
		// the day's is sent all the same, and the error says they may
		// go out beside it.
		fmt.Fprintf(m.Stdout, "digest for %s (%s): queued\n", d.Salesperson, d.Date)
		cause := err
		if u := errors.Unwrap(err); u != nil {
			cause = u
		}
		return true, fmt.Errorf("digest for %s (%s): queued and sent, but its earlier digests still queued could not be superseded and may go out beside it: %w", d.Salesperson, d.Date, cause)
	}
	if err != nil {
		return false, err
	}
	// Said after the day's own line: an earlier day's digest still queued
	// (that [notify] could not send) is not sent after it.
	defer func() {
		for _, day := range superseded {
			fmt.Fprintf(m.Stdout, "digest for %s (%s): still queued, not sent: superseded by the one of %s, which lists what of it still stands\n", d.Salesperson, day, d.Date)
		}
	}()
	if !created {
		said, waiting := m.digestDecided(ctx, d) // waiting: an earlier run's, not sent yet: send it now
		fmt.Fprintf(m.Stdout, "digest for %s (%s): %s\n", d.Salesperson, d.Date, said)
		return waiting, nil
	}
	if shown.CoveredBy != "" {
		fmt.Fprintf(m.Stdout, "digest for %s (%s): queued for %s (covering)\n", d.Salesperson, d.Date, to.Email)
	} else {
		fmt.Fprintf(m.Stdout, "digest for %s (%s): queued\n", d.Salesperson, d.Date)
	}
	return true, nil
}

// digestDecided says what became of the day's digest that an earlier run
// queued or recorded: sent (or on its way), or found empty and not sent.
// waiting: it is still queued (that run could not send it): the caller
// sends it now.
func (m *Main) digestDecided(ctx context.Context, d sequences.Digest) (said string, waiting bool) {
	it, ok, err := m.db.OutboxByKey(ctx, d.Key())
	if err != nil || !ok {
		return "already queued today, not queued again", false
	}
	loc := d.Now.Location()
	if l, err := time.LoadLocation(d.TimeZone); err == nil {
		loc = l
	}
	at := it.CreatedAt.In(loc).Format("15:04")
	switch {
	case it.Mode == keepwarm.ModeDryRun:
		return fmt.Sprintf("nothing was sent today: the digest at %s had nothing to report, and a day has one digest at most; "+
			"what is there now: keepwarm digest --salesperson %s --all", at, d.Salesperson), false
	case it.Status == keepwarm.OutboxSent:
		return fmt.Sprintf("already sent today (queued at %s), not sent again", at), false
	case it.Status == keepwarm.OutboxQueued:
		return fmt.Sprintf("queued today at %s and %s", at, notYetSent(it, loc)), true
	case it.Status == keepwarm.OutboxFailed:
		// It reached nobody: the next digest starts where the one before
		// it ended (lastDigest), so its news is not lost.
		return fmt.Sprintf("already queued today at %s (failed: see keepwarm outbox), not queued again; what it held is in the next digest", at), false
	}
	return fmt.Sprintf("already queued today at %s (%s: see keepwarm outbox), not queued again", at, it.Status), false
}

// notYetSent says why a notify mail an earlier run queued is still queued,
// and that it is sent now (when due).
func notYetSent(it keepwarm.OutboxItem, loc *time.Location) string {
	if it.Attempts == 0 {
		return "not sent yet: sending it now"
	}
	line := fmt.Sprintf("not sent yet (%d attempt(s), last: %s)", it.Attempts, keepwarm.ClipLine(it.LastError, 200))
	if next := it.NextAttemptAt; !next.IsZero() {
		line += fmt.Sprintf("; next try at %s", next.In(loc).Format("Mon 2 Jan 15:04"))
	}
	return line + ": sending what is due now"
}

// summaryDecided says what became of the week's summary an earlier run
// queued or recorded (found empty, not sent); waiting as digestDecided.
func (m *Main) summaryDecided(ctx context.Context, sum sequences.Summary) (said string, waiting bool) {
	it, ok, err := m.db.OutboxByKey(ctx, sum.Key())
	if err != nil || !ok {
		return "already queued, not queued again", false
	}
	loc := m.cfg.TeamLocation()
	switch {
	case it.Mode == keepwarm.ModeDryRun:
		return fmt.Sprintf("nothing was sent this week: the summary at %s had nothing to report, and a week has one summary at most; "+
			"what is there now: keepwarm summary", it.CreatedAt.In(loc).Format("Mon 2 Jan 15:04")), false
	case it.Status == keepwarm.OutboxSent:
		return fmt.Sprintf("already sent at %s, not sent again", it.SentAt.In(loc).Format("Mon 2 Jan 15:04")), false
	case it.Status == keepwarm.OutboxQueued:
		return fmt.Sprintf("queued at %s and %s", it.CreatedAt.In(loc).Format("Mon 2 Jan 15:04"), notYetSent(it, loc)), true
	case it.Status == keepwarm.OutboxUncertain:
		return "it may or may not have arrived (uncertain: see keepwarm outbox); not sent again: ask " + sum.Manager, false
	}
	why := ""
	if it.LastError != "" {
		why = ": " + keepwarm.ClipLine(it.LastError, 200)
	}
	return fmt.Sprintf("already queued, %s%s (see keepwarm outbox), not queued again", it.Status, why), false
}

// writeDigest prints one digest; an empty one says it would not be sent.
func writeDigest(w io.Writer, d sequences.Digest, to keepwarm.Address, format string) error {
	switch format {
	case "json":
		return writeJSON(w, d)
	case "html":
		_, err := fmt.Fprintln(w, d.HTML())
		return err
	}
	fmt.Fprintf(w, "To: %s\nSubject: %s\n\n", to.Email, d.Subject())
	if d.Empty() {
		_, err := fmt.Fprintln(w, "Every section is empty: this digest would not be sent.")
		return err
	}
	_, err := io.WriteString(w, d.Text())
	return err
}

// cmdSummary prints (or sends) the manager's weekly summary.
type summaryCmd struct {
	Send   bool   `name:"send" help:"queue it for the [notify] sender and send it now (once per ISO week)"`
	Format string `name:"format" help:"text, html or json" default:"text"`
	Week   string `name:"week" placeholder:"YYYY-Www" help:"the summary of this ISO week as its mail had it (e.g. 2026-W47: the ISO week the summary was sent in, as its first line names it), not of the 7 days before today; with --send, that week's summary queued again in place of one that failed for good"`
}

func (opt *summaryCmd) Run(ctx context.Context, m *Main) error {
	send, format := &opt.Send, &opt.Format
	if err := checkFormat("summary", *format, "text", "html", "json"); err != nil {
		return err
	}
	if *send && *format != "text" {
		return usageError{fmt.Sprintf("summary: --send prints what was queued and sent, as text: leave out --format %s (without --send it prints the summary as %s)", *format, *format)}
	}
	if *send {
		if err := m.liveOnly("keepwarm summary --send would send that week's summary now, and the real week's would count as sent"); err != nil {
			return err
		}
	}
	if err := m.measureReplies(ctx); err != nil {
		return err
	}
	sums := m.app.NewSummaries(nil)
	build := sums.Build
	if opt.Week != "" {
		build = func(ctx context.Context, now time.Time) (sequences.Summary, error) {
			sum, err := sums.OfWeek(ctx, opt.Week, now)
			if keepwarm.ErrorCode(err) == keepwarm.EINVALID {
				return sum, usageError{"summary: --" + err.Error()}
			}
			return sum, err
		}
	}
	if *send && opt.Week == "" {
		// What goes out is the week's summary as the daemon sends it, at
		// the week's summary_weekday: the key promises that week's window.
		build = sums.Latest
	}
	sum, err := build(ctx, m.clock.Now())
	if err != nil {
		return err
	}
	pastWeek := false
	if *send && opt.Week != "" {
		// The latest week's is sent as --send sends it; an earlier week's
		// only in place of one that failed for good, with OfWeek's window
		// and key, which are its mail's.
		latest, err := sums.Latest(ctx, m.clock.Now())
		if err != nil {
			return err
		}
		if latest.Key() == sum.Key() {
			sum = latest
		} else {
			pastWeek = true
		}
	}
	loc := m.cfg.TeamLocation()
	window := fmt.Sprintf("%s to %s", sum.Since.In(loc).Format("Mon 2 Jan"), sum.Until.AddDate(0, 0, -1).In(loc).Format("Mon 2 Jan 2006"))
	covers := func() {
		if opt.Week != "" {
			// The week named is the one the summary was sent in: its days
			// are the week before, said so a week off by one shows.
			fmt.Fprintf(m.Stderr, "the summary %s covers %s\n", sum.Week, window)
		}
	}
	if opt.Week != "" && *format == "json" {
		covers()
		fmt.Fprintf(m.Stderr, "the JSON of the summary of %s is built again from today's data, with follow-ups as they stand today (the mail as sent: --format text or html)\n", opt.Week)
	}
	if opt.Week != "" && *format != "json" && !*send {
		// The week's mail as it went out, when it is stored: built again,
		// its follow-ups would count as they stand today (one "running"
		// in the mail since answered).
		it, ok, err := m.db.OutboxByKey(ctx, sum.Key())
		if err != nil {
			return err
		}
		if ok && it.Mode != keepwarm.ModeDryRun && it.Text != "" && (*format == "text" || it.HTML != "") {
			// The days are the stored mail's: today's summary_weekday or
			// zone, changed since, would give others than it printed.
			if days := sum.Since.In(loc).Format("2 Jan") + " to " + sum.Until.AddDate(0, 0, -1).In(loc).Format("2 Jan 2006"); strings.Contains(it.Subject, days) {
				covers()
			} else {
				fmt.Fprintf(m.Stderr, "the summary %s as its mail had it: its subject names its days (summary_weekday or the time zone changed since: today's settings would give %s)\n", sum.Week, window)
			}
			// Stored is not sent: the mail printed may have reached nobody.
			switch it.Status {
			case keepwarm.OutboxFailed:
				why := ""
				if it.LastError != "" {
					why = " (" + keepwarm.ClipLine(it.LastError, 200) + ")"
				}
				fmt.Fprintf(m.Stderr, "this mail failed for good and reached nobody%s (see keepwarm outbox): keepwarm summary --send --week %s queues it again\n", why, sum.Week)
			case keepwarm.OutboxQueued, keepwarm.OutboxSending:
				fmt.Fprintf(m.Stderr, "this mail is queued and not sent yet (see keepwarm outbox)\n")
			case keepwarm.OutboxUncertain:
				fmt.Fprintf(m.Stderr, "this mail may or may not have arrived (uncertain: see keepwarm outbox)\n")
			}
			if *format == "html" {
				_, err := fmt.Fprintln(m.Stdout, it.HTML)
				return err
			}
			to := sum.Manager
			if len(it.To) > 0 {
				to = it.To[0].Email
			}
			fmt.Fprintf(m.Stdout, "To: %s\nSubject: %s\n\n%s", to, it.Subject, it.Text)
			return nil
		}
		covers()
		fmt.Fprintf(m.Stderr, "no mail of the summary of %s is stored (none was sent that week, or it was found empty): built again from today's data, with follow-ups as they stand today\n", opt.Week)
	}
	if !*send {
		switch *format {
		case "json":
			return writeJSON(m.Stdout, sum)
		case "html":
			_, err := fmt.Fprintln(m.Stdout, sum.HTML())
			return err
		}
		fmt.Fprintf(m.Stdout, "To: %s\nSubject: %s\n\n%s", sum.Manager, sum.Subject(), sum.Text())
		return nil
	}
	// A summary that failed for good is queued again in its place: said
	// so, with what the server answered it.
	before, had, err := m.db.OutboxByKey(ctx, sum.Key())
	if err != nil {
		return err
	}
	if pastWeek && (!had || before.Mode == keepwarm.ModeDryRun) {
		// Nothing of it failed: a past week's is never sent late, built
		// from today's data.
		what := "none was queued that week (keepwarm was not running at its summary time)"
		if had {
			what = fmt.Sprintf("it had nothing to report at %s and was not sent", before.CreatedAt.In(loc).Format("Mon 2 Jan 15:04"))
		}
		return fmt.Errorf("summary %s (%s): %s; --send --week sends a past week's summary only in place of one that failed for good (the latest, due at its time: keepwarm summary --send)", sum.Week, window, what)
	}
	if pastWeek && before.Status != keepwarm.OutboxFailed {
		said, waiting := m.summaryDecided(ctx, sum)
		fmt.Fprintf(m.Stdout, "summary %s (%s): %s\n", sum.Week, window, said)
		if waiting {
			return m.dispatchNotify(ctx)
		}
		return nil
	}
	created, err := sums.QueueByHand(ctx, sum)
	if err != nil {
		return err
	}
	if !created {
		said, waiting := m.summaryDecided(ctx, sum)
		fmt.Fprintf(m.Stdout, "summary %s (%s): %s\n", sum.Week, window, said)
		if waiting {
			return m.dispatchNotify(ctx)
		}
		return nil
	}
	if had && before.Mode != keepwarm.ModeDryRun && before.Status == keepwarm.OutboxFailed {
		why := ""
		if before.LastError != "" {
			why = " (" + keepwarm.ClipLine(before.LastError, 200) + ")"
		}
		fmt.Fprintf(m.Stdout, "summary %s (%s): the one queued at %s failed for good and reached nobody%s; it stays listed in keepwarm outbox; queued again for %s\n",
			sum.Week, window, before.CreatedAt.In(loc).Format("Mon 2 Jan 15:04"), why, sum.Manager)
		return m.dispatchNotify(ctx)
	}
	fmt.Fprintf(m.Stdout, "summary %s (%s): queued for %s\n", sum.Week, window, sum.Manager)
	return m.dispatchNotify(ctx)
}

// measureReplies brings the reply clocks up to now, as the daemon's reply
// watch does before the digest job runs.
func (m *Main) measureReplies(ctx context.Context) error {
	_, err := sequences.NewReplyWatch(m.app.ReplyConfig(), m.db, m.log).Measure(ctx, m.clock.Now())
	return err
}

// dispatchNotify sends what is due from the [notify] sender, and only from
// it (a sequence step must go through the daemon's last-second checks).
// When `keepwarm run` or a tick holds the dispatch lock, it sends instead,
// at its next sending pass.
func (m *Main) dispatchNotify(ctx context.Context) error {
	lock, err := m.lockDispatch(ctx, "digest")
	if err != nil && strings.Contains(err.Error(), "another keepwarm") {
		// A row queued by another process does not wake the holder's
		// dispatcher: it goes out at its next sending pass.
		fmt.Fprintln(m.Stdout, "another keepwarm (run or tick) holds the dispatch lock: what was queued stays queued and goes out at its next sending pass "+
			"(keepwarm run: within 5 minutes; a cron tick: at the next tick); see keepwarm outbox")
		return nil
	}
	if err != nil {
		return err
	}
	defer lock.Release()
	acct, err := m.app.NotifyAccount(ctx)
	if err != nil {
		return err
	}
	if acct.Unusable != nil {
		return fmt.Errorf("%w: what was queued stays queued", acct.Unusable)
	}
	sender, err := mailsync.NewSender([]mailsync.Account{acct}, nil, m.clock, m.log)
	if err != nil {
		return err
	}
	// Every due item of [notify] goes, the nudges held with the digest
	// among them: each gets the daemon's last look first, so a nudge about
	// mail answered meanwhile is dropped, not sent late.
	disp := mailsync.NewDispatcher(m.db, sender, m.clock, m.log, m.app.NotifyDispatcherOptions())
	res, err := disp.RunOnce(ctx, m.clock.Now())
	// An outcome the database could not record when the server answered
	// (busy with another writer) lives in this process alone: recorded
	// before it ends, or the next start finds the digest in `sending`
	// and, [notify] having no mailbox to look in, calls it uncertain.
	if ferr := disp.Flush(context.WithoutCancel(ctx)); ferr != nil {
		return fmt.Errorf("what the server answered could not be recorded: %w", ferr)
	}
	if err != nil && ctx.Err() == nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "sent %d, retrying %d, failed %d, uncertain %d\n", res.Sent, res.Retried, res.Failed, res.Uncertain)
	if res.Skipped > 0 {
		// Nudges held with it, answered or overtaken meanwhile.
		fmt.Fprintf(m.Stdout, "skipped %d at the last look before sending (why: keepwarm outbox)\n", res.Skipped)
	}
	if err != nil {
		// Stopped (a signal): what was under way is recorded; say whether
		// anything is left.
		if _, left, qerr := m.db.NextDue(context.WithoutCancel(ctx), config.NotifyMailbox); qerr != nil || left {
			return fmt.Errorf("stopped before everything was sent: the rest stays queued for `keepwarm run` or `keepwarm tick`")
		}
	}
	if res.Failed+res.Uncertain+res.Retried > 0 {
		return fmt.Errorf("not everything was sent: see keepwarm outbox")
	}
	return nil
}

func checkFormat(cmd, format string, allowed ...string) error {
	for _, a := range allowed {
		if format == a {
			return nil
		}
	}
	return usageError{fmt.Sprintf("%s: --format %q: use %s", cmd, format, strings.Join(allowed, ", "))}
}
