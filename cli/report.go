package cli

import (
	"context"
	"fmt"
	"io"
	"keepwarm"
	"strconv"
	"strings"
	"time"

	"keepwarm/sequences"
	"keepwarm/store"
)

// listLimit is how many breaches and unanswered messages the table shows;
// JSON always carries them all. The weekly summary's pointers to the
// command name the figure.
const listLimit = sequences.ReportListLimit

// reportCmd holds the reports.
type reportCmd struct {
	Replies   reportRepliesCmd   `cmd:"" help:"reply times against the target, by salesperson, customer, country or grade"`
	Pareto    reportParetoCmd    `cmd:"" help:"the customers who bring 80% of revenue, with suggested grades"`
	Sequences reportSequencesCmd `cmd:"" help:"the follow-up funnel: enrolled, answered (after which step), no answer"`
	Quiet     reportQuietCmd     `cmd:"" help:"why customers went quiet, as the calls closed found it (tasks done --reason)"`
}

// cmdReportReplies measures the reply clocks up to now and prints the report.
type reportRepliesCmd struct {
	Since  string `name:"since" help:"start: a duration back from --until (7d, 24h) or a date (2026-11-01) or RFC 3339 time" default:"7d"`
	Until  string `name:"until" help:"end: a date (that whole day counts) or RFC 3339 time; default now"`
	By     string `name:"by" enum:"salesperson,customer,country,grade" help:"group by salesperson, customer, country or grade" default:"salesperson"`
	Format string `name:"format" help:"table, csv or json" default:"table"`
}

func (opt *reportRepliesCmd) Run(ctx context.Context, m *Main) error {
	sinceArg, untilArg, by, format := &opt.Since, &opt.Until, &opt.By, &opt.Format
	switch *format {
	case "table", "csv", "json":
	default:
		return usageError{fmt.Sprintf("report replies: --format %q: use table, csv or json", *format)}
	}
	now := m.clock.Now().Truncate(time.Second)
	loc := m.cfg.TeamLocation()
	since, until, err := m.reportWindow("report replies", *sinceArg, *untilArg)
	if err != nil {
		return err
	}
	watch := sequences.NewReplyWatch(m.app.ReplyConfig(), m.db, m.log)
	if _, err := watch.Measure(ctx, now); err != nil {
		return err
	}
	filter := store.ReplyReportFilter{Since: since, Until: until, Now: now, By: *by, StandIn: m.app.ReplyConfig().StandIn}
	if *format == "json" {
		j := newReplyJSON(m.Stdout)
		if err := m.db.ReplyReportEach(ctx, filter, j.head, j.item); err != nil {
			return err
		}
		return j.end()
	}
	rep, err := m.db.ReplyReport(ctx, filter)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		return writeReplyCSV(m.Stdout, rep)
	}
	return m.writeReplyTable(ctx, rep, loc)
}

// reportWindow reads a report's --since and --until (in the team's zone):
// until defaults to now, this second included (a call closed a moment ago
// is in the report), since counts back from until.
func (m *Main) reportWindow(cmd, sinceArg, untilArg string) (since, until time.Time, err error) {
	loc := m.cfg.TeamLocation()
	until = m.clock.Now().In(loc).Truncate(time.Second).Add(time.Second)
	if untilArg != "" {
		t, ok := parseWhen(untilArg, loc, true)
		if !ok {
			return since, until, usageError{fmt.Sprintf("%s: --until %q: write a date (2026-11-30) or an RFC 3339 time", cmd, untilArg)}
		}
		until = t
	}
	since, ok := parseSince(sinceArg, until, loc)
	if !ok {
		return since, until, usageError{fmt.Sprintf("%s: --since %q: write a duration (7d, 36h) or a date (2026-11-01)", cmd, sinceArg)}
	}
	if !since.Before(until) {
		// Swapped dates or a negative duration: an empty report would read
		// as "nothing happened".
		return since, until, usageError{fmt.Sprintf("%s: --since %q is not before --until (%s): the window would be empty",
			cmd, sinceArg, until.In(loc).Format("2006-01-02 15:04"))}
	}
	return since, until, nil
}

// parseSince reads --since: "7d", "36h", "90m" back from until, or a date.
func parseSince(s string, until time.Time, loc *time.Location) (time.Time, bool) {
	if d, days, err := keepwarm.ParseDuration(s); err == nil {
		if days > 0 {
			// Calendar days in the team's zone, across a DST change too:
			// the server's zone, or an --until written with an offset,
			// would make 7d seven days and an hour.
			return until.In(loc).AddDate(0, 0, -days), true
		}
		return until.Add(-d), true
	}
	return parseWhen(s, loc, false)
}

