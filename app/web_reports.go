package app

import (
	"context"
	"fmt"
	"slices"
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
	since := now.AddDate(0, 0, -ReportDays)
	switch name {
	case "replies":
		rep, err := b.d.DB.ReplyReport(ctx, store.ReplyReportFilter{Since: since, Until: now, Now: now, By: store.BySalesperson})
		if err != nil {
			return web.Report{}, err
		}
		out := web.Report{Title: "Reply times, last 30 days", Note: "Share of customer mail answered within its target, median and 90th percentile per salesperson; breaches are answered late or still waiting past the target.",
			Columns: []string{"salesperson", "mail", "within target", "breaches", "share within", "median", "p90"}, Chart: "Share answered within target"}
		for _, g := range rep.Groups {
			if !p.Manager && g.Key != p.Email {
				continue
			}
			share, text := 0.0, "–"
			if g.ShareWithinTarget != nil {
				share, text = *g.ShareWithinTarget, fmt.Sprintf("%.0f%%", 100**g.ShareWithinTarget)
			}
			out.Rows = append(out.Rows, []string{orKey(g.Key, "(none)"), fmt.Sprint(g.Count), fmt.Sprint(g.WithinTarget), fmt.Sprint(g.Breaches),
				text, secondsText(g.MedianSeconds), secondsText(g.P90Seconds)})
			out.Bars = append(out.Bars, web.Bar{Label: orKey(g.Key, "(none)"), Value: share, Max: 1, Text: text, Bad: g.ShareWithinTarget != nil && share < 0.8})
		}
		return out, nil
	case "sequences":
		enrs, err := b.d.DB.ListEnrollments(ctx, 0)
		if err != nil {
			return web.Report{}, err
		}
		if !p.Manager {
			enrs = slices.DeleteFunc(enrs, func(e keepwarm.Enrollment) bool { return e.Owner != p.Email })
		}
		rep := sequences.BuildFunnel(enrs, since, now)
		out := web.Report{Title: "Follow-up funnel, last 30 days", Note: "Threads enrolled in each sequence and what became of them: answered (after which step), no answer after every step, bounced, opted out, still running.",
			Columns: []string{"sequence", "enrolled", "running", "answered", "no answer", "bounced", "opted out", "answer rate"}, Chart: "Answer rate per sequence"}
		for _, f := range append(rep.Sequences, rep.Total) {
			rate, text := 0.0, "–"
			if f.AnswerRate != nil {
				rate, text = *f.AnswerRate, fmt.Sprintf("%.0f%%", 100**f.AnswerRate)
			}
			out.Rows = append(out.Rows, []string{f.Sequence, fmt.Sprint(f.Enrolled), fmt.Sprint(f.Running), fmt.Sprint(f.Answered),
				fmt.Sprint(f.NoAnswer), fmt.Sprint(f.Bounced), fmt.Sprint(f.OptedOut), text})
			out.Bars = append(out.Bars, web.Bar{Label: f.Sequence, Value: rate, Max: 1, Text: text})
		}
		return out, nil
	case "pareto":
		revs, err := b.d.DB.Revenues(ctx, now.AddDate(-1, 0, 0))
		if err != nil {
			return web.Report{}, err
		}
		if !p.Manager {
			revs = slices.DeleteFunc(revs, func(r book.Revenue) bool { return r.Owner != p.Email })
		}
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
		for _, cur := range curs {
			rows, _ := book.Pareto(byCur[cur], 0.8, now)
			for _, r := range rows {
				out.Rows = append(out.Rows, []string{r.Customer, r.Owner, cur, fmt.Sprintf("%.2f", float64(r.Cents)/100),
					fmt.Sprintf("%.1f%%", 100*r.Share), fmt.Sprintf("%.1f%%", 100*r.Cumulative), fmt.Sprint(r.Orders), r.Grade, r.Suggested})
				out.Bars = append(out.Bars, web.Bar{Label: r.Customer + " (" + cur + ")", Value: r.Cumulative, Max: 1, Text: fmt.Sprintf("%.0f%%", 100*r.Cumulative)})
			}
		}
		return out, nil
	}
	return web.Report{}, keepwarm.Errorf(keepwarm.ENOTFOUND, "no report %q", name)
}

func secondsText(s *int64) string {
	if s == nil {
		return "–"
	}
	d := time.Duration(*s) * time.Second
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh %02dm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	default:
		return fmt.Sprintf("%dd %dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
	}
}
