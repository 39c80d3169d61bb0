package sequences

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"keepwarm"
)

// DefaultFunnelWindow is how far back the weekly summary's sequence funnel
// looks: sequences run for weeks, so one week's enrollments would all
// still be running.
const DefaultFunnelWindow = 28 * 24 * time.Hour

// summaryBreaches is how many breaches the summary lists.
const summaryBreaches = 20

// ReportListLimit is how many breaches, and how many unanswered messages,
// the table of `keepwarm report replies` lists; its --format json lists
// every one. The summary's pointers to that command say so.
const ReportListLimit = 50

// summaryOlder is how many of the mail still waiting from before the week
// the summary lists, as many as the web report lists.
const summaryOlder = 5

// SummaryConfig is the manager's weekly summary: to whom, when (in the
// team's zone) and from which sender.
type SummaryConfig struct {
	Manager      string
	Weekday      time.Weekday   // default Monday (the zero value is Sunday: cmd sets it)
	At           time.Duration  // since local midnight (0 is midnight); cmd sets it, "08:30" by default
	Location     *time.Location // the team's zone; nil = UTC
	FunnelWindow time.Duration  // default DefaultFunnelWindow
	Target       time.Duration  // the reply target, as shown
	// GradeTargets are the grades' own reply targets ("A"), shown beside
	// Target.
	GradeTargets map[string]time.Duration
	// Names maps salespeople's emails to their names for the table.
	Names         map[string]string
	NotifyMailbox string
	NotifyFrom    keepwarm.Address
	OnQueued      func()
	// WebURL is the web application's base_url: the mail still waiting
	// from before the week links to its page ("": not served).
	WebURL string
}

// Summary is the manager's weekly summary of the 7 days before Until.
type Summary struct {
	Manager string `json:"manager"`
	Week    string `json:"week"` // ISO week of the summary's day: "2026-W46"
	// SummaryOf is the ISO week this is the summary of, as its first line
	// names it and --week takes it: Week, when built at that week's
	// summary time; "" when built at another time (keepwarm summary on a
	// Wednesday), which covers other days than Week's summary: then
	// LastSummaryWeek is the week of the last summary due, at
	// LastSummaryDue (the week --week prints).
	SummaryOf       string     `json:"summary_of_week"`
	LastSummaryWeek string     `json:"last_summary_week,omitempty"`
	LastSummaryDue  *time.Time `json:"last_summary_due,omitempty"`
	Since           time.Time  `json:"since"`
	Until           time.Time  `json:"until"`
	TimeZone        string     `json:"time_zone"`
	Now             time.Time  `json:"generated_at"`
	Target          int64      `json:"target_seconds,omitempty"`
	// GradeTargets are the grades' own targets in seconds ("A": 7200).
	GradeTargets map[string]int64 `json:"grade_target_seconds,omitempty"`
	Replies      ReplyTable       `json:"replies"`
	// OlderWaiting is the customer mail that came before the week and is
	// still waiting past its target at the summary's time, the longest
	// waiting first: the first summaryOlder of them, OlderWaitingCount in
	// all. None of the week's figures counts it.
	OlderWaiting      []ReplyBreach `json:"older_waiting"`
	OlderWaitingCount int           `json:"older_waiting_count"`
	Funnel            FunnelReport  `json:"funnel"`
	// Greetings and Letters sent in the week; GreetingsDrafted and
	// LettersDrafted placed in the owners' Drafts (draft mode: nothing
	// went to a customer until a person sent it).
	Greetings        int `json:"greetings_sent"`
	Letters          int `json:"letters_sent"`
	GreetingsDrafted int `json:"greetings_drafted"`
	LettersDrafted   int `json:"letters_drafted"`
	// Covers are what backups were nudged about for absent colleagues.
	Covers []Cover `json:"covers,omitempty"`
	// Quiet is why customers went quiet, as the week's calls found it.
	Quiet QuietReport `json:"quiet"`

	names     map[string]string
	customers map[string]string // customer names by key
	loc       *time.Location
	web       string // base_url without its last "/" ("": not served)
	mark      string // brackets the addresses the HTML part makes links of
	// adHoc: built for a day and time that is not its week's summary time
	// (keepwarm summary on another day): not the summary of Week, which
	// its text does not name; last is the week whose summary was last due
	// then, at lastDue.
	adHoc   bool
	last    string
	lastDue time.Time
}

// named is the ISO week the summary's text names: its Week when
// it is that week's summary, else "".
func (s Summary) named() string {
	if s.adHoc {
		return ""
	}
	return s.Week
}

// Key is the summary's outbox key: "summary:<yyyy-Www>", once per ISO week.
func (s Summary) Key() string { return "summary:" + s.Week }