// parseWhen reads an RFC 3339 time or a date in loc; a date means its start,
// or with endOfDay the start of the next day.
func parseWhen(s string, loc *time.Location, endOfDay bool) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		return time.Time{}, false
	}
	if endOfDay {
		t = t.AddDate(0, 0, 1)
	}
	return t, true
}

var replyCSVHeader = []string{"group", "count", "answered", "within_target", "late", "overdue", "breaches",
	"waiting", "share_within_target", "median_seconds", "p90_seconds", "worst_seconds",
	"oldest_waiting_seconds", "median_business_seconds", "p90_business_seconds", "share_within_target_business",
	"no_answer_needed", "answered_time_unknown"}

// writeReplyCSV writes one line per group and a TOTAL line: the summary a
// manager opens in a spreadsheet. Lists are in the table and JSON forms.
func writeReplyCSV(w io.Writer, rep store.ReplyReport) error {
	cw := keepwarm.NewCSVWriter(w)
	cw.Write(replyCSVHeader)
	row := func(key string, g store.ReplyGroup) {
		cw.Write(keepwarm.CSVSafe([]string{key, strconv.Itoa(g.Count), strconv.Itoa(g.Answered), strconv.Itoa(g.WithinTarget),
			strconv.Itoa(g.Late), strconv.Itoa(g.Overdue), strconv.Itoa(g.Breaches), strconv.Itoa(g.Waiting),
			csvShare(g.ShareWithinTarget), csvInt(g.MedianSeconds), csvInt(g.P90Seconds), csvInt(g.WorstSeconds),
			csvInt(g.OldestWaitingSeconds), csvInt(g.MedianBusinessSeconds), csvInt(g.P90BusinessSeconds),
			csvShare(g.ShareWithinBusiness), strconv.Itoa(g.NoAnswerNeeded), strconv.Itoa(g.AnsweredUnseen)}))
	}
	for _, g := range rep.Groups {
		row(g.Key, g)
	}
	row("TOTAL", rep.Total)
	cw.Flush()
	return cw.Error()
}

