package cli

import (
	"context"
	"fmt"
	"time"

	"keepwarm"
	"keepwarm/app"
	"keepwarm/sequences"
)

// enrollmentsCmd lists the threads following a sequence; with --all also
// the outbound customer mails no sequence follows up, with the reason.
type enrollmentsCmd struct {
	Customer string `name:"customer" help:"only this customer: an id, a contact address, a domain, a phone, a customer key or the exact company name"`
	Live     bool   `name:"live" help:"only active and paused enrollments"`
	JSON     bool   `name:"json" help:"print JSON"`
	All      bool   `name:"all" help:"also the mail sent to customers that is not followed up, and why"`
}

func (opt *enrollmentsCmd) Run(ctx context.Context, m *Main) error {
	customer, live, asJSON, all := &opt.Customer, &opt.Live, &opt.JSON, &opt.All
	if *all && *live {
		return usageError{"enrollments: --all and --live do not go together"}
	}
	var custID int64
	if *customer != "" {
		id, err := m.customerArg(ctx, *customer)
		if err != nil {
			return err
		}
		custID = id
	}
	var statuses []keepwarm.EnrollmentStatus
	if *live {
		statuses = []keepwarm.EnrollmentStatus{keepwarm.EnrollActive, keepwarm.EnrollPaused}
	}
	list, err := m.db.ListEnrollments(ctx, custID, statuses...)
	if err != nil {
		return err
	}
	var skips []keepwarm.FollowUpSkip
	if *all {
		if skips, err = m.db.FollowUpSkips(ctx, custID, time.Time{}); err != nil {
			return err
		}
	}
	if *asJSON {
		lines := make([]enrollmentLine, len(list))
		for i, e := range list {
			lines[i] = enrollmentLine{Enrollment: e, NextStep: nextStep(e)}
		}
		if *all {
			return writeJSON(m.Stdout, struct {
				Enrollments []enrollmentLine        `json:"enrollments"`
				NotFollowed []keepwarm.FollowUpSkip `json:"not_followed_up"`
			}{lines, skips})
		}
		return writeJSON(m.Stdout, lines)
	}
	n, err := m.names(ctx)
	if err != nil {
		return err
	}
	if err := m.printEnrollments(list, n); err != nil {
		return err
	}
	if !*all {
		return nil
	}
	fmt.Fprintf(m.Stdout, "\nNot followed up (%d):\n", len(skips))
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "MESSAGE\tCUSTOMER\tTHREAD\tSENT\tTO\tSUBJECT\tREASON\tDETAIL")
	loc := m.cfg.TeamLocation()
	for _, s := range skips {
		to := "-"
		if len(s.To) > 0 {
			to = s.To[0]
			if len(s.To) > 1 {
				to += fmt.Sprintf(" +%d", len(s.To)-1)
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.MessageID, orDash(truncate(n.customer(s.Customer), 30)), id(s.ThreadID), s.SentAt.In(loc).Format(timeLayout),
			to, truncate(keepwarm.ClipLine(s.Subject, 200), 40), s.Reason, truncate(s.Detail, 70))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, zoneNote(loc, m.clock.Now()))
	return nil
}

// enrollmentLine is an enrollment in `enrollments --json`: step is the
// 0-based index of the next step (as it always was), next_step the same
// step counted from 1, as the outbox, the desk and the digest count.
type enrollmentLine struct {
	keepwarm.Enrollment
	NextStep *int `json:"next_step"` // null: no step to come (replied, stopped, completed...)
}

// nextStep is the step an active or paused enrollment does next, counted
// from 1; nil for the others.
func nextStep(e keepwarm.Enrollment) *int {
	if e.Status != keepwarm.EnrollActive && e.Status != keepwarm.EnrollPaused {
		return nil
	}
	n := e.Step + 1
	return &n
}

