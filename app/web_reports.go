package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/book"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/web"
)

// ReportDays is the period the console's reports cover.
const ReportDays = 30

// Report is one of the console's reports from the store's report queries
// (the ones `keepwarm report` prints), scoped to the person's own rows for
// a salesperson.
func (b *WebBackend) Report(ctx context.Context, p web.Person, name string, now time.Time) (web.Report, error) {
	// Whole days in the team's zone: the period the page names by its
	// dates, from midnight ReportDays days back.
	lt := now.In(b.teamLocation())
	since := time.Date(lt.Year(), lt.Month(), lt.Day()-ReportDays, 0, 0, 0, 0, lt.Location())
	until := now.Truncate(time.Second).Add(time.Second) // this second included: a call closed a moment ago counts
	switch name {
	case "replies":
		rep, err := b.d.DB.ReplyReport(ctx, store.ReplyReportFilter{Since: since, Until: until, Now: now, By: store.BySalesperson, StandIn: b.d.StandIn})
		if err != nil {
			return web.Report{}, err
		}
		out := web.Report{Title: "Reply times, last 30 days", Note: "Share of customer mail answered within its target, median and 90th percentile per salesperson; breaches are answered late or still waiting past the target; mail marked “no answer needed”, and mail answered by mail keepwarm did not see (the customer replied to it; time unknown), are counted apart.",
			Columns: []string{"salesperson", "mail", "within target", "breaches", "waiting, not yet late", "share within", "median", "p90", "no answer needed", "answered, time unknown"}, Chart: "Share answered within target",
			Since: rep.Since, Until: rep.Until, Target: durationText(b.d.ReplyTarget)}
		for _, g := range []string{"A", "B", "C", "D", "E"} {
			if d, ok := b.d.GradeTargets[g]; ok {
				out.GradeTargets = append(out.GradeTargets, web.GradeTarget{Grade: g, Target: durationText(d)})
			}
		}
		// Each clock keeps the grade and the target of its day: after a
		// change the head's targets are not what the rows were judged with.
		if sequences.TargetsChanged(rep.Judged, b.d.ReplyTarget, b.d.GradeTargets) {
			judged := make([]string, len(rep.Targets))
			for i, s := range rep.Targets {
				judged[i] = durationText(time.Duration(s) * time.Second)
			}
			out.Judged = strings.Join(judged, ", ")
		}
		// The CSV holds the same table as numbers a spreadsheet computes
		// on: minutes and a percentage, blank where the page shows "–".
		out.CSVColumns = []string{"salesperson", "mail", "within target", "breaches", "waiting, not yet late", "share within (%)",
			"median (minutes)", "p90 (minutes)", "no answer needed", "answered, time unknown"}
		groups := rep.Groups
		if p.Manager && len(groups) > 0 {
			// The team's line last, as `keepwarm report replies` ends with
			// TOTAL: shares and medians cannot be added up from the rows.
			total := rep.Total
			total.Key = "total"
			groups = append(slices.Clip(groups), total)
		}
		for _, g := range groups {
			if !p.Manager && g.Key != p.Email {
				continue
			}
			share, text, pct := 0.0, "–", ""
			if g.ShareWithinTarget != nil {
				share, text = *g.ShareWithinTarget, keepwarm.SharePercent(*g.ShareWithinTarget)
				pct = strings.TrimSuffix(text, "%")
			}
			// Mail = within + breaches + still waiting within its target:
			// the row adds up.
			counts := []string{fmt.Sprint(g.Count), fmt.Sprint(g.WithinTarget), fmt.Sprint(g.Breaches), fmt.Sprint(g.Waiting - g.Overdue)}
			out.Rows = append(out.Rows, slices.Concat([]string{orKey(g.Key, "(none)")}, counts,
				[]string{text, secondsText(g.MedianSeconds), secondsText(g.P90Seconds), fmt.Sprint(g.NoAnswerNeeded), fmt.Sprint(g.AnsweredUnseen)}))
			out.CSVRows = append(out.CSVRows, slices.Concat([]string{orKey(g.Key, "(none)")}, counts,
				[]string{pct, minutesText(g.MedianSeconds), minutesText(g.P90Seconds), fmt.Sprint(g.NoAnswerNeeded), fmt.Sprint(g.AnsweredUnseen)}))
			out.Bars = append(out.Bars, web.Bar{Label: orKey(g.Key, "(none)"), Value: share, Max: 1, Text: text, Bad: g.ShareWithinTarget != nil && share < 0.8})
		}
		if out.Trend, err = b.replyTrend(ctx, p, now); err != nil {
			return web.Report{}, err
		}
		if out.Breaches, err = b.breaches(ctx, p, rep.Breaches, now); err != nil {
			return web.Report{}, err
		}
		if out.Older, out.OlderCount, err = b.olderWaiting(ctx, p, since, now); err != nil {
			return web.Report{}, err
		}
		return out, nil
	case "sequences":
		enrs, err := b.d.DB.ListEnrollments(ctx, 0)
		if err != nil {
			return web.Report{}, err
		}
		if !p.Manager {
			enrs = slices.DeleteFunc(enrs, func(e keepwarm.Enrollment) bool { return !strings.EqualFold(e.SignedBy(), p.Email) })
		}
		dry, err := b.d.DB.DryRunEnrollments(ctx, since, now)
		if err != nil {
			return web.Report{}, err
		}
		rep := sequences.BuildFunnel(enrs, dry, since, now)
		out := web.Report{Title: "Follow-up funnel, last 30 days", Note: "Threads enrolled in each sequence and what became of them: still running, answered by mail, answered by phone (the sequence's call reached the customer; the mails got no answer), no answer after every step, bounced, opted out, stopped by a person, superseded by a newer thread, or failed (a send that could not go out); dry run: every step only recorded, nothing sent (mode dry-run), in no other column. The answer rate is answered by mail of those that reached an outcome.",
			Columns: []string{"sequence", "enrolled", "running", "answered", "answered by phone", "no answer", "bounced", "opted out", "stopped", "superseded", "failed", "dry run", "answer rate"}, Chart: "Answer rate per sequence"}
		for _, f := range append(rep.Sequences, rep.Total) {
			rate, text := 0.0, "–"
			if f.AnswerRate != nil {
				rate, text = *f.AnswerRate, keepwarm.SharePercent(*f.AnswerRate)
			}
			out.Rows = append(out.Rows, []string{f.Sequence, fmt.Sprint(f.Enrolled), fmt.Sprint(f.Running), fmt.Sprint(f.Answered),
				fmt.Sprint(f.AnsweredByPhone), fmt.Sprint(f.NoAnswer), fmt.Sprint(f.Bounced), fmt.Sprint(f.OptedOut), fmt.Sprint(f.Stopped), fmt.Sprint(f.Superseded), fmt.Sprint(f.Failed), fmt.Sprint(f.DryRun), text})
			out.Bars = append(out.Bars, web.Bar{Label: f.Sequence, Value: rate, Max: 1, Text: text})
		}
		return out, nil
	case "quiet":
		calls, err := b.d.DB.DoneTasks(ctx, since, until)
		if err != nil {
			return web.Report{}, err
		}
		if !p.Manager {
			calls = slices.DeleteFunc(calls, func(t keepwarm.Task) bool { return t.Owner != p.Email })
		}
		rep := sequences.BuildQuiet(calls, since, until)
		out := web.Report{Title: "Why customers went quiet, last 30 days", Note: "The calls closed, by the reason given at Done: what the customers said, not a guess.",
			Columns: []string{"reason", "calls", "salesperson"}, Chart: "Calls by reason", Quiet: true}
		for _, c := range rep.Reasons {
			people := make([]string, 0, len(c.By))
			for email := range c.By {
				people = append(people, email)
			}
			slices.Sort(people)
			for _, email := range people {
				out.Rows = append(out.Rows, []string{c.Label, fmt.Sprint(c.By[email]), email})
			}
			out.Bars = append(out.Bars, web.Bar{Label: c.Label, Value: float64(c.Calls), Max: float64(len(rep.Calls)), Text: fmt.Sprint(c.Calls)})
		}
		return out, nil
	case "pareto":
		revs, err := b.d.DB.Revenues(ctx, book.RevenueSince(now, b.teamLocation()))
		if err != nil {
			return web.Report{}, err
		}
		// Ranked over the team's revenue for everyone: a salesperson sees
		// their own customers among the team's, with the shares the
		// manager's page gives them, so both talk of the same figures.
		byCur := map[string][]book.Revenue{}
		var curs []string
		for _, r := range revs {
			if _, ok := byCur[r.Currency]; !ok {
				curs = append(curs, r.Currency)
			}
			byCur[r.Currency] = append(byCur[r.Currency], r)
		}
		slices.Sort(curs)
		out := web.Report{Title: "80/20 of revenue, last 12 months", Note: "The biggest customers that together bring 80% of each currency's revenue, with the grade their orders suggest.",
			Columns: []string{"customer", "owner", "currency", "revenue", "share", "cumulative", "orders", "grade", "suggested"}, Chart: "Cumulative share of revenue"}
		if !p.Manager {
			out.Note = "Your customers among the team's biggest, that together bring 80% of each currency's revenue: share and cumulative are of the team's revenue, as the manager sees them; with the grade their orders suggest."
		}
		fill := func(byCur map[string][]book.Revenue, mine bool) {
			for _, cur := range curs {
				rows, _ := book.Pareto(byCur[cur], 0.8, book.Today(now, b.teamLocation()))
				for _, r := range rows {
					if mine && r.Owner != p.Email {
						continue
					}
					out.Rows = append(out.Rows, []string{r.Customer, r.Owner, cur, fmt.Sprintf("%.2f", float64(r.Cents)/100),
						fmt.Sprintf("%.1f%%", 100*r.Share), fmt.Sprintf("%.1f%%", 100*r.Cumulative), fmt.Sprint(r.Orders), r.Grade, r.Suggested})
					out.Bars = append(out.Bars, web.Bar{Label: r.Customer + " (" + cur + ")", Value: r.Cumulative, Max: 1, Text: fmt.Sprintf("%.0f%%", 100*r.Cumulative)})
				}
			}
		}
		fill(byCur, !p.Manager)
		if !p.Manager && len(out.Rows) == 0 {
			// None of theirs is among the team's biggest (a senior holds
			// the big accounts): their own 80/20, of their own revenue,
			// still says which of their customers to look after first.
			own := map[string][]book.Revenue{}
			for _, r := range revs {
				if r.Owner == p.Email {
					own[r.Currency] = append(own[r.Currency], r)
				}
			}
			if len(own) > 0 {
				out.Note = "None of your customers is among the team's biggest, that together bring 80% of its revenue. These are your own biggest, that together bring 80% of your revenue: share and cumulative are of your revenue; with the grade their orders suggest."
				fill(own, false)
			}
		}
		return out, nil
	}
	return web.Report{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no report %q", name)
}

// secondsText is a duration in seconds as the report page writes one
// (web.ShortDuration), "–" for none.
func secondsText(s *int64) string {
	if s == nil {
		return "–"
	}
	return web.ShortDuration(time.Duration(*s) * time.Second)
}

// minutesText is a duration in seconds as minutes for a CSV
// (web.CSVMinutes), "" for none.
func minutesText(s *int64) string {
	if s == nil {
		return ""
	}
	return web.CSVMinutes(time.Duration(*s) * time.Second)
}

// durationText is a reply target as the page shows it: 10m, 1h30m,
// 2d ("" for none).
func durationText(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0 && d < time.Hour:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dh%02dm", d/time.Hour, d%time.Hour/time.Minute)
	}
	return d.String()
}