func csvInt(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func csvShare(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', 4, 64)
}

func (m *Main) writeReplyTable(ctx context.Context, rep store.ReplyReport, loc *time.Location) error {
	w := m.Stdout
	// A customer row by the customer's name (the CSV and JSON keep its key,
	// "domain:globex.de"), as the lists below name it.
	group := orDash
	if rep.By == store.ByCustomer {
		n, err := m.names(ctx)
		if err != nil {
			return err
		}
		// Cut as the lists cut a customer; two customers of one name
		// ("Globex GmbH" at globex.de and at globex.at), or of names
		// alike in their first 30 characters (two branches of one group),
		// told apart by what their keys name.
		count := map[string]int{}
		for _, g := range rep.Groups {
			count[truncate(n.customer(g.Key), 30)]++
		}
		group = func(key string) string {
			l := n.customer(key)
			if count[truncate(l, 30)] > 1 {
				if v := customerLabel(key, ""); v != l {
					return orDash(truncate(l, 30) + " (" + truncate(v, 30) + ")")
				}
			}
			return orDash(truncate(l, 30))
		}
	}
	fmt.Fprintf(w, "Reply times %s to %s %s, by %s; target %s\n", rep.Since.In(loc).Format(timeLayout),
		rep.Until.In(loc).Format(timeLayout), zoneNote(loc, rep.Until), rep.By, m.targetsLine())
	if judged := m.judgedTargets(rep); judged != "" {
		fmt.Fprintf(w, "The targets changed: this period's mail was judged with %s (each message keeps the target of its day)\n", judged)
	}
	fmt.Fprintln(w)
	tw := newTable(w)
	// WAITING counts the mail still waiting within its target, as the web
	// report's "waiting, not yet late": mail waiting past it is among the
	// BREACHES, so each line adds up (the CSV and JSON keep every figure).
	fmt.Fprintf(tw, "%s\tCOUNT\tANSWERED\tWITHIN\tBREACHES\tWAITING (NOT LATE)\tSHARE\tMEDIAN\tP90\tWORST\tMEDIAN (WORK HOURS)\n", strings.ToUpper(rep.By))
	// A salesperson by name, with the address the CSV and JSON key the row
	// by, as the lists below name them.
	label := func(key string) string {
		if name := m.personName(key); rep.By == store.BySalesperson && key != "" && name != key {
			return name + " <" + key + ">"
		}
		return group(key)
	}
	row := func(key string, g store.ReplyGroup) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n", key, g.Count, g.Answered,
			g.WithinTarget, g.Breaches, g.Waiting-g.Overdue, pct(g.ShareWithinTarget), fmtSecs(g.MedianSeconds),
			fmtSecs(g.P90Seconds), fmtSecs(g.WorstSeconds), fmtSecs(g.MedianBusinessSeconds))
	}
	for _, g := range rep.Groups {
		row(label(g.Key), g)
	}
	row("TOTAL", rep.Total)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nCOUNT = WITHIN + BREACHES (answered late, or waiting past the target) + WAITING (NOT LATE).")
	if n := rep.Total.NoAnswerNeeded; n > 0 {
		var parts []string
		for _, g := range rep.Groups {
			if g.NoAnswerNeeded > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", group(g.Key), g.NoAnswerNeeded))
			}
		}
		fmt.Fprintf(w, "\nNo answer needed (marked, not counted above): %d (%s)\n", n, strings.Join(parts, ", "))
	}
	if n := rep.Total.AnsweredUnseen; n > 0 {
		var parts []string
		for _, g := range rep.Groups {
			if g.AnsweredUnseen > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", group(g.Key), g.AnsweredUnseen))
			}
		}
		fmt.Fprintf(w, "Answered, time unknown (the customer replied to a mail keepwarm did not see, not counted above): %d (%s)\n", n, strings.Join(parts, ", "))
	}
	for _, list := range []struct {
		title string
		items []store.ReplyItem
	}{{"Breaches", rep.Breaches}, {"Unanswered", rep.Unanswered}} {
		fmt.Fprintf(w, "\n%s (%d):\n", list.title, len(list.items))
		if len(list.items) == 0 {
			continue
		}
		tw := newTable(w)
		fmt.Fprintln(tw, "THREAD\tCUSTOMER\tRECEIVED\tREPLIED\tTOOK\tBY\tSUBJECT")
		for i, it := range list.items {
			if i == listLimit {
				fmt.Fprintf(tw, "...\t%d more: use --format json for all\t\t\t\t\t\n", len(list.items)-listLimit)
				break
			}
			by := m.personName(it.RepliedBy)
			if by == "" {
				by = "(" + m.waitingOwner(it) + ")"
			}
			if it.Backup != "" && !strings.EqualFold(it.Backup, it.RepliedBy) {
				// The owner was away: their backup had the nudges.
				by += ", covered by " + m.personName(it.Backup)
			}
			s := it.Seconds
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", it.ThreadID, orDash(truncate(customerLabel(it.Customer, it.CustomerName), 30)), it.ReceivedAt.In(loc).Format(timeLayout),
				fmtTimePtr(it.RepliedAt, loc), fmtSecs(&s), by, truncate(it.Subject, 50))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// waitingOwner names whose a message nobody answered is: its owner, or,
// for mail still waiting that was handed on after its target passed, the
// owner of today, whom the desk and the nudges ask to answer it, and the
// one its breach is counted to ("Tom Wang, counted to Lily Chen").
func (m *Main) waitingOwner(it store.ReplyItem) string {
	owner := orDash(m.personName(it.Owner))
	if it.RepliedAt != nil || strings.EqualFold(it.AnswerOwner, it.Owner) {
		return owner
	}
	now := "pool"
	if it.AnswerOwner != "" {
		now = m.personName(it.AnswerOwner)
	}
	return now + ", counted to " + owner
}

// judgedTargets names the targets the report's mail was judged with
// ("10m, 30m") when some mail was judged with another target than its
// grade has today, else "": a report of last month after the targets
// changed is read against the head's target.
func (m *Main) judgedTargets(rep store.ReplyReport) string {
	r := m.cfg.Replies
	if !sequences.TargetsChanged(rep.Judged, r.ReplyTarget.Duration, r.Grades()) {
		return ""
	}
	names := make([]string, len(rep.Targets))
	for i, s := range rep.Targets {
		names[i] = shortDur(time.Duration(s) * time.Second)
	}
	return strings.Join(names, ", ")
}

// targetsLine is "10m" or "10m (A 5m, B 8m)".
func (m *Main) targetsLine() string {
	r := m.cfg.Replies
	s := shortDur(r.ReplyTarget.Duration)
	var grades []string
	for _, g := range []string{"A", "B", "C", "D", "E"} {
		if d, ok := r.GradeTargets[g]; ok {
			grades = append(grades, g+" "+shortDur(d.Duration))
		}
	}
	if len(grades) > 0 {
		s += " (" + strings.Join(grades, ", ") + ")"
	}
	return s
}

func pct(p *float64) string {
	if p == nil {
		return "-"
	}
	return keepwarm.SharePercent(*p)
}

func fmtSecs(p *int64) string {
	if p == nil {
		return "-"
	}
	return shortDur(time.Duration(*p) * time.Second)
}

// shortDur writes a duration to the smallest unit that is not zero
// (keepwarm.ShortWait), as the web report, the digest and the weekly
// summary do: a p90 of 1h00m59s cut to 1h00m read as a 1h target met.
func shortDur(d time.Duration) string { return keepwarm.ShortWait(d) }
