package cli

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// cmdEnrollments lists the threads following a sequence; with --all also
// the outbound customer mails no sequence follows up, with the reason.
func cmdEnrollments(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("enrollments")
	customer := fs.String("customer", "", "only this customer: a contact address, a domain or a customer key")
	live := fs.Bool("live", false, "only active and paused enrollments")
	asJSON := fs.Bool("json", false, "print JSON")
	all := fs.Bool("all", false, "also the mail sent to customers that is not followed up, and why")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *all && *live {
		return usageError{"enrollments: --all and --live do not go together"}
	}
	var custID int64
	if *customer != "" {
		c, err := m.db.ResolveCustomer(ctx, *customer)
		if err != nil {
			return err
		}
		custID = c.ID
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
		if *all {
			return writeJSON(m.Stdout, struct {
				Enrollments []keepwarm.Enrollment   `json:"enrollments"`
				NotFollowed []keepwarm.FollowUpSkip `json:"not_followed_up"`
			}{list, skips})
		}
		return writeJSON(m.Stdout, list)
	}
	if err := m.printEnrollments(list); err != nil {
		return err
	}
	if !*all {
		return nil
	}
	fmt.Fprintf(m.Stdout, "\nNot followed up (%d):\n", len(skips))
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
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
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", s.MessageID, s.Customer, s.ThreadID, s.SentAt.In(loc).Format("2006-01-02 15:04"),
			to, truncate(keepwarm.ClipLine(s.Subject, 200), 40), s.Reason, truncate(s.Detail, 70))
	}
	return tw.Flush()
}

// printEnrollments prints the enrollments table.
func (m *Main) printEnrollments(list []keepwarm.Enrollment) error {
	tw := tabwriter.NewWriter(m.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCUSTOMER\tTHREAD\tSEQUENCE\tSTEP\tSTATUS\tNEXT\tREASON")
	loc := m.cfg.TeamLocation()
	for _, e := range list {
		next := "-"
		switch e.Status {
		case keepwarm.EnrollActive:
			next = e.DueAt.In(loc).Format("2006-01-02 15:04")
		case keepwarm.EnrollPaused:
			next = "until " + fmtTimeOr(e.PausedUntil, loc, "resumed")
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%d\t%s\t%s\t%s\n", e.ID, e.Customer, e.ThreadID, e.Sequence, e.Step, e.Status, next, truncate(e.Reason, 60))
	}
	return tw.Flush()
}

func fmtTimeOr(t time.Time, loc *time.Location, zero string) string {
	if t.IsZero() {
		return zero
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// followUpForCommand builds the follow-up job for a person's command.
func (m *Main) followUpForCommand() (*sequences.FollowUp, error) {
	return m.app.NewFollowUp(nil)
}

// cmdEnroll enrolls a thread by hand: `keepwarm enroll THREAD [--sequence NAME]`.
func cmdEnroll(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("enroll")
	seq := fs.String("sequence", "", "the sequence to follow (default: the one for the customer's grade)")
	if len(args) == 0 {
		return usageError{"enroll: give a thread id (see `keepwarm threads`)"}
	}
	thread, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil {
		return usageError{fmt.Sprintf("enroll: %q is not a thread id", args[0])}
	}
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	job, err := m.followUpForCommand()
	if err != nil {
		return err
	}
	e, err := job.EnrollThread(ctx, m.db, thread, *seq, m.clock.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "enrollment %d: thread %d follows %s (%s); next step %s\n", e.ID, e.ThreadID, e.Sequence, e.Status,
		fmtTimeOr(e.DueAt, m.cfg.TeamLocation(), "-"))
	return nil
}

// cmdPause, cmdResume and cmdStop change one enrollment by id.
func cmdPause(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("pause")
	until := fs.String("until", "", "resume by itself at this instant (RFC 3339); default: when a person resumes it")
	id, err := enrollmentArg("pause", fs, args)
	if err != nil {
		return err
	}
	var at time.Time
	if *until != "" {
		if at, err = time.Parse(time.RFC3339, *until); err != nil {
			return usageError{fmt.Sprintf("pause --until %q: write it as RFC 3339", *until)}
		}
	}
	return m.changeEnrollment(ctx, func(f *sequences.FollowUp) (keepwarm.Enrollment, error) {
		return f.Pause(ctx, id, at, m.clock.Now())
	})
}

func cmdResume(ctx context.Context, m *Main, args []string) error {
	id, err := enrollmentArg("resume", m.flags("resume"), args)
	if err != nil {
		return err
	}
	return m.changeEnrollment(ctx, func(f *sequences.FollowUp) (keepwarm.Enrollment, error) {
		return f.Resume(ctx, id, m.clock.Now())
	})
}

func cmdStop(ctx context.Context, m *Main, args []string) error {
	id, err := enrollmentArg("stop", m.flags("stop"), args)
	if err != nil {
		return err
	}
	return m.changeEnrollment(ctx, func(f *sequences.FollowUp) (keepwarm.Enrollment, error) {
		return f.Stop(ctx, id, m.clock.Now())
	})
}

func enrollmentArg(name string, fs interface {
	Parse([]string) error
	Args() []string
}, args []string) (int64, error) {
	if len(args) == 0 {
		return 0, usageError{name + ": give an enrollment id (see `keepwarm enrollments`)"}
	}
	id, err := strconv.ParseInt(args[0], 10, 64)
	if err != nil {
		return 0, usageError{fmt.Sprintf("%s: %q is not an enrollment id", name, args[0])}
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 0, usageError{err.Error()}
	}
	if len(fs.Args()) > 0 {
		return 0, usageError{fmt.Sprintf("%s: unexpected argument %q", name, fs.Args()[0])}
	}
	return id, nil
}

func (m *Main) changeEnrollment(ctx context.Context, fn func(*sequences.FollowUp) (keepwarm.Enrollment, error)) error {
	job, err := m.followUpForCommand()
	if err != nil {
		return err
	}
	e, err := fn(job)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "enrollment %d: %s (%s)\n", e.ID, e.Status, e.Reason)
	return nil
}
