package cli

import (
	"context"
	"fmt"
	"strings"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// sequencesCmd lists, shows or checks the follow-up sequences.
type sequencesCmd struct {
	List  sequencesListCmd  `cmd:"" help:"list the sequences and their steps"`
	Show  sequencesShowCmd  `cmd:"" help:"show one sequence step by step"`
	Check sequencesCheckCmd `cmd:"" help:"check every sequence file and template; names file, line and field of each problem"`
}

type sequencesListCmd struct {
	JSON bool `name:"json" help:"print JSON"`
}

func (opt *sequencesListCmd) Run(m *Main) error { return m.sequencesList(opt.JSON) }

type sequencesShowCmd struct {
	Name string `arg:"" name:"name" help:"the sequence's name"`
}

func (opt *sequencesShowCmd) Run(m *Main) error { return m.sequencesShow(opt.Name) }

type sequencesCheckCmd struct{}

func (opt *sequencesCheckCmd) Run(m *Main) error { return m.sequencesCheck() }

func (m *Main) sequencesList(json bool) error {
	asJSON := &json
	defs, _, probs := m.app.LoadSequences()
	var all []*sequences.Definition
	for _, n := range defs.Names() {
		d, _ := defs.Get(n)
		all = append(all, d)
	}
	if *asJSON {
		// Each with the mode its steps go out in beside the file's own.
		type listed struct {
			*sequences.Definition
			SendsAs string `json:"sends_as"`
		}
		out := make([]listed, len(all))
		for i, d := range all {
			mode, _ := m.sendsAs(d)
			out[i] = listed{d, mode}
		}
		return writeJSON(m.Stdout, out)
	}
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "NAME\tFOR\tMODE\tSTEPS\tFILE")
	for _, d := range all {
		who := strings.Join(d.Grades, ",")
		if len(d.Tags) > 0 {
			who = strings.TrimPrefix(who+" tags:"+strings.Join(d.Tags, ","), " ")
		}
		if d.Name == *m.cfg.Sequences.Default {
			who = strings.TrimPrefix(who+" ungraded", " ")
		}
		mode, capped := m.sendsAs(d)
		if capped {
			mode += " (file: " + string(d.Mode) + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Name, orDash(who), mode, stepsSummary(d), d.File)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(probs) > 0 {
		fmt.Fprintf(m.Stdout, "%d problem(s): run `keepwarm sequences check`\n", len(probs))
	}
	return nil
}

// sendsAs is the mode d's steps go out in, as the follow-up job sends
// them and /sequences shows it: the file's own, or [sequences] mode when
// that is more careful, or "off" while [sequences] disabled = true;
// capped says it is not the file's own.
func (m *Main) sendsAs(d *sequences.Definition) (mode string, capped bool) {
	if m.cfg.Sequences.Disabled {
		return "off", true
	}
	c := sequences.CappedMode(d.Mode, keepwarm.SendMode(m.cfg.Sequences.Mode))
	return string(c), c != d.Mode
}

func stepsSummary(d *sequences.Definition) string {
	parts := make([]string, len(d.Steps))
	for i, s := range d.Steps {
		what := s.Template
		if s.Action == "task" {
			what = "task"
		}
		days := ""
		if s.Business {
			days = " business"
		}
		parts[i] = "+" + s.After.String() + days + " " + what
		if s.InThread {
			parts[i] += " (in thread)"
		}
	}
	return strings.Join(parts, ", ")
}

func (m *Main) sequencesShow(name string) error {
	defs, _, _ := m.app.LoadSequences()
	d, ok := defs.Get(name)
	if !ok {
		return fmt.Errorf("no sequence named %q (known: %s)", name, strings.Join(defs.Names(), ", "))
	}
	w := m.Stdout
	fmt.Fprintf(w, "sequence %s (%s)\n", d.Name, d.File)
	if d.Description != "" {
		fmt.Fprintf(w, "  %s\n", d.Description)
	}
	mode, capped := m.sendsAs(d)
	switch {
	case capped && m.cfg.Sequences.Disabled:
		mode += fmt.Sprintf(" (the file says %s; follow-ups are turned off by [sequences] disabled in the config: no step goes out)", d.Mode)
	case capped:
		mode += fmt.Sprintf(" (the file says %s; capped by [sequences] mode in the config)", d.Mode)
	}
	fmt.Fprintf(w, "  grades: %s  tags: %s  mode: %s\n", orDash(strings.Join(d.Grades, ", ")), orDash(strings.Join(d.Tags, ", ")), mode)
	days := "the customer country's workdays"
	if len(d.Window.Workdays) > 0 {
		days = strings.Join(d.Window.Workdays, ", ")
	}
	hol := "skipping its public holidays"
	if !d.Window.Holidays {
		hol = "holidays included"
	}
	fmt.Fprintf(w, "  window: %s-%s customer local time, %s, %s\n", d.Window.Start, d.Window.End, days, hol)
	fmt.Fprintf(w, "  stops on: any real answer from the customer (replied), a bounce (bounced), opt-out wording (opted-out: %d phrases)\n", len(d.Stop.OptOutWords))
	fmt.Fprintf(w, "  pauses on: an out-of-office, until its return date or for %s\n", d.Stop.OutOfOfficePause)
	for i, s := range d.Steps {
		unit := "calendar"
		if s.Business {
			unit = "business"
		}
		switch s.Action {
		case "task":
			fmt.Fprintf(w, "  %d. after %s (%s days): task: %s\n", i+1, s.After, unit, s.Task)
		default:
			where := "new thread"
			if s.InThread {
				where = "in the same thread"
			}
			fmt.Fprintf(w, "  %d. after %s (%s days): email %q, %s\n", i+1, s.After, unit, s.Template, where)
		}
	}
	return nil
}

// sequencesCheck validates every sequence file and template and names the
// file, line and field of each problem.
func (m *Main) sequencesCheck() error {
	defs, set, probs := m.app.LoadSequences()
	for _, p := range probs {
		fmt.Fprintf(m.Stdout, "FAIL  %s\n", p.Error())
	}
	if len(probs) > 0 {
		fmt.Fprintf(m.Stdout, "%d problem(s)\n", len(probs))
		fmt.Fprintf(m.Stderr, "keepwarm: sequences check: %d problem(s): see the FAIL lines on standard output\n", len(probs))
		return exitError{1}
	}
	n := 0
	if set != nil {
		n = len(set.Templates())
	}
	fmt.Fprintf(m.Stdout, "ok    %d sequence(s) (%s) and %d template file(s)\n", len(defs.Names()), strings.Join(defs.Names(), ", "), n)
	return m.sequencesWarnings(defs, set)
}

// weekendWorkdays are the sequences' workdays that are the weekend in a
// country of the customer book (sequences.WeekendWorkdays); none without
// a database.
func (m *Main) weekendWorkdays(ctx context.Context, defs *sequences.Definitions) []string {
	if defs == nil || m.db == nil {
		return nil
	}
	counts, err := m.db.CustomerCountries(ctx)
	if err != nil {
		return nil
	}
	var countries []string
	for c := range counts {
		countries = append(countries, c)
	}
	return defs.WeekendWorkdays(countries, m.clock.Now().Year())
}

// sequencesWarnings prints where a follow-up can go out empty or never go
// out (app.SequencesWarnings, which the console's editors show too), and
// where it reads wrong: a "Re:" subject on a step that starts a new thread,
// or words saying a file is attached (keepwarm attaches none).
func (m *Main) sequencesWarnings(defs *sequences.Definitions, set *templates.Set) error {
	if set == nil {
		return nil
	}
	for _, p := range defs.Warnings(set) {
		fmt.Fprintf(m.Stdout, "WARN  %s\n", p.Error())
	}
	for _, l := range m.weekendWorkdays(context.Background(), defs) {
		fmt.Fprintf(m.Stdout, "WARN  %s\n", l)
	}
	catalog, err := m.db.Products(context.Background())
	if err != nil {
		return err
	}
	empty, steps := app.SequencesWarnings(defs, set, len(catalog) == 0)
	// A greeting template listing the products with no guard: such a
	// customer does not get the greeting (earlier builds sent it).
	empty = m.app.GreetingRules().Greetings.GreetingProductProblems(set, defs, empty)
	// {{.Month}} in a follow-up, {{.Original.Subject}} in a greeting:
	// always blank there, so such a mail is not sent.
	empty = append(empty, app.TemplateKindProblems(set, m.app.GreetingTemplates(), m.clock.Now())...)
	for _, p := range empty {
		fmt.Fprintf(m.Stdout, "WARN  %s\n", p.Error())
	}
	named := map[string]bool{}
	for _, w := range steps {
		fmt.Fprintf(m.Stdout, "WARN  sequence %s step %d (%s): %s\n", w.Sequence, w.Step, w.Template, w.Msg)
		named[w.Msg] = true
	}
	for _, p := range templates.HantGaps(set) {
		if !named[p.Msg] { // a greeting's, or a template no step uses
			fmt.Fprintf(m.Stdout, "WARN  %s\n", p.Msg)
		}
	}
	for _, p := range templates.AttachmentClaims(set) {
		fmt.Fprintf(m.Stdout, "WARN  %s\n", p.Error())
	}
	// The coming letters are written by hand in letters_dir, not only in
	// the console, which refuses these.
	for _, p := range m.app.LetterWarnings(m.clock.Now()) {
		fmt.Fprintf(m.Stdout, "WARN  letters_dir: %s\n", p.Error())
	}
	return nil
}