// Empty reports whether the week had nothing at all to show. Customer mail
// all marked "no answer needed" is something to show: the subject says so.
func (s Summary) Empty() bool {
	return s.Replies.Total.Count == 0 && s.Replies.Total.NoAnswerNeeded == 0 && s.Replies.Total.AnsweredUnseen == 0 && s.OlderWaitingCount == 0 && s.Funnel.Total.Enrolled == 0 && s.Greetings+s.Letters+s.GreetingsDrafted+s.LettersDrafted == 0 &&
		len(s.Covers) == 0 && len(s.Quiet.Calls) == 0
}

// Summaries builds the weekly summary and, as an engine Job, queues it once
// per ISO week on the configured weekday and time.
type Summaries struct {
	cfg SummaryConfig
	src DigestSource
	log *slog.Logger

	mu   sync.Mutex
	done string // the week already decided
}

// NewSummaries fills cfg's defaults and returns the builder and job.
func NewSummaries(cfg SummaryConfig, src DigestSource, log *slog.Logger) *Summaries {
	// At is taken as given: 0 is midnight (summary_time = "00:00").
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	if cfg.FunnelWindow <= 0 {
		cfg.FunnelWindow = DefaultFunnelWindow
	}
	return &Summaries{cfg: cfg, src: src, log: log}
}

// Name names the job in the engine's logs.
func (s *Summaries) Name() string { return "summary" }

// Build gathers the summary of the 7 days before the start of now's day
// (team zone): on a Monday, the previous ISO week. It reads the store only.
func (s *Summaries) Build(ctx context.Context, now time.Time) (Summary, error) {
	day := midnight(now.In(s.cfg.Location))
	y, w := day.ISOWeek()
	sum := Summary{Manager: s.cfg.Manager, Week: fmt.Sprintf("%04d-W%02d", y, w), Since: day.AddDate(0, 0, -7),
		Until: day, TimeZone: s.cfg.Location.String(), Now: now, Target: int64(s.cfg.Target / time.Second),
		GradeTargets: gradeTargetSeconds(s.cfg.GradeTargets), names: s.cfg.Names, loc: s.cfg.Location,
		web: strings.TrimRight(s.cfg.WebURL, "/")}
	sum.SummaryOf = sum.Week
	// Run, Latest and OfWeek build at the week's summary time; any other
	// time (keepwarm summary on a Wednesday) covers other days than the
	// summary of its ISO week, which keepwarm summary --week prints.
	if slot := s.slotOfWeek(now); !midnight(slot).Equal(day) || now.Before(slot) {
		if now.Before(slot) {
			slot = s.slotOfWeek(slot.AddDate(0, 0, -7))
		}
		ly, lw := slot.ISOWeek()
		sum.adHoc, sum.last, sum.lastDue = true, fmt.Sprintf("%04d-W%02d", ly, lw), slot
		due := slot.In(s.cfg.Location)
		sum.SummaryOf, sum.LastSummaryWeek, sum.LastSummaryDue = "", sum.last, &due
	}
	var err error
	if sum.customers, err = s.src.CustomerNames(ctx); err != nil {
		return Summary{}, fmt.Errorf("summary: customer names: %w", err)
	}
	if sum.Replies, err = s.src.Replies(ctx, sum.Since, sum.Until, now); err != nil {
		return Summary{}, fmt.Errorf("summary: reply times: %w", err)
	}
	if sum.OlderWaiting, sum.OlderWaitingCount, err = s.src.OlderWaiting(ctx, sum.Since, now, summaryOlder); err != nil {
		return Summary{}, fmt.Errorf("summary: mail still waiting from before the week: %w", err)
	}
	enrs, err := s.src.Enrollments(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("summary: sequences: %w", err)
	}
	// Whole calendar days back, so a DST change inside the window still
	// starts it at midnight, on the day the summary names.
	from := day.AddDate(0, 0, -max(1, int(s.cfg.FunnelWindow/(24*time.Hour))))
	dry, err := s.src.DryRunEnrollments(ctx, from, day)
	if err != nil {
		return Summary{}, fmt.Errorf("summary: sequences: %w", err)
	}
	sum.Funnel = BuildFunnel(enrs, dry, from, day)
	if sum.Covers, err = s.src.Covers(ctx, sum.Since, sum.Until); err != nil {
		return Summary{}, fmt.Errorf("summary: backups: %w", err)
	}
	calls, err := s.src.Calls(ctx, sum.Since, sum.Until)
	if err != nil {
		return Summary{}, fmt.Errorf("summary: calls: %w", err)
	}
	sum.Quiet = BuildQuiet(calls, sum.Since, sum.Until)
	done := []keepwarm.OutboxStatus{keepwarm.OutboxSent, keepwarm.OutboxDrafted}
	for _, c := range []struct {
		origin        string
		sent, drafted *int
	}{{OriginGreeting, &sum.Greetings, &sum.GreetingsDrafted}, {OriginLetter, &sum.Letters, &sum.LettersDrafted}} {
		items, err := s.src.Outbox(ctx, keepwarm.OutboxFilter{Origin: c.origin, Status: done})
		if err != nil {
			return Summary{}, fmt.Errorf("summary: %ss sent: %w", c.origin, err)
		}
		for _, it := range items {
			if it.SentAt.Before(sum.Since) || !it.SentAt.Before(sum.Until) {
				continue
			}
			if it.Status == keepwarm.OutboxDrafted {
				*c.drafted++
			} else {
				*c.sent++
			}
		}
	}
	return sum, nil
}

