package sequences

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"keepwarm"
	"keepwarm/templates"
)

func (f *FollowUp) defs() *Definitions {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.cfg.Definitions
}

// Definition is the running job's sequence of that name, as its steps are
// done (false when it has none by that name).
func (f *FollowUp) Definition(name string) (*Definition, bool) {
	return f.defs().Get(name)
}

func (f *FollowUp) templates() *templates.Set {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.cfg.Templates
}

// Reload replaces the sequences and templates the running job uses (they
// were checked by the caller, as `keepwarm sequences check` does) and moves
// each active enrollment's next step to where the new definition puts it
// when its steps or that step's delay changed: counted from the same clock
// (the anchor or the previous step) with the step's new delay, its reason
// saying so in place of the hold it had (movedReason). A paused one's step moves too when only its delay
// changed (its pause, status and reason stay; one whose steps changed is
// placed by its next look). It returns how many enrollments moved. An enrollment
// another job changed since it was read is left as that job left it (the
// next refresh moves it), not an error that stops the others.
func (f *FollowUp) Reload(ctx context.Context, defs *Definitions, set *templates.Set, now time.Time) (int, error) {
	if defs == nil || set == nil {
		return 0, keepwarm.Errorf(keepwarm.EINVALID, "sequences: reload needs both the sequences and the templates")
	}
	f.mu.Lock()
	old := f.cfg.Definitions
	if f.placedBy != nil {
		old, f.placedBy = f.placedBy, nil // Refresh took these without moving anything
	}
	f.cfg.Definitions, f.cfg.Templates = defs, set
	f.mu.Unlock()
	live, err := f.store.LiveEnrollments(ctx)
	if err != nil {
		return 0, err
	}
	// Mail held because its window never opened is looked at again now,
	// not up to a day later: the change may have opened it (the look
	// holds it again if not).
	if err := f.releaseHeld(ctx, now); err != nil {
		return 0, err
	}
	moved := 0
	for _, e := range live {
		def, ok := defs.Get(e.Sequence)
		if !ok {
			continue
		}
		seeded := seedRan(&e, old)
		if slices.Equal(e.Plan, planOf(def)) && slices.Equal(e.Delays, delaysOf(def)) {
			// Its steps and their delays are as they were (a template
			// changed, or another sequence): nothing of it moves, and its
			// customer is not read.
			if seeded {
				f.keepPlan(ctx, e, now)
			}
			continue
		}
		if e.Status != keepwarm.EnrollActive {
			if e.Status == keepwarm.EnrollPaused && slices.Equal(e.Plan, planOf(def)) {
				cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
				if err != nil {
					return moved, err
				}
				was := e
				if retime(&e, def, f.calendar(cust, def)) && !e.DueAt.Equal(was.DueAt) {
					// Its pause, status and reason stay: only when the
					// step goes once the pause is over moves.
					f.log.Info("paused follow-up's step moved by a changed sequence", "enrollment", e.ID, "sequence", def.Name,
						"step", e.Step+1, "from", was.DueAt, "to", e.DueAt)
					e.UpdatedAt = now
					if _, err := f.store.UpdateEnrollment(ctx, e); keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
						f.log.Info("follow-up changed meanwhile: its step is moved on the next refresh", "enrollment", e.ID, "sequence", def.Name)
					} else if err != nil {
						return moved, fmt.Errorf("enrollment %d: %w", e.ID, err)
					} else {
						moved++
					}
					continue
				}
			}
			if seeded {
				f.keepPlan(ctx, e, now) // the next look places it
			}
			continue
		}
		cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
		if err != nil {
			return moved, err
		}
		cal := f.calendar(cust, def)
		was := e
		// Steps added, removed or reordered: it goes on after what it
		// already did, not at the same index.
		// Its step moves only when that or its delay changed: a step
		// held (the cap, the window, its signer away) stays held when
		// only a template changed. Placed again at a step whose mail it
		// queued before an edit (one undone), it goes on past it at once.
		realigned := realign(&e, def, cal)
		retime(&e, def, cal)
		if realigned {
			if _, err := f.pastOlderMail(ctx, &e, def, calIs(cal)); err != nil {
				return moved, err
			}
		}
		due := e.DueAt
		if due.Equal(was.DueAt) && e.Step == was.Step && e.Status == was.Status {
			if !slices.Equal(e.Plan, was.Plan) || !slices.Equal(e.Delays, was.Delays) {
				f.keepPlan(ctx, e, now)
			}
			continue
		}
		f.log.Info("follow-up step moved by a changed sequence", "enrollment", e.ID, "sequence", def.Name,
			"step", e.Step+1, "from", was.DueAt, "to", due)
		e.DueAt, e.UpdatedAt = due, now
		if _, err := f.store.UpdateEnrollment(ctx, e); keepwarm.ErrorCode(err) == keepwarm.ECONFLICT {
			// Another job (the daemon's tick, its own reload) changed it
			// since it was read: that one's next refresh moves it, and the
			// other enrollments are moved here regardless.
			f.log.Info("follow-up changed meanwhile: its step is moved on the next refresh", "enrollment", e.ID, "sequence", def.Name)
			continue
		} else if err != nil {
			return moved, fmt.Errorf("enrollment %d: %w", e.ID, err)
		}
		moved++
	}
	return moved, nil
}

