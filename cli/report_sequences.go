package cli

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// cmdReportSequences prints the follow-up funnel of the threads enrolled in
// a period: enrolled → answered (after which step) → no answer / bounced /
// opted out, per sequence and in total.
type reportSequencesCmd struct {
	Since  string `name:"since" help:"enrolled from: a duration back from --until (30d, 72h) or a date (2026-11-01) or RFC 3339 time" default:"30d"`
	Until  string `name:"until" help:"enrolled before: a date (that whole day counts) or RFC 3339 time; default now"`
	Format string `name:"format" help:"table, csv or json" default:"table"`
}

func (opt *reportSequencesCmd) Run(ctx context.Context, m *Main) error {
	sinceArg, untilArg, format := &opt.Since, &opt.Until, &opt.Format
	if err := checkFormat("report sequences", *format, "table", "csv", "json"); err != nil {
		return err
	}
	loc := m.cfg.TeamLocation()
	since, until, err := m.reportWindow("report sequences", *sinceArg, *untilArg)
	if err != nil {
		return err
	}
	enrs, err := m.db.ListEnrollments(ctx, 0)
	if err != nil {
		return err
	}
	dry, err := m.db.DryRunEnrollments(ctx, since, until)
	if err != nil {
		return err
	}
	rep := sequences.BuildFunnel(enrs, dry, since, until)
	switch *format {
	case "json":
		return writeJSON(m.Stdout, rep)
	case "csv":
		return writeFunnelCSV(m.Stdout, rep)
	}
	return writeFunnelTable(m.Stdout, rep, loc)
}

// funnelCSVHeader: columns added later go at the end, where a spreadsheet
// built on the file does not see its columns move.
var funnelCSVHeader = []string{"sequence", "enrolled", "running", "answered", "answered_after", "no_answer",
	"bounced", "opted_out", "stopped", "superseded", "failed", "answer_rate", "answered_by_phone", "dry_run"}

func writeFunnelCSV(w io.Writer, rep sequences.FunnelReport) error {
	cw := keepwarm.NewCSVWriter(w)
	cw.Write(funnelCSVHeader)
	for _, f := range append(rep.Sequences, rep.Total) {
		cw.Write(keepwarm.CSVSafe([]string{f.Sequence, strconv.Itoa(f.Enrolled), strconv.Itoa(f.Running), strconv.Itoa(f.Answered),
			stepsList(f.AnsweredAfter), strconv.Itoa(f.NoAnswer), strconv.Itoa(f.Bounced), strconv.Itoa(f.OptedOut),
			strconv.Itoa(f.Stopped), strconv.Itoa(f.Superseded), strconv.Itoa(f.Failed), csvShare(f.AnswerRate),
			strconv.Itoa(f.AnsweredByPhone), strconv.Itoa(f.DryRun)}))
	}
	cw.Flush()
	return cw.Error()
}

// stepsList writes answered_after as "0:2 1:1" (steps done: count).
func stepsList(steps []sequences.FunnelStep) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = fmt.Sprintf("%d:%d", s.StepsDone, s.Count)
	}
	return strings.Join(parts, " ")
}

func writeFunnelTable(w io.Writer, rep sequences.FunnelReport, loc *time.Location) error {
	fmt.Fprintf(w, "Follow-up sequences: threads enrolled %s to %s (%s)\n\n", rep.Since.In(loc).Format("2006-01-02 15:04"),
		rep.Until.In(loc).Format("2006-01-02 15:04"), loc)
	tw := newTable(w)
	fmt.Fprintln(tw, "SEQUENCE\tENROLLED\tRUNNING\tANSWERED\tBY PHONE\tNO ANSWER\tBOUNCED\tOPTED OUT\tSTOPPED\tSUPERSEDED\tFAILED\tDRY RUN\tANSWER RATE")
	for _, f := range append(rep.Sequences, rep.Total) {
		name := f.Sequence
		if name == "total" {
			name = "TOTAL"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", name, f.Enrolled, f.Running, f.Answered,
			f.AnsweredByPhone, f.NoAnswer, f.Bounced, f.OptedOut, f.Stopped, f.Superseded, f.Failed, f.DryRun, pct(f.AnswerRate))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nANSWERED is answered by mail; BY PHONE, ended by the sequence's call reaching the customer; ANSWER RATE is answered by mail of those that reached an outcome; DRY RUN, every step only recorded (mode dry-run), nothing sent: in no other column.")
	fmt.Fprintln(w, "\nAnswered after (steps done before the answer; 0 = before any follow-up):")
	for _, f := range append(rep.Sequences, rep.Total) {
		if len(f.AnsweredAfter) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s: %s\n", f.Sequence, stepsList(f.AnsweredAfter))
	}
	return nil
}