// Run queues the summary once its weekday and time have come in the
// current ISO week (later the same week when the daemon was down then),
// once per week, and returns the next summary time.
func (s *Summaries) Run(ctx context.Context, now time.Time) (time.Time, error) {
	slot := s.slotOfWeek(now)
	next := slot
	if !now.Before(slot) {
		next = s.slotOfWeek(slot.AddDate(0, 0, 7))
	}
	if s.cfg.NotifyMailbox == "" || s.cfg.Manager == "" || now.Before(slot) {
		return next, nil
	}
	y, w := slot.ISOWeek()
	week := fmt.Sprintf("%04d-W%02d", y, w)
	s.mu.Lock()
	decided := s.done == week
	s.mu.Unlock()
	if decided {
		return next, nil
	}
	have, err := s.src.OutboxKeys(ctx, []string{"summary:" + week})
	if err != nil {
		return next, fmt.Errorf("summary: %w", err)
	}
	if !have["summary:"+week] {
		sum, err := s.Build(ctx, slot)
		if err != nil {
			return next, err
		}
		sum.Now = now
		if sum.Empty() {
			// Recorded, not only remembered: under cron every tick is a
			// new process, which would build the week again on every
			// tick, and send it days late once mail synced late made it
			// non-empty.
			if err := s.recordEmpty(ctx, sum); err != nil {
				return next, err
			}
			s.log.Info("weekly summary empty: nothing sent", "week", week)
		} else if _, err := s.Queue(ctx, sum); err != nil {
			return next, err
		}
	}
	s.mu.Lock()
	s.done = week
	s.mu.Unlock()
	return next, nil
}

// Latest builds the most recent summary whose time has come at now: this
// ISO week's once its weekday and time have passed, else the week
// before's; the same window and key Run gives that week, so sending it by
// hand never takes the week's key for another window.
func (s *Summaries) Latest(ctx context.Context, now time.Time) (Summary, error) {
	slot := s.slotOfWeek(now)
	if now.Before(slot) {
		slot = s.slotOfWeek(slot.AddDate(0, 0, -7))
	}
	sum, err := s.Build(ctx, slot)
	if err != nil {
		return Summary{}, err
	}
	sum.Now = now
	return sum, nil
}

// OfWeek is the summary of the ISO week week ("2026-W46") as its mail had
// it: the 7 days before that week's summary day, as of its summary time
// (Now is now). A week whose summary time is still ahead at now, or a
// malformed week, is EINVALID.
func (s *Summaries) OfWeek(ctx context.Context, week string, now time.Time) (Summary, error) {
	var y, w int
	if n, err := fmt.Sscanf(week, "%4d-W%2d", &y, &w); err != nil || n != 2 || len(week) != 8 || w < 1 || w > 53 {
		last := s.slotOfWeek(now)
		if now.Before(last) {
			last = s.slotOfWeek(last.AddDate(0, 0, -7))
		}
		ly, lw := last.In(s.cfg.Location).ISOWeek()
		return Summary{}, keepwarm.Errorf(keepwarm.EINVALID, "week %q: write it as an ISO week, e.g. %d-W%02d, the week the summary sent %s was sent in, as its first line names it", week,
			ly, lw, last.In(s.cfg.Location).Format("Mon 2 Jan"))
	}
	jan4 := time.Date(y, time.January, 4, 12, 0, 0, 0, s.cfg.Location)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(w-1))
	if gy, gw := monday.ISOWeek(); gy != y || gw != w {
		return Summary{}, keepwarm.Errorf(keepwarm.EINVALID, "week %q: %d has no week %d", week, y, w)
	}
	slot := s.slotOfWeek(monday)
	if slot.After(now) {
		return Summary{}, keepwarm.Errorf(keepwarm.EINVALID, "week %s: its summary is due at %s, still ahead", week,
			slot.In(s.cfg.Location).Format("Mon 2 Jan 2006 15:04"))
	}
	sum, err := s.Build(ctx, slot)
	if err != nil {
		return Summary{}, err
	}
	sum.Now = now
	return sum, nil
}