// seedRan gives e, made before enrollments kept their plan and its
// delays, those of its sequence in old, the definitions it ran with until
// now (nil: none known); it reports whether it gave any.
func seedRan(e *keepwarm.Enrollment, old *Definitions) (seeded bool) {
	if old == nil {
		return false
	}
	ran, _ := old.Get(e.Sequence)
	if ran == nil {
		return false
	}
	if len(e.Plan) == 0 {
		// Made before enrollments kept their plan: its step counts
		// in the steps it ran with until now, not in the new ones.
		e.Plan, seeded = planOf(ran), true
	}
	if len(e.Delays) == 0 && slices.Equal(e.Plan, planOf(ran)) {
		// Made before plans kept their delays: its step waits by
		// the delays it ran with until now.
		e.Delays, seeded = delaysOf(ran), true
	}
	return seeded
}

// keepPlan stores e's plan when only that changed (its step did not
// move). A conflict leaves it to the next look.
func (f *FollowUp) keepPlan(ctx context.Context, e keepwarm.Enrollment, now time.Time) {
	e.UpdatedAt = now
	if _, err := f.store.UpdateEnrollment(ctx, e); err != nil && keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		f.log.Warn("follow-up's steps not recorded: the next look places it", "enrollment", e.ID, "err", err)
	}
}

// Refresh takes the sequence and template files when they changed since
// this job last read them, as Run does on every tick, but moves no waiting
// follow-up: a second job over the same files, as the web's, acts on the
// definitions the daemon's acts on, not the ones it started with, and
// leaves moving the follow-ups (a write each) to the daemon's tick, not to
// a person's page load. What it does to one follow-up (SkipStep, Placed)
// places that one by the definitions first. Files that do not check are
// not taken: it keeps the ones it has.
func (f *FollowUp) Refresh(ctx context.Context, now time.Time) error {
	if f.cfg.Refresh == nil {
		return nil
	}
	defs, set, changed, err := f.cfg.Refresh(ctx)
	if err != nil {
		f.log.Warn("changed sequences or templates not taken: the running ones stay", "err", err)
		return nil
	}
	if !changed {
		return nil
	}
	if defs == nil || set == nil {
		return keepwarm.Errorf(keepwarm.EINVALID, "sequences: refresh needs both the sequences and the templates")
	}
	f.mu.Lock()
	if f.placedBy == nil {
		f.placedBy = f.cfg.Definitions
	}
	f.cfg.Definitions, f.cfg.Templates = defs, set
	f.mu.Unlock()
	f.log.Info("sequences and templates taken; the daemon moves the waiting follow-ups on its tick")
	return nil
}

// Placed is e as the definitions now place it (realigned to steps added,
// removed or reordered, its waiting step moved by a changed delay), as the
// daemon's next look will store it. It writes nothing.
func (f *FollowUp) Placed(ctx context.Context, e keepwarm.Enrollment, now time.Time) (keepwarm.Enrollment, error) {
	if !e.Status.Live() {
		return e, nil
	}
	p, _, err := f.aligned(ctx, e, now)
	return p, err
}

// releaseHeld makes the mail held by a send window that never opened due
// again at now (the send's look holds what is still closed again), on a
// change of the sequences and at the job's first run.
func (f *FollowUp) releaseHeld(ctx context.Context, now time.Time) error {
	n, err := f.store.ReleaseHeld(ctx, "held: "+noOpeningPrefix, now)
	if err != nil {
		return err
	}
	f.heldLooked.Store(true)
	if n > 0 {
		f.log.Info("follow-up steps held by a send window that never opened are looked at again", "items", n)
	}
	return nil
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
	// Mode is how an email step goes: send, draft (filed for the
	// salesperson to send) or dry-run (recorded only).
	Mode     keepwarm.SendMode
	At       time.Time
	Location *time.Location // the customer's zone: At is shown in it
	// Rule says what placed At: the step's delay, the send window, a
	// holiday or weekend, a pause.
	Rule string
}