// printEnrollments prints the enrollments table.
func (m *Main) printEnrollments(list []keepwarm.Enrollment, n *names) error {
	tw := newTable(m.Stdout)
	fmt.Fprintln(tw, "ID\tCUSTOMER\tTHREAD\tSEQUENCE\tNEXT STEP\tSTATUS\tNEXT\tREASON")
	loc := m.cfg.TeamLocation()
	for _, e := range list {
		next := "-"
		switch e.Status {
		case keepwarm.EnrollActive:
			next = e.DueAt.In(loc).Format(timeLayout)
		case keepwarm.EnrollPaused:
			next = "until " + fmtTimeOr(e.PausedUntil, loc, "resumed")
		}
		step := "-"
		if s := nextStep(e); s != nil {
			step = fmt.Sprint(*s)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e.ID, orDash(truncate(n.customer(e.Customer), 30)), id(e.ThreadID), e.Sequence, step, e.Status, next, truncate(e.Reason, 60))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(m.Stdout, zoneNote(loc, m.clock.Now()))
	return nil
}

func fmtTimeOr(t time.Time, loc *time.Location, zero string) string {
	if t.IsZero() {
		return zero
	}
	return t.In(loc).Format(timeLayout)
}

// followUpForCommand builds the follow-up job for a person's command.
func (m *Main) followUpForCommand() (*sequences.FollowUp, error) {
	return m.app.NewFollowUp(nil)
}

// enrollCmd enrolls a thread by hand: `keepwarm enroll THREAD [--sequence NAME]`.
type enrollCmd struct {
	Thread   int64  `arg:"" name:"thread" help:"the thread's id (see keepwarm threads)"`
	Sequence string `name:"sequence" help:"the sequence to follow (default: the one for the customer's grade)"`
}

func (opt *enrollCmd) Run(ctx context.Context, m *Main) error {
	if err := m.liveOnly("keepwarm enroll would schedule the thread's follow-ups from then"); err != nil {
		return err
	}
	if opt.Sequence != "" {
		// A mistyped name is a usage error (exit 2), told before anything
		// is looked up. While files have problems the name may be that of
		// a file that does not load: the follow-up job says what is wrong.
		if defs, _, probs := m.app.LoadSequences(); defs != nil && len(probs) == 0 {
			if _, ok := defs.Get(opt.Sequence); !ok {
				return usageError{fmt.Sprintf("enroll --sequence %q: no such sequence; keepwarm sequences list names them", opt.Sequence)}
			}
		}
	}
	job, err := m.followUpForCommand()
	if err != nil {
		return err
	}
	e, err := job.EnrollThread(ctx, m.db, opt.Thread, opt.Sequence, m.clock.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "enrollment %d: thread %d follows %s (%s); next step %s\n", e.ID, e.ThreadID, e.Sequence, e.Status,
		fmtTimeOr(e.DueAt, m.cfg.TeamLocation(), "-"))
	return nil
}

// pauseCmd, resumeCmd and stopCmd change one enrollment by id.
type pauseCmd struct {
	Enrollment int64  `arg:"" name:"enrollment" help:"the enrollment's id (see keepwarm enrollments)"`
	Until      string `name:"until" placeholder:"TIME" help:"resume by itself at this instant (RFC 3339, or a date: its start in the customer's zone); default: when a person resumes it"`
}

func (opt *pauseCmd) Run(ctx context.Context, m *Main) error {
	var at time.Time
	if opt.Until != "" {
		// The desk's Pause reads a date the same way: the start of that
		// day in the customer's zone.
		loc, err := m.app.PauseLocation(ctx, opt.Enrollment)
		if err != nil {
			return err
		}
		if at, err = app.PauseUntil(opt.Until, loc); err != nil {
			return usageError{err.Error()}
		}
	}
	err := m.changeEnrollment(ctx, true, func(f *sequences.FollowUp) (keepwarm.Enrollment, error) {
		return f.Pause(ctx, opt.Enrollment, at, m.clock.Now())
	})
	if keepwarm.ErrorCode(err) == keepwarm.EINVALID {
		return usageError{err.Error()}
	}
	return err
}

// resumeCmd resumes a paused or failed enrollment. A failed one whose last
// step may have gone out (uncertain) needs the recipient's answer: --arrived
// goes on to the next step, --resend sends that step again.
type resumeCmd struct {
	Enrollment int64 `arg:"" name:"enrollment" help:"the enrollment's id (see keepwarm enrollments)"`
	Arrived    bool  `name:"arrived" help:"the step that may have gone out arrived (the recipient says so): go on to the next step, sending nothing again"`
	Resend     bool  `name:"resend" help:"the step that may have gone out did not arrive (the recipient says so): send it again"`
}

func (opt *resumeCmd) Run(ctx context.Context, m *Main) error {
	if opt.Arrived && opt.Resend {
		return usageError{"resume: give --arrived or --resend, not both"}
	}
	return m.changeEnrollment(ctx, opt.Arrived, func(f *sequences.FollowUp) (keepwarm.Enrollment, error) {
		now := m.clock.Now()
		switch {
		case opt.Arrived:
			return f.Arrived(ctx, opt.Enrollment, m.actor(), now)
		case opt.Resend:
			return f.SendAgain(ctx, opt.Enrollment, now)
		}
		e, err := m.db.GetEnrollment(ctx, opt.Enrollment)
		if err != nil {
			return e, err
		}
		if it, ok, err := f.UncertainStep(ctx, e); err != nil {
			return e, err
		} else if ok {
			step := *it.Step
			if it.Mode == keepwarm.ModeDraft {
				// keepwarm stopped while filing it: nobody got it to ask.
				return e, keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d may be in Drafts already: look in the mailbox's Drafts (and Sent), then keepwarm resume %d --arrived (it is there, or was sent: go on to the next step) or keepwarm resume %d --resend (it is not: file it again)",
					step+1, e.ID, e.ID, e.ID)
			}
			return e, keepwarm.Errorf(keepwarm.ECONFLICT, "step %d of enrollment %d may have gone out: ask the recipient whether it arrived, then keepwarm resume %d --arrived (it did: go on to the next step) or keepwarm resume %d --resend (it did not: send it again)",
				step+1, e.ID, e.ID, e.ID)
		}
		return f.Resume(ctx, opt.Enrollment, now)
	})
}