// slotOfWeek is the summary time in t's ISO week (Monday to Sunday).
func (s *Summaries) slotOfWeek(t time.Time) time.Time {
	day := midnight(t.In(s.cfg.Location))
	monday := day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	return wallTime(s.cfg.Location, monday.AddDate(0, 0, (int(s.cfg.Weekday)+6)%7), s.cfg.At)
}

// Queue writes the summary to the outbox for the [notify] sender to deliver
// to the manager; created is false when that week's was queued before.
func (s *Summaries) Queue(ctx context.Context, sum Summary) (bool, error) {
	return s.queue(ctx, sum, s.src.Enqueue)
}

// QueueByHand is Queue for a person who asks for the week's summary
// (summary --send): a week found empty at its time and no longer empty
// (its mail synced late) is queued in place of the record that it was
// empty; one whose mail failed for good (the [notify] server refused it,
// or it ran out of attempts: it reached nobody, and next week's covers only
// its own days) is queued again in its place, the failed item kept in the
// outbox under another key. One sent, queued or uncertain is not. Still
// empty, it queues nothing: it records the week as empty when nothing is
// under its key yet (no run was there at the week's time: keepwarm was
// down, or [digest] is disabled and cron asks by hand), as Run does, and
// created is false.
func (s *Summaries) QueueByHand(ctx context.Context, sum Summary) (bool, error) {
	if sum.Empty() {
		if s.cfg.NotifyMailbox == "" || s.cfg.Manager == "" {
			return false, keepwarm.Errorf(keepwarm.EINVALID, "the weekly summary needs a [notify] sender and team.manager")
		}
		// Enqueue keeps whatever is under the key already.
		return false, s.recordEmpty(ctx, sum)
	}
	return s.queue(ctx, sum, s.src.EnqueueOverFailed)
}

func (s *Summaries) queue(ctx context.Context, sum Summary, enqueue func(context.Context, keepwarm.OutboxItem) (keepwarm.OutboxItem, bool, error)) (bool, error) {
	if s.cfg.NotifyMailbox == "" || s.cfg.Manager == "" {
		return false, keepwarm.Errorf(keepwarm.EINVALID, "the weekly summary needs a [notify] sender and team.manager")
	}
	if sum.Empty() {
		return false, keepwarm.Errorf(keepwarm.EINVALID, "the weekly summary %s is empty: nothing to send", sum.Week)
	}
	item := notifyItem(sum.Key(), s.cfg.NotifyMailbox, s.cfg.NotifyFrom, keepwarm.Address{Email: s.cfg.Manager},
		sum.Subject(), sum.Text(), sum.HTML(), OriginSummary, sum.Now)
	_, created, err := enqueue(ctx, item)
	if err != nil {
		return false, fmt.Errorf("summary %s: queue: %w", sum.Week, err)
	}
	if created {
		s.log.Info("weekly summary queued", "week", sum.Week, "to", s.cfg.Manager)
		if s.cfg.OnQueued != nil {
			s.cfg.OnQueued()
		}
	}
	return created, nil
}

// recordEmpty writes the week's decision "empty: not sent" to the outbox as
// a dry-run item under the summary's key, as the digest records an empty
// day.
func (s *Summaries) recordEmpty(ctx context.Context, sum Summary) error {
	item := notifyItem(sum.Key(), s.cfg.NotifyMailbox, s.cfg.NotifyFrom, keepwarm.Address{Email: s.cfg.Manager},
		"keepwarm weekly summary "+sum.Week+": nothing to report (not sent)", "", "", OriginSummary, sum.Now)
	item.Mode = keepwarm.ModeDryRun
	if _, _, err := s.src.Enqueue(ctx, item); err != nil {
		return fmt.Errorf("summary %s: record the empty week: %w", sum.Week, err)
	}
	return nil
}