// Forecast is what the job will do from now until until for the live
// enrollments, computed as Run does it: a step falls due at its DueAt,
// waits for the customer's send window and for the per-contact cap (the
// mails already sent and those the forecast itself places), and the next
// step counts from the time the step was due (or done, when it ran late,
// or from when its mail went out, when that was well after).
// It writes nothing. Answers that may still come are not foreseen: the
// forecast assumes silence.
func (f *FollowUp) Forecast(ctx context.Context, now, until time.Time) ([]Planned, error) {
	return f.ForecastWith(ctx, now, until, nil)
}

// ForecastWith is Forecast counting also the other automated mail planned
// to go (also: per lower-case address, when; the greetings and letters
// the greetings job plans) against the weekly cap and one mail a day, as
// the ticks count it once it is queued.
//
// It takes changed files as Refresh does, moving no waiting follow-up:
// the forecast is read on a page load (/forecast, the "Don't send"
// question), and each follow-up is planned below as the next look will
// place it; the daemon's tick stores the moves.
func (f *FollowUp) ForecastWith(ctx context.Context, now, until time.Time, also map[string][]time.Time) ([]Planned, error) {
	if err := f.Refresh(ctx, now); err != nil {
		return nil, err
	}
	live, err := f.store.LiveEnrollments(ctx)
	if err != nil {
		return nil, err
	}
	f.mu.RLock()
	defs, ran := f.cfg.Definitions, f.placedBy
	f.mu.RUnlock()
	type track = forecastTrack
	var tracks []*track
	var all []string
	for _, e := range live {
		def, ok := defs.Get(e.Sequence)
		if !ok {
			continue
		}
		cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
		if err != nil {
			return nil, err
		}
		cal := f.calendar(cust, def)
		// As the next look places it, when the sequence changed, and
		// past a step whose mail it queued before an edit, once that
		// went (pastOlderMail). Files taken by Refresh and not yet
		// acted on by the tick (ran): it is placed from the steps it ran
		// with, as the tick's Reload does.
		seedRan(&e, ran)
		realign(&e, def, cal)
		retime(&e, def, cal)
		if _, err := f.pastOlderMail(ctx, &e, def, calIs(cal)); err != nil {
			return nil, err
		}
		if e.Step >= len(def.Steps) {
			continue
		}
		// A customer handed to a colleague or let go to the pool: the next
		// step stops the follow-up instead of sending in the old name.
		if why, err := f.notTheirs(ctx, e, cust); err != nil {
			return nil, err
		} else if why != "" {
			continue
		}
		tr := &track{e: e, def: def, step: e.Step, due: e.DueAt, rule: "after", cust: cust, cal: cal}
		if e.Step > 0 {
			// As a tick does it: counted from when the previous step's
			// mail went out, when that was well after it was due.
			it, found, err := f.StepMail(ctx, e)
			if err != nil {
				return nil, err
			}
			went := time.Time{}
			switch {
			case !found:
			case it.Status == keepwarm.OutboxSent:
				went = it.SentAt
			case it.Status == keepwarm.OutboxQueued || it.Status == keepwarm.OutboxSending:
				// Still in the outbox (held, retried, waiting for the
				// mailbox's cap): the step waits for it to go
				// (previousStepDone), taken as at its next attempt.
				went = it.NextAttemptAt
				if went.Before(now) || it.Status == keepwarm.OutboxSending {
					went = now
				}
				if tr.due.Before(went) {
					tr.due, tr.rule = went, "previous in outbox"
				}
			case it.Status == keepwarm.OutboxFailed || it.Status == keepwarm.OutboxUncertain:
				continue // the follow-up stops there (previousStepDone)
			}
			if !went.IsZero() && went.Sub(e.ClockAt) > lateStep {
				st := def.Steps[e.Step]
				if due := cal.After(went, st.After, st.Business); due.After(tr.due) {
					tr.due, tr.rule = due, "counted from the send"
				}
			}
		}
		switch e.Status {
		case keepwarm.EnrollActive:
		case keepwarm.EnrollPaused:
			if e.PausedUntil.IsZero() {
				continue // paused until someone resumes it
			}
			if e.PausedUntil.After(tr.due) {
				tr.due, tr.rule = e.PausedUntil, "pause"
			}
		default:
			continue
		}
		for _, a := range e.To {
			tr.emails = append(tr.emails, strings.ToLower(a.Email))
		}
		all = append(all, tr.emails...)
		tracks = append(tracks, tr)
	}
	// Who is away, read once: a step in the name of a salesperson away
	// waits until they are back, as doStep holds it (ownerAway).
	var roster Roster
	if f.cfg.Away != nil {
		if roster, err = f.cfg.Away.Roster(ctx, now); err != nil {
			return nil, err
		}
	}
	away := func(owner string, at time.Time) (keepwarm.Absence, bool) {
		if f.cfg.Away == nil || owner == "" || f.cfg.WhileAway != nil && f.cfg.WhileAway(owner) {
			return keepwarm.Absence{}, false
		}
		return keepwarm.AwayAt(roster.Absences, owner, at)
	}
	// The automated mail each contact had, and then what the forecast
	// places, for the weekly cap and one mail a day (sameDay).
	sent := map[string][]time.Time{}
	if f.cap.store != nil && len(all) > 0 {
		if sent, err = f.cap.store.AutomatedSince(ctx, all, now.Add(-CapWindow)); err != nil {
			return nil, err
		}
	}
	// A mail queued on an earlier day and not gone yet goes today as far
	// as one a day is concerned (sameDay): the first send it gets is now.
	waiting := map[string][]time.Time{}
	if f.cap.store != nil && len(all) > 0 {
		held, err := f.cap.store.AutomatedWaiting(ctx, all, now)
		if err != nil {
			return nil, err
		}
		for a, ts := range held {
			if len(ts) > 0 {
				waiting[a] = []time.Time{now}
			}
		}
	}
	counted := map[string]bool{}
	for _, a := range all {
		if counted[a] {
			continue
		}
		counted[a] = true
		for _, t := range also[a] {
			if !t.Before(now) && !t.After(until) {
				sent[a] = append(sent[a], t)
			}
		}
	}
	// when is the instant the tick that finds tr's step due does it: then,
	// or, out of the window, at the window's next opening.
	when := func(tr *track) (time.Time, string) {
		at, rule := tr.due, tr.rule
		if at.Before(now) {
			at = now
		}
		if !tr.cal.InWindow(at) {
			next := tr.cal.Next(at)
			if rule == "after" {
				rule = placedBy(tr.cal, at, next)
			}
			at = next
		}
		return at, rule
	}
	var out []Planned
	for guard := 0; guard < 100000; guard++ {
		var tr *track
		var at time.Time
		var rule string
		for _, t := range tracks {
			if t.step >= len(t.def.Steps) {
				continue
			}
			a, r := when(t)
			if a.IsZero() {
				// Its window never opens (NoOpening): nothing goes.
				t.step = len(t.def.Steps)
				continue
			}
			if tr == nil || a.Before(at) || a.Equal(at) && t.e.ID < tr.e.ID {
				tr, at, rule = t, a, r
			}
		}
		if tr == nil || at.After(until) {
			break
		}
		st := tr.def.Steps[tr.step]
		mode := f.mode(tr.def)
		if st.Action == "task" && mode == keepwarm.ModeDryRun {
			// Not given in a dry run (doStep): the next step counts on.
			tr.advance(at)
			continue
		}
		// The salesperson the step goes out in the name of (from a shared
		// mailbox, its signer): held on their absence, named and filed
		// under them, as their desk and digest list it.
		who := tr.e.SignedBy()
		if a, ok := away(who, at); ok {
			if a.Until.IsZero() {
				// No end given: it waits until they say they are back,
				// which no forecast knows; listed once, and nothing after it.
				out = append(out, Planned{EnrollmentID: tr.e.ID, CustomerID: tr.e.CustomerID, Customer: tr.cust.Key, Owner: who,
					Sequence: tr.def.Name, Step: tr.step, Action: st.Action, Template: st.Template, Task: st.Task,
					At: at, Location: tr.cal.Loc, Rule: ruleWords(rule, st, tr.step) + "; " + awayWords(who, a, f.personLocation(who))})
				tr.step = len(tr.def.Steps)
				continue
			}
			tr.due, tr.rule = tr.cal.Next(a.Until), "away:"+awayWords(who, a, f.personLocation(who))
			continue
		}
		if st.Action == "email" {
			if u, _ := f.cap.fullGiven(inWindow(sent, at), tr.emails, at); !u.IsZero() {
				tr.due, tr.rule = tr.cal.Next(u), "cap"
				continue
			}
			next := sameDayGiven(sent, tr.emails, tr.cal.Loc, at)
			if next.IsZero() {
				next = sameDayGiven(waiting, tr.emails, tr.cal.Loc, at)
			}
			if !next.IsZero() {
				tr.due, tr.rule = tr.cal.Next(next), "one a day"
				continue
			}
			if mode != keepwarm.ModeDryRun {
				// A dry run's step reaches nobody: the ticks do not
				// count it (AutomatedSince).
				for _, m := range tr.emails {
					sent[m] = append(sent[m], at)
				}
			}
		}
		out = append(out, Planned{EnrollmentID: tr.e.ID, CustomerID: tr.e.CustomerID, Customer: tr.cust.Key, Owner: who,
			Sequence: tr.def.Name, Step: tr.step, Action: st.Action, Template: st.Template, Task: st.Task, Mode: stepMode(st, mode),
			At: at, Location: tr.cal.Loc, Rule: ruleWords(rule, st, tr.step)})
		tr.advance(at)
	}
	return out, nil
}