// TrendWeeks is how many weeks the replies report's trend covers.
const TrendWeeks = 12

// replyTrend is the team's reply times (a salesperson's own) in each of the
// last TrendWeeks weeks, Monday to Monday in the team's zone, the current
// week so far last, from the same report query as the rest of the page
// (its figures alone: the page lists the breaches of the 30 days once).
func (b *WebBackend) replyTrend(ctx context.Context, p web.Person, now time.Time) ([]web.TrendWeek, error) {
	loc := b.teamLocation()
	lt := now.In(loc)
	monday := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, loc)
	monday = monday.AddDate(0, 0, -((int(monday.Weekday()) + 6) % 7))
	out := make([]web.TrendWeek, 0, TrendWeeks)
	for i := TrendWeeks - 1; i >= 0; i-- {
		start := monday.AddDate(0, 0, -7*i)
		end := start.AddDate(0, 0, 7)
		if end.After(now) {
			end = now
		}
		rep, err := b.d.DB.ReplyGroups(ctx, store.ReplyReportFilter{Since: start, Until: end, Now: now, By: store.BySalesperson})
		if err != nil {
			return nil, err
		}
		g := rep.Total
		if !p.Manager {
			g = store.ReplyGroup{}
			for _, x := range rep.Groups {
				if x.Key == p.Email {
					g = x
				}
			}
		}
		w := web.TrendWeek{Start: start, Count: g.Count, Within: g.WithinTarget, Breaches: g.Breaches}
		if g.MedianSeconds != nil {
			w.Median, w.HasMedian = time.Duration(*g.MedianSeconds)*time.Second, true
		}
		if g.ShareWithinTarget != nil {
			w.Share, w.HasShare = *g.ShareWithinTarget, true
		}
		out = append(out, w)
	}
	return out, nil
}