// Subject is the summary's subject line.
func (s Summary) Subject() string {
	// No ISO week here: the key's week is the week it is sent in, the
	// week after the days it covers, and "2026-W48: 16 Nov to 22 Nov"
	// would read as a wrong week to anyone counting weeks (the intro
	// names it with what it is).
	subj := "keepwarm weekly summary "
	subj += fmt.Sprintf("%s to %s", s.Since.In(s.location()).Format("2 Jan"),
		s.Until.AddDate(0, 0, -1).In(s.location()).Format("2 Jan 2006"))
	if t := s.Replies.Total; t.Count == 0 && t.NoAnswerNeeded+t.AnsweredUnseen > 0 {
		// None counted: not "0 customer emails", and "all marked" only
		// when every one was marked (an answer keepwarm did not see is
		// no mark).
		n := t.NoAnswerNeeded + t.AnsweredUnseen
		switch {
		case t.AnsweredUnseen == 0:
			subj += fmt.Sprintf(": %s, all marked no answer needed", customerEmails(n))
		case t.NoAnswerNeeded == 0 && n == 1:
			subj += ": 1 customer email, answered (time unknown)"
		case t.NoAnswerNeeded == 0:
			subj += fmt.Sprintf(": %s, all answered (time unknown)", customerEmails(n))
		default:
			subj += fmt.Sprintf(": %s: %d marked no answer needed, %d answered (time unknown)", customerEmails(n), t.NoAnswerNeeded, t.AnsweredUnseen)
		}
	} else if t.Count > 0 {
		subj += ": " + customerEmails(t.Count)
		if t.Share != nil {
			subj += ", " + keepwarm.SharePercent(*t.Share) + " within target"
		}
	} else if s.OlderWaitingCount > 0 {
		// No customer mail in the week: say why it was sent at all.
		subj += fmt.Sprintf(": %s still waiting from before", customerEmails(s.OlderWaitingCount))
	}
	return subj
}

// customerEmails is "1 customer email", "3 customer emails".
func customerEmails(n int) string {
	if n == 1 {
		return "1 customer email"
	}
	return fmt.Sprintf("%d customer emails", n)
}

func (s Summary) location() *time.Location {
	if s.loc != nil {
		return s.loc
	}
	if loc, err := time.LoadLocation(s.TimeZone); err == nil && s.TimeZone != "" {
		return loc
	}
	return time.UTC
}

