package sequences

import (
	"context"
	"fmt"
	"sort"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

func (f *FollowUp) defs() *Definitions {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.cfg.Definitions
}

func (f *FollowUp) templates() *templates.Set {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.cfg.Templates
}

// Reload replaces the sequences and templates the running job uses (they
// were checked by the caller, as `keepwarm sequences check` does) and moves
// each active enrollment's next step to where the new definition puts it:
// counted from the same clock (the anchor or the previous step) with the
// step's new delay. It returns how many enrollments moved.
func (f *FollowUp) Reload(ctx context.Context, defs *Definitions, set *templates.Set, now time.Time) (int, error) {
	if defs == nil || set == nil {
		return 0, keepwarm.Errorf(keepwarm.EINVALID, "sequences: reload needs both the sequences and the templates")
	}
	f.mu.Lock()
	f.cfg.Definitions, f.cfg.Templates = defs, set
	f.mu.Unlock()
	live, err := f.store.LiveEnrollments(ctx)
	if err != nil {
		return 0, err
	}
	moved := 0
	for _, e := range live {
		if e.Status != keepwarm.EnrollActive {
			continue
		}
		def, ok := defs.Get(e.Sequence)
		if !ok || e.Step >= len(def.Steps) {
			continue
		}
		cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
		if err != nil {
			return moved, err
		}
		st := def.Steps[e.Step]
		due := f.calendar(cust, def).After(e.ClockAt, st.After, st.Business)
		if due.Equal(e.DueAt) {
			continue
		}
		f.log.Info("follow-up step moved by a changed sequence", "enrollment", e.ID, "sequence", def.Name,
			"step", e.Step+1, "from", e.DueAt, "to", due)
		e.DueAt, e.UpdatedAt = due, now
		if _, err := f.store.UpdateEnrollment(ctx, e); err != nil {
			return moved, fmt.Errorf("enrollment %d: %w", e.ID, err)
		}
		moved++
	}
	return moved, nil
}

// refresh reloads the sequences and templates when Refresh says their
// files changed.
func (f *FollowUp) refresh(ctx context.Context, now time.Time) error {
	if f.cfg.Refresh == nil {
		return nil
	}
	defs, set, changed, err := f.cfg.Refresh(ctx)
	if err != nil {
		f.log.Warn("changed sequences or templates not taken: the running ones stay", "err", err)
		return nil // the job goes on with what it has; `keepwarm sequences check` names the problems
	}
	if !changed {
		return nil
	}
	n, err := f.Reload(ctx, defs, set, now)
	if err == nil {
		f.log.Info("sequences and templates reloaded", "moved", n)
	}
	return err
}

// Planned is one thing the follow-up job will do: send a step's mail or
// give a person a task.
type Planned struct {
	EnrollmentID int64
	CustomerID   int64
	Customer     string // the customer's key
	Owner        string // the salesperson it is sent as or given to
	Sequence     string
	Step         int    // 0-based
	Action       string // "email" or "task"
	Template     string // email: the template
	Task         string // task: what to do
	At           time.Time
	Location     *time.Location // the customer's zone: At is shown in it
	// Rule says what placed At: the step's delay, the send window, a
	// holiday or weekend, a pause.
	Rule string
}

// Forecast is what the job will do from now until until for the live
// enrollments, computed as Run does it: a step falls due at its DueAt, waits
// for the customer's send window, and the next step counts from the time
// the step was due (or done, when it ran late). It writes nothing. Answers
// that may still come are not foreseen: the forecast assumes silence.
func (f *FollowUp) Forecast(ctx context.Context, now, until time.Time) ([]Planned, error) {
	if err := f.refresh(ctx, now); err != nil {
		return nil, err
	}
	live, err := f.store.LiveEnrollments(ctx)
	if err != nil {
		return nil, err
	}
	defs := f.defs()
	var out []Planned
	for _, e := range live {
		def, ok := defs.Get(e.Sequence)
		if !ok {
			continue
		}
		due, rule := e.DueAt, "after"
		switch e.Status {
		case keepwarm.EnrollActive:
		case keepwarm.EnrollPaused:
			if e.PausedUntil.IsZero() {
				continue // paused until someone resumes it
			}
			if e.PausedUntil.After(due) {
				due, rule = e.PausedUntil, "pause"
			}
		default:
			continue
		}
		cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
		if err != nil {
			return nil, err
		}
		cal := f.calendar(cust, def)
		for step := e.Step; step < len(def.Steps); step++ {
			st := def.Steps[step]
			if step > e.Step {
				rule = "after"
			}
			// The tick that finds the step due does it then, or, out of
			// the window, at the window's next opening.
			at := due
			if at.Before(now) {
				at = now
			}
			if !cal.InWindow(at) {
				next := cal.Next(at)
				rule = placedBy(cal, at, next)
				at = next
			}
			if at.After(until) {
				break
			}
			rule = ruleWords(rule, st, step)
			out = append(out, Planned{EnrollmentID: e.ID, CustomerID: e.CustomerID, Customer: cust.Key, Owner: e.Owner,
				Sequence: def.Name, Step: step, Action: st.Action, Template: st.Template, Task: st.Task,
				At: at, Location: cal.Loc, Rule: rule})
			clock := due
			if at.Sub(due) > lateStep {
				clock = at
			}
			if step+1 < len(def.Steps) {
				next := def.Steps[step+1]
				due = cal.After(clock, next.After, next.Business)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].At.Equal(out[j].At) {
			return out[i].At.Before(out[j].At)
		}
		return out[i].EnrollmentID < out[j].EnrollmentID
	})
	return out, nil
}

// placedBy names why a time out of the window moved to next.
func placedBy(cal *CustomerCalendar, at, next time.Time) string {
	if !cal.Workday(at) {
		return "holiday or weekend"
	}
	return "send window"
}

// ruleWords says what placed a step: its delay, and the window, a
// holiday or weekend, or a pause when one of them moved it.
func ruleWords(placed string, st StepDef, step int) string {
	from := "the previous step"
	if step == 0 {
		from = "the mail followed up"
	}
	kind := ""
	if st.Business {
		kind = " business days"
	}
	s := fmt.Sprintf("%s%s after %s", st.After, kind, from)
	switch placed {
	case "after":
		return s
	case "pause":
		return s + "; paused until then"
	default:
		return s + "; moved by the " + placed
	}
}