type stopCmd struct {
	Enrollment int64 `arg:"" name:"enrollment" help:"the enrollment's id (see keepwarm enrollments)"`
	DryRun     bool  `name:"dry-run" help:"name the customer, thread and step the stop would end, and stop nothing"`
	Yes        bool  `name:"yes" help:"stop without asking (otherwise asked on a terminal, refused elsewhere)"`
}

// Run stops an enrollment for good, after naming whose it is: a mistyped
// id is another customer's follow-up, and a stop cannot be undone. On a
// terminal it asks first; elsewhere it needs --yes, as customers handover.
func (opt *stopCmd) Run(ctx context.Context, m *Main) error {
	if !opt.DryRun {
		if err := m.liveOnly("the change to the enrollment would be recorded as made then, and its next step timed from then"); err != nil {
			return err
		}
	}
	if opt.DryRun || !opt.Yes {
		e, err := m.db.GetEnrollment(ctx, opt.Enrollment)
		if err != nil {
			return err
		}
		whose, err := m.whose(ctx, e)
		if err != nil {
			return err
		}
		stoppable := e.Status.Live() || e.Status == keepwarm.EnrollFailed
		switch {
		case opt.DryRun && !stoppable:
			fmt.Fprintf(m.Stdout, "dry run: enrollment %d is already %s: nothing to stop\n  %s\n", e.ID, e.Status, whose)
			return nil
		case opt.DryRun:
			fmt.Fprintf(m.Stdout, "dry run: enrollment %d (%s) would stop for good; nothing was stopped\n  %s\n", e.ID, e.Status, whose)
			return nil
		case stoppable:
			what := fmt.Sprintf("enrollment %d would stop for good, and a stop cannot be undone: %s", e.ID, whose)
			if err := m.confirm("stop", what, "Stop it?", "nothing stopped"); err != nil {
				return err
			}
		}
	}
	return m.changeEnrollment(ctx, true, func(f *sequences.FollowUp) (keepwarm.Enrollment, error) {
		return f.Stop(ctx, opt.Enrollment, m.clock.Now())
	})
}

// changeEnrollment applies fn to one enrollment. A change that renders and
// sends nothing (sendsNothing: pause, stop, a step arrived) works while the
// sequences or templates have problems, so a person can hold a customer's
// follow-up before the files are fixed; the others wait for the fix.
func (m *Main) changeEnrollment(ctx context.Context, sendsNothing bool, fn func(*sequences.FollowUp) (keepwarm.Enrollment, error)) error {
	if err := m.liveOnly("the change to the enrollment would be recorded as made then, and its next step timed from then"); err != nil {
		return err
	}
	job, broken, err := m.app.HeldFollowUp()
	if err != nil {
		return err
	}
	if broken != nil && !sendsNothing {
		return broken
	}
	e, err := fn(job)
	if err != nil {
		return err
	}
	if e.Status == keepwarm.EnrollPaused && !e.PausedUntil.IsZero() {
		fmt.Fprintf(m.Stdout, "enrollment %d: paused until %s (%s)\n", e.ID,
			e.PausedUntil.In(m.cfg.TeamLocation()).Format("Mon 2 Jan 2006 15:04 (-07:00)"), e.Reason)
	} else {
		fmt.Fprintf(m.Stdout, "enrollment %d: %s (%s)\n", e.ID, e.Status, e.Reason)
	}
	return m.printWhose(ctx, e)
}

// printWhose names whose follow-up a change by id touched: the customer,
// the thread and the sequence with its step. Stop cannot be undone, and a
// mistyped id would otherwise end another customer's follow-up unseen.
func (m *Main) printWhose(ctx context.Context, e keepwarm.Enrollment) error {
	s, err := m.whose(ctx, e)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "  %s\n", s)
	return nil
}

// whose is printWhose's line, without its indent.
func (m *Main) whose(ctx context.Context, e keepwarm.Enrollment) (string, error) {
	c, err := m.db.Customer(ctx, e.CustomerID)
	if err != nil {
		return "", err
	}
	subject := ""
	if msg, err := m.db.GetMessage(ctx, e.AnchorID); err == nil {
		subject = fmt.Sprintf(" %q", keepwarm.ClipLine(msg.Subject, 80))
	}
	step := fmt.Sprintf("next step %d", e.Step+1)
	switch {
	case e.Status == keepwarm.EnrollStopped:
		step = fmt.Sprintf("stopped before step %d", e.Step+1)
	case e.Status != keepwarm.EnrollActive && e.Status != keepwarm.EnrollPaused:
		step = fmt.Sprintf("at step %d", e.Step+1)
	}
	return fmt.Sprintf("customer %s (%s), thread %d%s, sequence %s, %s",
		customerLabel(c.Key, c.Name), c.Key, e.ThreadID, subject, e.Sequence, step), nil
}
