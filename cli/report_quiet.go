package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// reportQuietCmd reports why customers went quiet: the call tasks closed
// in a window, counted by the reason the salesperson gave (tasks done
// --reason, the desk's Done), with what each call found.
type reportQuietCmd struct {
	Since  string `name:"since" help:"calls closed from: a duration back from --until (30d, 72h) or a date (2026-11-01) or RFC 3339 time" default:"30d"`
	Until  string `name:"until" help:"calls closed before: a date (that whole day counts) or RFC 3339 time; default now"`
	Format string `name:"format" help:"table, csv (one row a call) or json" default:"table"`
}

func (opt *reportQuietCmd) Run(ctx context.Context, m *Main) error {
	if err := checkFormat("report quiet", opt.Format, "table", "csv", "json"); err != nil {
		return err
	}
	loc := m.cfg.TeamLocation()
	since, until, err := m.reportWindow("report quiet", opt.Since, opt.Until)
	if err != nil {
		return err
	}
	tasks, err := m.db.DoneTasks(ctx, since, until)
	if err != nil {
		return err
	}
	rep := sequences.BuildQuiet(tasks, since, until)
	if opt.Format == "json" {
		return writeJSON(m.Stdout, rep)
	}
	n, err := m.names(ctx)
	if err != nil {
		return err
	}
	if opt.Format == "csv" {
		return writeQuietCSV(m.Stdout, rep, n, loc)
	}
	return writeQuietTable(m.Stdout, rep, n, loc)
}

func writeQuietCSV(w io.Writer, rep sequences.QuietReport, n *names, loc *time.Location) error {
	cw := keepwarm.NewCSVWriter(w)
	cw.Write([]string{"done_at", "customer", "salesperson", "reason", "said", "task_id"})
	for _, t := range rep.Calls {
		cw.Write(keepwarm.CSVSafe([]string{t.DoneAt.In(loc).Format(time.RFC3339), n.customer(t.Customer), t.Owner, string(t.Reason), t.Outcome,
			strconv.FormatInt(t.ID, 10)}))
	}
	cw.Flush()
	return cw.Error()
}

func writeQuietTable(w io.Writer, rep sequences.QuietReport, n *names, loc *time.Location) error {
	fmt.Fprintf(w, "Why customers went quiet: calls closed %s to %s (%s)\n\n", rep.Since.In(loc).Format("2006-01-02 15:04"),
		rep.Until.In(loc).Format("2006-01-02 15:04"), loc)
	if len(rep.Calls) == 0 {
		fmt.Fprintln(w, "No calls were closed then. Closing a call task with a reason (keepwarm tasks done ID --reason comparing, or Done on the desk) counts it here.")
		return nil
	}
	tw := newTable(w)
	fmt.Fprintln(tw, "REASON\tCALLS\tBY")
	for _, c := range rep.Reasons {
		people := make([]string, 0, len(c.By))
		for email := range c.By {
			people = append(people, email)
		}
		sort.Slice(people, func(i, j int) bool {
			if c.By[people[i]] != c.By[people[j]] {
				return c.By[people[i]] > c.By[people[j]]
			}
			return people[i] < people[j]
		})
		for i, p := range people {
			people[i] = fmt.Sprintf("%s %d", n.person(p), c.By[p])
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\n", c.Label, c.Calls, strings.Join(people, ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = newTable(w)
	fmt.Fprintln(tw, "DONE\tCUSTOMER\tSALESPERSON\tSAID")
	for _, t := range rep.Calls {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.DoneAt.In(loc).Format(timeLayout), orDash(truncate(n.customer(t.Customer), 30)),
			orDash(n.person(t.Owner)), orDash(truncate(sequences.CallSaid(t), 80)))
	}
	return tw.Flush()
}