// forecastTrack is one enrollment as the forecast walks its steps.
type forecastTrack struct {
	e      keepwarm.Enrollment
	def    *Definition
	cust   keepwarm.Customer
	cal    *CustomerCalendar
	step   int
	due    time.Time
	rule   string
	emails []string
}

// advance moves tr past its step done at at, as doStep does: the next
// step counts from when it was due, or from at when it ran late.
func (tr *forecastTrack) advance(at time.Time) {
	clock := tr.due
	if at.Sub(tr.due) > lateStep {
		clock = at
	}
	tr.step++
	tr.rule = "after"
	if tr.step < len(tr.def.Steps) {
		next := tr.def.Steps[tr.step]
		tr.due = tr.cal.After(clock, next.After, next.Business)
	}
}

// stepMode is an email step's mode ("" for a task).
func stepMode(st StepDef, m keepwarm.SendMode) keepwarm.SendMode {
	if st.Action != "email" {
		return ""
	}
	return m
}

// inWindow keeps the times of the CapWindow before at, oldest first.
func inWindow(sent map[string][]time.Time, at time.Time) map[string][]time.Time {
	out := make(map[string][]time.Time, len(sent))
	for k, ts := range sent {
		var keep []time.Time
		for _, t := range ts {
			if t.After(at.Add(-CapWindow)) && !t.After(at) {
				keep = append(keep, t)
			}
		}
		sort.Slice(keep, func(i, j int) bool { return keep[i].Before(keep[j]) })
		out[k] = keep
	}
	return out
}