// olderWaiting is the customer mail still waiting past its target that
// came before the period (since): the person's own for a salesperson (the
// desk's owner), everyone's for a manager. The period's figures leave it
// out, and a buyer waiting 31 days would drop off the report the manager
// reads. The web.OlderShown longest waiting are returned, with their
// links where the person may open them, and how many there are in all,
// read as the weekly summary reads them (store.OverdueReplies): one rule
// of what is late for both, and the rest are not read.
func (b *WebBackend) olderWaiting(ctx context.Context, p web.Person, since, now time.Time) ([]web.Breach, int, error) {
	owner := p.Email
	var standIn []store.StandIn
	if p.Manager {
		owner = ""
	} else {
		var err error
		if standIn, err = b.standsInFor(ctx, p.Email); err != nil {
			return nil, 0, err
		}
	}
	items, total, err := b.d.DB.OverdueRepliesOf(ctx, owner, standIn, since, now, web.OlderShown)
	if err != nil {
		return nil, 0, err
	}
	out := []web.Breach{}
	var v store.Viewer
	if len(items) > 0 {
		if v, err = b.readerAt(ctx, p, now); err != nil {
			return nil, 0, err
		}
	}
	for _, it := range items {
		target := time.Duration(it.TargetSeconds) * time.Second
		br := web.Breach{MessageID: it.MessageID, CustomerName: customerName(it.CustomerName, it.Customer),
			Salesperson: orKey(it.Owner, "(none)"), Owner: orKey(it.Owner, "(none)"),
			Subject: it.Subject, Received: it.ReceivedAt, Target: target, Late: time.Duration(it.Seconds)*time.Second - target, Listed: true}
		// Named as the period's breaches are: the owner it is counted to,
		// with the owner of today after a handover, or, for an owner who
		// left, who has the nudges in their place.
		br.OwnerNow = it.AnswerOwner
		if b.d.StandIn != nil {
			if si := b.d.StandIn(it.AnswerOwner, it.Mailbox); si != "" {
				br.OwnerNow = si
			}
		}
		if br.OwnerNow == "" && it.Owner != "" {
			// Nobody's now: the customer went to the pool, as the
			// period's breaches name it.
			br.OwnerNow = "(pool)"
		}
		if err := b.breachLinks(ctx, v, &br); err != nil {
			return nil, 0, err
		}
		out = append(out, br)
	}
	return out, total, nil
}