func (s Summary) sections() []section {
	var out []section
	loc := s.location()
	if t := s.Replies.Total; t.Count > 0 || t.NoAnswerNeeded > 0 || t.AnsweredUnseen > 0 {
		w := enDigestWords
		sec := section{Title: "Reply times", Note: fmt.Sprintf("Customer emails that arrived in the week; target %s.",
			targetsText(s.Target, s.GradeTargets, w.figure, w.grade, w.label, w.nameSep))}
		if targetsChangedSeconds(s.Replies.Judged, s.Target, s.GradeTargets) {
			// Each clock keeps the target of its day: the share above
			// is not all of it against today's target.
			judged := make([]string, len(s.Replies.Targets))
			for i, target := range s.Replies.Targets {
				judged[i] = figureWait(time.Duration(target) * time.Second)
			}
			sec.Note += " The targets changed: this week's mail was judged with " + strings.Join(judged, ", ") +
				" (each message keeps the target of its day)."
		}
		if t.Count > 0 {
			sec.Table = [][]string{{"Salesperson", "Count", "Within", "Median", "P90", "Breaches"}}
		}
		row := func(name string, f ReplyFigures) {
			if t.Count == 0 {
				return // every one was marked: no figures, the line below says so
			}
			sec.Table = append(sec.Table, []string{name, strconv.Itoa(f.Count), sharePct(f.Share), secs(f.Median), secs(f.P90), strconv.Itoa(f.Breaches)})
			if f.Share != nil {
				sec.Bars = append(sec.Bars, mailBar{Label: name, Text: sharePct(f.Share) + " within target", Share: *f.Share})
			}
		}
		for _, f := range s.Replies.People {
			row(orDash(s.person(f.Key)), f)
		}
		row("Team", t)
		if t.NoAnswerNeeded > 0 {
			// Marked mail counts in no figure above: say how much, and whose.
			var by []string
			for _, f := range s.Replies.People {
				if f.NoAnswerNeeded > 0 {
					by = append(by, fmt.Sprintf("%s %d", orDash(s.person(f.Key)), f.NoAnswerNeeded))
				}
			}
			sec.Items = append(sec.Items, fmt.Sprintf("No answer needed (marked, not counted above): %d (%s)", t.NoAnswerNeeded, strings.Join(by, ", ")))
		}
		if t.AnsweredUnseen > 0 {
			// Answered by mail keepwarm never saw: whose, not how fast.
			var by []string
			for _, f := range s.Replies.People {
				if f.AnsweredUnseen > 0 {
					by = append(by, fmt.Sprintf("%s %d", orDash(s.person(f.Key)), f.AnsweredUnseen))
				}
			}
			sec.Items = append(sec.Items, fmt.Sprintf("Answered, time unknown (the customer replied to a mail keepwarm did not see, not counted above): %d (%s)", t.AnsweredUnseen, strings.Join(by, ", ")))
		}
		out = append(out, sec)
	}
	if b := s.Replies.Breaches; len(b) > 0 {
		sec := section{Title: fmt.Sprintf("Breaches (%d)", len(b)), Note: "Answered after the target, or still waiting past it."}
		if len(b) > summaryBreaches {
			sec.Note = fmt.Sprintf("Answered after the target, or still waiting past it; %d of them, oldest first: every one still waiting, from the longest waiting, then the most recently answered late.", summaryBreaches)
			sec.More = fmt.Sprintf("%d more not listed here: keepwarm report replies --since %s --until %s --format json lists every one (its table stops at %d).",
				len(b)-summaryBreaches, s.Since.In(loc).Format(time.DateOnly), s.Until.AddDate(0, 0, -1).In(loc).Format(time.DateOnly), ReportListLimit)
			listed := ListedBreaches(len(b), summaryBreaches, func(i int) bool { return !b[i].Answered })
			var shown []ReplyBreach
			for i, r := range b {
				if listed[i] {
					shown = append(shown, r)
				}
			}
			b = shown
		}
		for _, r := range b {
			by := s.person(r.RepliedBy)
			if !r.Answered {
				by = "still waiting, owner " + orDash(s.person(r.Owner))
				if r.AnswerOwner != "" && !strings.EqualFold(r.AnswerOwner, r.Owner) {
					// Handed on after its target passed: the new owner is
					// asked to answer it; the breach stays counted.
					by = "still waiting, owner " + s.person(r.AnswerOwner) + " (counted to " + orDash(s.person(r.Owner)) + ")"
				}
			}
			sec.Items = append(sec.Items, fmt.Sprintf("%s: %q arrived %s, %s (%s)", customerName(s.customers, r.Customer), orNoSubject(r.Subject),
				r.ReceivedAt.In(loc).Format("Mon 2 Jan 15:04"), figureWait(time.Duration(r.Seconds)*time.Second), by))
		}
		out = append(out, sec)
	}
	if s.OlderWaitingCount > 0 {
		out = append(out, s.olderSection(loc))
	}
	if f := s.Funnel; f.Total.Enrolled > 0 {
		// The funnel's bounds are kept in UTC: the day before Until is
		// taken in the team's zone, so the week the clocks go forward
		// still ends on the last day counted.
		sec := section{Title: "Follow-up sequences",
			Note: fmt.Sprintf("Threads enrolled %s to %s and what became of them.", f.Since.In(loc).Format("2 Jan"),
				f.Until.In(loc).AddDate(0, 0, -1).Format("2 Jan"))}
		// Every enrollment falls in exactly one column, so a row adds up to
		// Enrolled: "Stopped/other" is stopped by a person, superseded by a
		// newer thread, or failed. "Answered" is answered by mail; "By
		// phone" the follow-ups its call ended, the mails unanswered; "Dry
		// run" those whose every step was only recorded (nothing sent).
		sec.Table = [][]string{{"Sequence", "Enrolled", "Answered", "By phone", "No answer", "Bounced", "Opted out", "Stopped/other", "Dry run", "Running"}}
		for _, fn := range append(f.Sequences, f.Total) {
			name := fn.Sequence
			if name == "total" {
				name = "All"
			}
			sec.Table = append(sec.Table, []string{name, strconv.Itoa(fn.Enrolled), strconv.Itoa(fn.Answered),
				strconv.Itoa(fn.AnsweredByPhone), strconv.Itoa(fn.NoAnswer), strconv.Itoa(fn.Bounced), strconv.Itoa(fn.OptedOut),
				strconv.Itoa(fn.Stopped + fn.Superseded + fn.Failed), strconv.Itoa(fn.DryRun), running(fn)})
		}
		for _, fn := range f.Sequences {
			if len(fn.AnsweredAfter) > 0 {
				sec.Items = append(sec.Items, fn.Sequence+" answered "+answeredAfter(fn.AnsweredAfter))
			}
		}
		out = append(out, sec)
	}
	if len(s.Quiet.Calls) > 0 {
		out = append(out, s.quietSection())
	}
	if len(s.Covers) > 0 {
		out = append(out, s.coverSection(loc))
	}
	if s.Greetings+s.Letters+s.GreetingsDrafted+s.LettersDrafted > 0 {
		sec := section{Title: "Greetings and letters"}
		if s.Greetings+s.Letters > 0 {
			sec.Items = append(sec.Items, fmt.Sprintf("%d greeting(s) and %d monthly letter(s) sent", s.Greetings, s.Letters))
		}
		if s.GreetingsDrafted+s.LettersDrafted > 0 {
			sec.Items = append(sec.Items, fmt.Sprintf("%d greeting(s) and %d monthly letter(s) placed in Drafts for the salespeople to send (draft mode: not sent by keepwarm)",
				s.GreetingsDrafted, s.LettersDrafted))
		}
		out = append(out, sec)
	}
	return out
}

