package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"keepwarm/sequences"
)

// cmdGreetings is `keepwarm greetings plan [--month YYYY-MM] [--json]`: who
// gets which greeting or letter, when, and where each stands, computed by the
// very code the daemon enqueues with. It sends and writes nothing.
type greetingsCmd struct {
	Plan greetingsPlanCmd `cmd:"" help:"who gets which greeting or letter this month, and when"`
}

type greetingsPlanCmd struct {
	Month string `name:"month" placeholder:"YYYY-MM" help:"the month to plan (default: this month)"`
	JSON  bool   `name:"json" help:"print JSON"`
}

func (opt *greetingsPlanCmd) Run(ctx context.Context, m *Main) error {
	month, asJSON := &opt.Month, &opt.JSON
	now := m.clock.Now()
	if *month == "" {
		*month = now.In(m.cfg.TeamLocation()).Format("2006-01")
	} else if _, err := time.Parse("2006-01", *month); err != nil {
		// Checked here, greetings on or off: a wrong argument is a usage
		// error (exit 2), not a failure, nor an empty plan.
		return usageError{fmt.Sprintf("greetings plan: --month %q: write it as YYYY-MM, e.g. 2026-12", *month)}
	}
	if !m.cfg.Greetings.Enabled() {
		fmt.Fprintln(m.Stderr, "keepwarm: [greetings] turns nothing on: list occasions or set letters_dir (see config.example.toml)")
	}
	job, err := m.app.NewGreetings(nil)
	if err != nil {
		return err
	}
	plan := sequences.Plan{Items: []sequences.PlanItem{}, LeftOut: []sequences.LeftOut{}}
	if job != nil {
		if plan, err = job.PlanMonth(ctx, *month, now); err != nil {
			return err
		}
		// What the last look will do in the name of a salesperson who is
		// away, as the forecast and the digest say it: not "planned" for a
		// greeting that will not go.
		if roster, ok, err := job.AwayRoster(ctx, now); err != nil {
			return err
		} else if ok {
			sequences.MarkAway(plan.Items, roster, now)
		}
		if dir := m.app.LettersPath(); dir != "" && len(sequences.LetterFiles(m.app.GreetingLetters(), *month)) == 0 {
			plan.Notes = append(plan.Notes, fmt.Sprintf("no monthly letter: write %s/%s.tmpl (and NAME.LANG.tmpl variants) to send one", dir, *month))
		}
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(plan)
	}
	printPlan(m, *month, plan)
	return nil
}

func printPlan(m *Main, month string, plan sequences.Plan) {
	// Notes first: a letter held back for everyone must not hide below a
	// long table.
	for _, n := range plan.Notes {
		fmt.Fprintf(m.Stdout, "note: %s\n", n)
	}
	if len(plan.Notes) > 0 {
		fmt.Fprintln(m.Stdout)
	}
	w := newTable(m.Stdout)
	fmt.Fprintln(w, "SEND AT (CUSTOMER TIME)\tKIND\tOCCASION\tCUSTOMER\tTO\tLANG\tSUBJECT\tSTATUS")
	counts := map[string]int{}
	for _, it := range plan.Items {
		what := it.OccasionName
		if it.Kind == sequences.OriginLetter {
			what = it.Month
		}
		lang := it.Language
		if lang == "" {
			lang = "en"
		}
		status := it.Status
		if it.Reason != "" {
			status += ": " + it.Reason
		}
		counts[it.Status]++
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", it.SendAtLocal, it.Kind, what, it.Customer, it.To.Email, lang, it.Subject, status)
	}
	w.Flush()
	fmt.Fprintf(m.Stdout, "\n%s: %d item(s)", month, len(plan.Items))
	for _, s := range []string{sequences.PlanPlanned, sequences.PlanDue, "queued", "sent", "drafted", "skipped", "failed", "uncertain", sequences.PlanSkip, sequences.PlanMissed} {
		if counts[s] > 0 {
			fmt.Fprintf(m.Stdout, ", %d %s", counts[s], s)
		}
	}
	fmt.Fprintf(m.Stdout, "; mode %s\n", m.cfg.Greetings.Mode)
	if len(plan.LeftOut) > 0 {
		fmt.Fprintf(m.Stdout, "\nleft out (%d):\n", len(plan.LeftOut))
		lw := newTable(m.Stdout)
		for _, l := range plan.LeftOut {
			who := fmt.Sprintf("#%d %s", l.CustomerID, l.CustomerName)
			if l.Email != "" {
				who += " " + l.Email
			}
			fmt.Fprintf(lw, "  %s\t%s\n", who, l.Reason)
		}
		lw.Flush()
	}
}