// sameDayGiven is sameDay over the automated mails sent or planned (per
// lower-case address): the start of the next day in loc when one of emails
// has one on the day of at there, before at or later that day (a greeting
// planned that afternoon: the step gives the day to it, as greetingToday
// holds it) (zero: it may go).
func sameDayGiven(sent map[string][]time.Time, emails []string, loc *time.Location, at time.Time) time.Time {
	y, m, d := at.In(loc).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, loc)
	end := start.AddDate(0, 0, 1)
	for _, e := range emails {
		for _, t := range sent[e] {
			if !t.Before(start) && t.Before(end) {
				return start.AddDate(0, 0, 1)
			}
		}
	}
	return time.Time{}
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
	case "cap":
		return s + "; waits for the per-contact cap (at most a few automated mails a week)"
	case "counted from the send":
		return s + "; counted from when the previous step's mail is sent"
	case "previous in outbox":
		return s + "; waits for the previous step's mail, still in the outbox, to go out"
	case "one a day":
		return s + "; waits for the next day: the contact already has a mail from keepwarm that day (one a day at most)"
	}
	if why, ok := strings.CutPrefix(placed, "away:"); ok {
		return s + "; " + why
	}
	switch placed {
	default:
		return s + "; moved by the " + placed
	}
}

// awayWords says, for the forecast, that a step of owner's waits for
// their absence a to end, with the day in loc (owner's zone).
func awayWords(owner string, a keepwarm.Absence, loc *time.Location) string {
	switch {
	case a.Until.IsZero():
		return fmt.Sprintf("%s is away (%s, no return date given): waits until they are back", owner, a.Source)
	case a.NoReturnDate:
		return fmt.Sprintf("%s is away (%s, no return date given): waits until %s at the latest, when keepwarm takes them as back",
			owner, a.Source, a.Until.In(loc).Format("2006-01-02 15:04 MST"))
	}
	return fmt.Sprintf("%s is away (%s) until %s: waits until they are back", owner, a.Source, a.Until.In(loc).Format("2006-01-02 15:04 MST"))
}

// Templates is the template set the running job uses (Reload replaces it).
func (f *FollowUp) Templates() *templates.Set { return f.templates() }