// ListedBreaches picks which of n breaches, oldest first, a list capped at
// limit shows (true): every one still waiting (waiting(i)), from the one
// waiting longest, since a forgotten customer is what the list is for and
// the only breach anyone can still act on, then the most recent of those
// answered late. The web report's breaches and the weekly summary's pick
// the same way.
func ListedBreaches(n, limit int, waiting func(i int) bool) []bool {
	listed := make([]bool, n)
	shown := 0
	for i := range n {
		if shown < limit && waiting(i) {
			listed[i] = true
			shown++
		}
	}
	for i := n - 1; i >= 0 && shown < limit; i-- {
		if !listed[i] && !waiting(i) {
			listed[i] = true
			shown++
		}
	}
	return listed
}

// olderSection names the customer mail that came before the week and is
// still waiting past its target: in none of the week's figures, and the
// customers most forgotten of all.
func (s Summary) olderSection(loc *time.Location) section {
	counted := "counted in none of the figures above"
	if t := s.Replies.Total; t.Count == 0 && t.NoAnswerNeeded == 0 && t.AnsweredUnseen == 0 {
		counted = "counted in none of the week's figures" // there are none above
	}
	sec := section{Title: fmt.Sprintf("Still waiting from before this week (%d)", s.OlderWaitingCount),
		Note: "Customer emails that came before the week and are still waiting past their target, " + counted +
			"; the longest waiting first. Answer it, or mark it \"no answer needed\" (on the desk, or keepwarm replies done ID), to take it off this list."}
	for _, r := range s.OlderWaiting {
		owner := orDash(s.person(r.Owner))
		if r.AnswerOwner != "" && !strings.EqualFold(r.AnswerOwner, r.Owner) {
			// Handed on after its target passed, or its owner left the
			// team: the owner of today, or who has its nudges, is named
			// as the web report names them ("owner now"), not as
			// "counted to", which the note above says it is not.
			owner += " (owner now " + s.person(r.AnswerOwner) + ")"
		} else if r.AnswerOwner == "" && r.Owner != "" {
			// Nobody's now: the customer went to the pool, with nobody
			// to answer it or be nudged.
			owner += " (owner now (pool))"
		}
		item := fmt.Sprintf("%s: %q arrived %s, waiting %s (owner %s; message %d)", customerName(s.customers, r.Customer),
			orNoSubject(r.Subject), r.ReceivedAt.In(loc).Format("Mon 2 Jan 2006 15:04"), figureWait(time.Duration(r.Seconds)*time.Second),
			owner, r.MessageID)
		if s.web != "" && r.MessageID != 0 {
			item += " " + s.mark + s.web + fmt.Sprintf("/messages/%d", r.MessageID) + s.mark
		}
		sec.Items = append(sec.Items, item)
	}
	if more := s.OlderWaitingCount - len(s.OlderWaiting); more > 0 && len(s.OlderWaiting) > 0 {
		sec.More = fmt.Sprintf("%d more not listed here: keepwarm report replies --since %s --until %s --format json lists every one among the unanswered (its table stops at %d).",
			more, s.OlderWaiting[0].ReceivedAt.In(loc).Format(time.DateOnly), s.Since.AddDate(0, 0, -1).In(loc).Format(time.DateOnly), ReportListLimit)
	}
	return sec
}

// answeredAfter writes "before any follow-up: 2, after step 1: 1".
func answeredAfter(steps []FunnelStep) string {
	var out string
	for i, st := range steps {
		if i > 0 {
			out += ", "
		}
		if st.StepsDone == 0 {
			out += fmt.Sprintf("before any follow-up: %d", st.Count)
		} else {
			out += fmt.Sprintf("after step %d: %d", st.StepsDone, st.Count)
		}
	}
	return out
}

func sharePct(p *float64) string {
	if p == nil {
		return "-"
	}
	return keepwarm.SharePercent(*p)
}

func (s Summary) intro() string {
	intro := fmt.Sprintf("The team's week, %s to %s (%s).", s.Since.In(s.location()).Format("Mon 2 Jan"),
		s.Until.AddDate(0, 0, -1).In(s.location()).Format("Mon 2 Jan 2006"), s.TimeZone)
	switch {
	case s.named() != "":
		intro += fmt.Sprintf(" This is the summary %s (the week it was sent in): keepwarm summary --week %s prints it again.", s.Week, s.Week)
	case s.last != "":
		intro += fmt.Sprintf(" This is not a week's summary: the last one, due %s, is keepwarm summary --week %s.",
			s.lastDue.In(s.location()).Format("Mon 2 Jan"), s.last)
	}
	return intro
}