// standsInFor pairs each mailbox of email's (MailboxOwners) with the
// departed owners whose mail reached it and whose reply nudges go to email
// in their place (StandIn, the rule the nudges and the period's breaches
// follow): the older mail of theirs email's report lists too.
func (b *WebBackend) standsInFor(ctx context.Context, email string) ([]store.StandIn, error) {
	if b.d.StandIn == nil {
		return nil, nil
	}
	var boxes []string
	for mb, owner := range b.d.MailboxOwners {
		if strings.EqualFold(strings.TrimSpace(owner), email) {
			boxes = append(boxes, mb)
		}
	}
	if len(boxes) == 0 {
		return nil, nil
	}
	slices.Sort(boxes)
	team := make([]string, 0, len(b.people))
	for e := range b.people {
		team = append(team, e)
	}
	pairs, err := b.d.DB.StandInOwners(ctx, boxes, team)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(pairs, func(si store.StandIn) bool {
		return !strings.EqualFold(b.d.StandIn(si.Owner, si.Mailbox), email)
	}), nil
}

// breaches are the report's late and overdue messages under the rows the
// person sees, with how late, oldest first. A breach is counted in the row
// of who answered, else of the customer's owner, as the table counts it: a
// salesperson gets the breaches of their own row, and one they may not
// open (a late answer for a colleague's customer) is listed without links
// rather than left out. Whether the person may open it is read for the
// ones the page lists alone (web.ListBreaches: the mail still waiting, then
// the most recent): the CSV,
// which has them all, has no links, and thousands of breaches would take
// a query each.
func (b *WebBackend) breaches(ctx context.Context, p web.Person, items []store.ReplyItem, now time.Time) ([]web.Breach, error) {
	out := []web.Breach{}
	for _, it := range items {
		counted := orKey(it.RepliedBy, it.Owner)
		// Mail still waiting that was handed on after its target passed
		// stays counted to the owner before, and is listed to the owner
		// of today too: the desk and the nudges ask them to answer it.
		now := ""
		if it.RepliedAt == nil {
			// Nobody's: the customer went to the pool, as
			// `keepwarm report replies` and the 80/20 page name it.
			now = orKey(it.AnswerOwner, "(pool)")
		}
		if !p.Manager && !strings.EqualFold(counted, p.Email) && !strings.EqualFold(now, p.Email) {
			continue
		}
		target := time.Duration(it.TargetSeconds) * time.Second
		br := web.Breach{MessageID: it.MessageID, CustomerName: customerName(it.CustomerName, it.Customer),
			Salesperson: orKey(counted, "(none)"), Owner: orKey(it.Owner, "(none)"), OwnerNow: now, RepliedBy: it.RepliedBy,
			Subject: it.Subject, Received: it.ReceivedAt, Target: target, Late: time.Duration(it.Seconds)*time.Second - target}
		if it.RepliedAt != nil {
			br.Answered = *it.RepliedAt
		}
		if it.Backup != "" && !strings.EqualFold(it.Backup, it.RepliedBy) {
			br.Backup = it.Backup
		}
		out = append(out, br)
	}
	slices.SortStableFunc(out, func(a, b web.Breach) int { return a.Received.Compare(b.Received) })
	web.ListBreaches(out)
	var v store.Viewer
	if len(out) > 0 {
		var err error
		if v, err = b.readerAt(ctx, p, now); err != nil {
			return nil, err
		}
	}
	for i := range out {
		if !out[i].Listed {
			continue
		}
		if err := b.breachLinks(ctx, v, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// breachLinks sets a listed breach's links for the person: the message's
// when they may open it, and the page that shows the conversation, its
// thread's customer's (at the thread when that is another customer's than
// the message's own: a forwarder's Reply-all, a buyer's private address),
// when that page is open to them too, as the message page links it. v is
// the person as the message page reads them (readerAt): the mail they
// stand in for an owner who left is opened, without its customer's page.
func (b *WebBackend) breachLinks(ctx context.Context, v store.Viewer, br *web.Breach) error {
	m, err := b.d.DB.VisibleMessage(ctx, v, br.MessageID)
	switch {
	case keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND:
		return nil
	case err != nil:
		return err
	}
	br.CustomerID, br.Open = m.CustomerID, true
	if m.OwnCustomerID != m.CustomerID {
		br.ThreadID = m.ThreadID
	}
	switch err := b.d.DB.VisibleCustomer(ctx, v, m.CustomerID); {
	case keepwarm.ErrorCode(err) == keepwarm.ENOTFOUND:
		br.NoPage = true
	case err != nil:
		return err
	}
	return nil
}