const summaryFooter = "keepwarm weekly summary. Details: keepwarm report replies, keepwarm report sequences."

// Text is the plain-text summary.
func (s Summary) Text() string {
	return withoutControls(renderText(s.intro(), s.sections(), summaryFooter))
}

// HTML is the summary as simple single-column HTML.
func (s Summary) HTML() string {
	s.mark = newLinkMark()
	return withoutControls(linked(renderHTML(s.Subject(), s.intro(), s.sections(), summaryFooter), s.mark))
}

// Cover is a customer message a backup was nudged about while its owner
// was away, and how it was answered, or who marked it as needing no
// answer (WaivedBy; an answer that came all the same wins).
type Cover struct {
	Backup    string    `json:"backup"`
	Person    string    `json:"away"`
	MessageID int64     `json:"message_id"`
	Customer  string    `json:"customer"`
	Subject   string    `json:"subject"`
	At        time.Time `json:"nudged_at"`
	RepliedBy string    `json:"replied_by,omitempty"`
	RepliedAt time.Time `json:"replied_at,omitzero"`
	WaivedBy  string    `json:"no_answer_needed_by,omitempty"`
	// AnsweredUnseen: answered by mail keepwarm never saw (the customer
	// replied to it), when not known.
	AnsweredUnseen bool `json:"answered_time_unknown,omitempty"`
}

// person is a team member's name, else their address.
func (s Summary) person(email string) string {
	if n := s.names[email]; n != "" {
		return n
	}
	return email
}

// coverSection lists, per backup, what they handled for whom.
func (s Summary) coverSection(loc *time.Location) section {
	name := s.person
	sec := section{Title: "Backups", Note: "Customer emails of a salesperson who was away, nudged to whoever covered."}
	covers := s.Covers
	if len(covers) > DigestListLimit {
		sec.Title = fmt.Sprintf("Backups (%d)", len(covers))
		cmd := "keepwarm summary --format json" // the same days, run the same day
		if w := s.named(); w != "" {
			cmd = "keepwarm summary --week " + w + " --format json"
		}
		sec.More = fmt.Sprintf("%d more not listed here: %s lists every one.", len(covers)-DigestListLimit, cmd)
		covers = covers[:DigestListLimit]
	}
	for _, c := range covers {
		how := "still waiting"
		switch {
		case !c.RepliedAt.IsZero():
			how = "answered by " + name(c.RepliedBy)
		case c.WaivedBy != "":
			how = "no answer needed (marked by " + name(c.WaivedBy) + ")"
		case c.AnsweredUnseen:
			how = "answered by a mail keepwarm did not see (time unknown)"
		}
		sec.Items = append(sec.Items, fmt.Sprintf("%s for %s: %s, %q (%s), %s", name(c.Backup), name(c.Person),
			customerName(s.customers, c.Customer), orNoSubject(c.Subject), c.At.In(loc).Format("Mon 2 Jan 15:04"), how))
	}
	return sec
}

// quietSection is why customers went quiet: the week's calls by reason,
// and what each call found.
func (s Summary) quietSection() section {
	sec := section{Title: "Why customers went quiet", Note: "The calls closed in the week, by what the customer said."}
	sec.Table = [][]string{{"Reason", "Calls"}}
	for _, c := range s.Quiet.Reasons {
		sec.Table = append(sec.Table, []string{c.Label, strconv.Itoa(c.Calls)})
	}
	calls := s.Quiet.Calls
	if len(calls) > DigestListLimit {
		sec.More = fmt.Sprintf("%d more not listed here: keepwarm report quiet --since %s --until %s lists every one.",
			len(calls)-DigestListLimit, s.Since.In(s.location()).Format(time.DateOnly), s.Until.AddDate(0, 0, -1).In(s.location()).Format(time.DateOnly))
		calls = calls[:DigestListLimit]
	}
	for _, t := range calls {
		sec.Items = append(sec.Items, fmt.Sprintf("%s (%s): %s", customerName(s.customers, t.Customer), orDash(s.person(t.Owner)), orDash(CallSaid(t))))
	}
	return sec
}

// running is the funnel's Running cell: how many, and how many of them wait
// for a customer who is out of office.
func running(f Funnel) string {
	if f.OutOfOffice == 0 {
		return strconv.Itoa(f.Running)
	}
	return fmt.Sprintf("%d (%d out of office)", f.Running, f.OutOfOffice)
}
