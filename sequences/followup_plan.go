package sequences

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"keepwarm"
)

// stepName is what a step does, as an enrollment's plan names it: the
// template an email step renders, or the task a task step gives.
func stepName(st StepDef) string {
	if st.Action == "task" {
		return "task:" + st.Task
	}
	return "email:" + st.Template
}

// stepNth says which of the steps named as e's step is in its plan (def's
// steps when it has none yet) that step is, counted from 1: 2 for the
// second "email:resend". 0 when e is at none of them.
func stepNth(e keepwarm.Enrollment, def *Definition) int {
	plan := e.Plan
	if len(plan) == 0 {
		plan = planOf(def)
	}
	if e.Step < 0 || e.Step >= len(plan) {
		return 0
	}
	n := 0
	for _, s := range plan[:e.Step+1] {
		if s == plan[e.Step] {
			n++
		}
	}
	return n
}

// planOf names def's steps in order.
func planOf(def *Definition) []string {
	out := make([]string, len(def.Steps))
	for i, st := range def.Steps {
		out[i] = stepName(st)
	}
	return out
}

// delayWords is a step's delay as an enrollment's plan records it: "15d",
// "36h0m0s", with " business" when only the customer's workdays count.
func delayWords(st StepDef) string {
	if st.Business {
		return st.After.String() + " business"
	}
	return st.After.String()
}

// delaysOf is def's steps' delays in order (delayWords).
func delaysOf(def *Definition) []string {
	out := make([]string, len(def.Steps))
	for i, st := range def.Steps {
		out[i] = delayWords(st)
	}
	return out
}

// doneOf is what e did of its sequence def: the first e.Step steps of its
// plan (of def's steps when it has none yet).
func doneOf(e keepwarm.Enrollment, def *Definition) []string {
	plan := e.Plan
	if len(plan) == 0 {
		plan = planOf(def)
	}
	return plan[:min(max(e.Step, 0), len(plan))]
}

// placeIn says where a follow-up that did the steps done goes on in the
// steps plan: after the last of plan's steps it already did (a step named
// twice counts as done as many times as done has it). passed are the
// steps before that place it never did: steps the manager put before
// what it did, which it does not go back for.
func placeIn(plan, done []string) (next int, passed []int) {
	count := func(list []string, name string) int {
		n := 0
		for _, s := range list {
			if s == name {
				n++
			}
		}
		return n
	}
	for j := len(plan) - 1; j >= 0; j-- {
		if count(plan[:j+1], plan[j]) <= count(done, plan[j]) {
			next = j + 1
			break
		}
	}
	seen := map[string]int{}
	for j := 0; j < next; j++ {
		seen[plan[j]]++
		if seen[plan[j]] > count(done, plan[j]) {
			passed = append(passed, j)
		}
	}
	return next, passed
}

// realign moves e to its place in def when def's steps are no longer
// those e counts its step in (the manager edited the sequence while e
// ran, or e follows def since a regrade): e goes on after the last step
// of def it already did, never doing a step twice because an index now
// points at it, and its next step falls due by that step's delay from
// the same clock. What it passes over, or that nothing is left, is said
// in its reason. A plan it has none of yet is def's (enrollments made
// before plans, or before this look). changed reports whether e changed.
func realign(e *keepwarm.Enrollment, def *Definition, cal *CustomerCalendar) bool {
	plan := planOf(def)
	if len(e.Plan) == 0 {
		e.Plan, e.Delays = plan, delaysOf(def)
		return true
	}
	if slices.Equal(e.Plan, plan) {
		return false
	}
	done := doneOf(*e, def)
	was, oldPlan := e.Step, e.Plan
	next, passed := placeIn(plan, done)
	if len(done) > 0 && next == 0 {
		// None of the steps it did is left (removed, or given another
		// template or task): the step it was to do places it, when that
		// one is still there; else a person decides.
		j := -1
		if was < len(oldPlan) {
			j = slices.Index(plan, oldPlan[was])
		}
		if j < 0 {
			return hold(e, def, plan, done, was)
		}
		next, passed = j, nil
		for k := 0; k < j; k++ {
			passed = append(passed, k)
		}
	}
	freshKey(e, next)
	e.Plan, e.Delays, e.Step = plan, delaysOf(def), next
	if len(done) == 0 && next == 0 {
		// Nothing done yet: it starts the new steps as any new one does.
		if len(def.Steps) > 0 {
			was := e.DueAt
			if opens := stepDue(e, cal, def.Steps[0]); opens && !e.DueAt.Equal(was) {
				movedReason(e, cal, fmt.Sprintf("sequence %s"+sequenceChangedReason, def.Name))
			}
		}
		return true
	}
	var why []string
	why = append(why, fmt.Sprintf("sequence %s"+sequenceChangedReason, def.Name))
	if len(done) > 0 {
		why[0] += fmt.Sprintf(" after it did %s", strings.Join(stepWords(done), ", "))
	}
	if len(passed) > 0 {
		var names []string
		for _, j := range passed {
			names = append(names, fmt.Sprintf("step %d (%s)", j+1, stepWords(plan[j : j+1])[0]))
		}
		verb := " comes before what it did and is not done"
		if len(names) > 1 {
			verb = " come before what it did and are not done"
		}
		why = append(why, strings.Join(names, ", ")+verb)
	}
	if next >= len(def.Steps) {
		why = append(why, "no step of it is left to do")
		e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollCompleted, time.Time{}, false
	} else {
		stepDue(e, cal, def.Steps[next])
		if next != was {
			why = append(why, fmt.Sprintf("it goes on with step %d (%s)", next+1, stepWords(plan[next : next+1])[0]))
		}
	}
	setReason(e, strings.Join(why, "; "))
	return true
}

// stepDue sets e's due time to when its step st falls due by its delay
// from e's clock. Where the send window never opens (After gives the zero
// time) it is e's clock: due at once, the next look fails e saying why,
// and no date of the year 1 reaches the desk. opens is false then: the
// step is not "moved" anywhere.
func stepDue(e *keepwarm.Enrollment, cal *CustomerCalendar, st StepDef) (opens bool) {
	due := cal.After(e.ClockAt, st.After, st.Business)
	if due.IsZero() {
		e.DueAt = e.ClockAt
		return false
	}
	e.DueAt = due
	return true
}

// freshKey moves e to step at, giving it a new outbox key (StepKey) when
// at is below the step it was at: a step at that index was done already,
// and its mail (sent, skipped) is under the key the moved step would
// otherwise have, so the moved step would be taken as done (and Enqueue
// would keep the old mail). Nothing is ever skipped by an index reused.
func freshKey(e *keepwarm.Enrollment, at int) {
	if at < e.Step {
		e.Redo++
	}
	e.Step = at
}

// retime moves e's waiting step to where def's delay for it puts it,
// counted from the same clock, when that delay is not the one e's due
// time was counted with: the manager changed it while e waited (paused
// ones too), or while the daemon was stopped. Its status and pause stay
// as they are, and a paused one's reason too (a pause that ends later
// still holds the step until then); an active one's reason says why the
// step moved (movedReason). e's plan must be def's (realign first). Delays not recorded
// yet (enrollments made before they were) are taken as def's, moving
// nothing. changed reports whether e changed.
func retime(e *keepwarm.Enrollment, def *Definition, cal *CustomerCalendar) bool {
	delays := delaysOf(def)
	if slices.Equal(e.Delays, delays) || !slices.Equal(e.Plan, planOf(def)) {
		return false
	}
	live := e.Status == keepwarm.EnrollActive || e.Status == keepwarm.EnrollPaused
	if live && len(e.Delays) == len(delays) && e.Step < len(def.Steps) && e.Delays[e.Step] != delays[e.Step] {
		was := e.DueAt
		if opens := stepDue(e, cal, def.Steps[e.Step]); opens && !e.DueAt.Equal(was) {
			movedReason(e, cal, fmt.Sprintf("sequence %s's delay for it changed (%s → %s)", def.Name, e.Delays[e.Step], delays[e.Step]))
		}
	}
	e.Delays = delays
	return true
}

// movedReason says, for an active e whose waiting step a changed sequence
// moved, why it waits until its new due time, in place of the hold it
// had: a hold (the salesperson away, the cap, the send window) is decided
// again when the step falls due, and a kept "<signer> is away (" would
// have the signer's return (ReleaseReturned) make the moved step due at
// once, days before its new delay. A paused one keeps its reason.
func movedReason(e *keepwarm.Enrollment, cal *CustomerCalendar, why string) {
	if e.Status != keepwarm.EnrollActive {
		return
	}
	loc := time.UTC
	if cal != nil && cal.Loc != nil {
		loc = cal.Loc
	}
	e.Reason = fmt.Sprintf("step %d moved to %s: %s", e.Step+1, e.DueAt.In(loc).Format("Mon 2 Jan 2006 15:04 MST"), why)
}

// delaysTaken records on e, whose step is put back to be done again (a
// person's Resume or send again, a recipient refused, the last look's
// redo), its sequence's delays as they are now: the step was due once
// already and its delay no longer places it, so the next look (retime)
// must not count that delay again from the step's own due time when it
// changed meanwhile. A plan that is no longer the sequence's is left to
// the next look (realign).
func (f *FollowUp) delaysTaken(e *keepwarm.Enrollment) {
	if def, ok := f.defs().Get(e.Sequence); ok && slices.Equal(e.Plan, planOf(def)) {
		e.Delays = delaysOf(def)
	}
}

// sequenceChangedReason starts the reason of a follow-up its sequence's
// edit moved (realign, hold); a completed one with it ended because no
// step of the changed sequence was left for it, not by doing its steps.
const sequenceChangedReason = " changed under this follow-up"

// endedBySequenceChange reports whether e completed because its sequence
// was changed under it (realign, hold) and left it no step.
func endedBySequenceChange(e keepwarm.Enrollment) bool {
	return e.Status == keepwarm.EnrollCompleted && strings.HasPrefix(e.Reason, "sequence ") &&
		strings.Contains(strings.SplitN(e.Reason, ":", 2)[0], sequenceChangedReason)
}

// hold pauses e, with no end, when def changed so that none of the steps
// it did nor the one it was to do is in it any more: where it should go on
// is a guess, so a person resumes it (at the same step number) or stops it.
func hold(e *keepwarm.Enrollment, def *Definition, plan, done []string, was int) bool {
	e.Plan, e.Delays, e.Step = plan, delaysOf(def), min(was, len(plan))
	if e.Step >= len(plan) {
		e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollCompleted, time.Time{}, false
		e.Reason = fmt.Sprintf("sequence %s changed under this follow-up: none of the steps it did (%s) is in it any more, and it has no step %d",
			def.Name, strings.Join(stepWords(done), ", "), was+1)
		return true
	}
	e.Status, e.PausedUntil, e.PausedByPerson = keepwarm.EnrollPaused, time.Time{}, true
	e.Reason = fmt.Sprintf("sequence %s changed under this follow-up: none of the steps it did (%s) nor the one it was to do is in it any more; resume to go on with step %d (%s), or stop it",
		def.Name, strings.Join(stepWords(done), ", "), e.Step+1, stepWords(plan[e.Step : e.Step+1])[0])
	return true
}

// stepWords names steps for a reason: the template's name, or "the task".
func stepWords(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		if t, ok := strings.CutPrefix(n, "email:"); ok {
			out[i] = t
		} else {
			out[i] = "the task"
		}
	}
	return out
}

// aligned is e realigned to its sequence as it is now (see realign), its
// waiting step moved by a changed delay (retime), and moved on past a step
// whose mail, queued before an edit, went (pastOlderMail); moved reports
// whether that changed it. It writes nothing.
func (f *FollowUp) aligned(ctx context.Context, e keepwarm.Enrollment, now time.Time) (keepwarm.Enrollment, bool, error) {
	def, ok := f.defs().Get(e.Sequence)
	if !ok {
		return e, false, nil
	}
	if slices.Equal(e.Plan, planOf(def)) && slices.Equal(e.Delays, delaysOf(def)) {
		// Placed by an edit undone at a step whose older mail then
		// still waited: once it went, e goes on past the step.
		past, err := f.pastOlderMail(ctx, &e, def, func() (*CustomerCalendar, error) {
			cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
			if err != nil {
				return nil, err
			}
			return f.calendar(cust, def), nil
		})
		return e, past, err
	}
	if len(e.Delays) == 0 && slices.Equal(e.Plan, planOf(def)) {
		// Made before plans kept their delays (seedDelays did not record
		// them): the sequence's as they are now, its step moved later
		// when they put it later.
		cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
		if err != nil {
			return e, false, err
		}
		if _, err := f.firstLook(ctx, &e, def, f.calendar(cust, def), now); err != nil {
			return e, false, err
		}
		return e, true, nil
	}
	cust, err := f.store.CustomerForSequence(ctx, e.CustomerID)
	if err != nil {
		return e, false, err
	}
	cal := f.calendar(cust, def)
	moved := realign(&e, def, cal)
	if retime(&e, def, cal) {
		moved = true
	}
	past, err := f.pastOlderMail(ctx, &e, def, calIs(cal))
	return e, moved || past, err
}

// pastOlderMail moves e, active and just placed by realign at a step of
// def whose mail it queued before an edit (olderStepMail: an edit undone,
// a template renamed and back, a step removed and added again), on from
// that step at once, counted from that mail (fromOlderMail), as its tick
// would when the step fell due (doStep): the desk, the customer page, the
// digest and the forecast do not announce the step a second time, to be
// skipped or stopped by a salesperson who fears it goes twice. It writes
// nothing; its reason says so. Only a mail that went (sent, or filed in
// Drafts) moves it, or a person's skip of the step for good
// (skippedForGood: Skip on that mail, or the step's "Skip this step"
// record), which cannot fail: e goes on as that skip had it, the next
// step counted from the skipped one's due time (fromOlderMail), and the
// step she said no to is not announced again for days. One still
// waiting may yet fail. A paused one stays where it is, its pause
// and reason with it (a list's reply, a person's pause), at a step whose
// mail went or waits: moved on, the last step's waiting mail completed
// it, and the mail went after the possible answer; the mail's last look
// skips it and puts the step back. A step a person skipped for good
// sends nothing, and SkipStep skips a paused one's step too: a paused
// one goes on past it as an active one does, its pause, its end and
// what it waits for kept (setReason), as SkipStep keeps them; at its
// last step it completes, its pause over, as SkipStep completes it.
// A failed, completed or stopped one is not placed (Placed, the tick):
// a failed one resumed is active, and goes on past the step then.
// A call step is passed the same way: its call's task made before
// (olderStepTask, open or closed) as a mail that went, her "Skip this
// step" record of it as a skip for good; the call is not asked for, nor
// offered to be skipped, a second time.
func (f *FollowUp) pastOlderMail(ctx context.Context, e *keepwarm.Enrollment, def *Definition, calOf func() (*CustomerCalendar, error)) (bool, error) {
	if !e.Status.Live() || e.Step >= len(def.Steps) {
		return false, nil
	}
	var it keepwarm.OutboxItem
	var call keepwarm.Task
	var found, skipped, went bool
	var err error
	if def.Steps[e.Step].Action == "email" {
		it, found, err = f.olderStepMail(ctx, *e)
		skipped = found && skippedForGood(it)
		went = found && (it.Status == keepwarm.OutboxSent || it.Status == keepwarm.OutboxDrafted)
	} else {
		// A call step: its call made before (a task, open or closed), or
		// her "Skip this step" of it, is the step done, as a mail that
		// went is; a call sends nothing, and cannot fail.
		call, found, err = f.olderStepTask(ctx, *e)
		skipped = found && taskSkipped(call)
		went = found && !skipped
	}
	if err != nil || !skipped && (!went || e.Status != keepwarm.EnrollActive) {
		// A mail still queued, held or being sent may yet fail or go
		// uncertain: e waits at the step, where Settled finds it and
		// fails it naming this step, and its tick, when the step falls
		// due, moves it on past the mail (doStep) as before. A paused
		// one waits at a step whose mail went too (see above).
		return false, err
	}
	cal, err := calOf()
	if err != nil {
		return false, err
	}
	step := e.Step
	why := e.Reason
	if stepsOwnWait(*e) {
		// The step's own wait (its signer away, the window shut) ends
		// with it, as movedOn drops it: kept at the head of the reason,
		// the signer's return (ReleaseReturned) would make the next
		// step due at once, days before its delay.
		why = ""
	}
	if i := strings.LastIndex(why, "; it goes on with step "); i >= 0 {
		why = why[:i]
	}
	paused := e.Status == keepwarm.EnrollPaused
	var done time.Time
	if call.ID != 0 {
		done = fromOlderTask(e, call)
	} else {
		done = fromOlderMail(e, it)
	}
	movedOn(e, def, cal, done)
	if e.Status == keepwarm.EnrollCompleted && paused {
		e.PausedUntil, e.PausedByPerson = time.Time{}, false
	}
	if !e.Status.Live() {
		return true, nil
	}
	switch {
	case call.ID != 0 && skipped:
		why += fmt.Sprintf("; step %d (%s) was skipped by %s before (task %d)", step+1, stepWords(e.Plan[step : step+1])[0], skippedCallBy(call), call.ID)
	case call.ID != 0:
		why += fmt.Sprintf("; step %d (%s) is done by its call task made before (task %d)", step+1, stepWords(e.Plan[step : step+1])[0], call.ID)
	case skipped:
		why += fmt.Sprintf("; step %d (%s) was skipped by %s before (outbox %d)", step+1, stepWords(e.Plan[step : step+1])[0], skippedBy(it), it.ID)
	default:
		why += fmt.Sprintf("; step %d (%s) is done by its mail queued before (outbox %d)", step+1, stepWords(e.Plan[step : step+1])[0], it.ID)
	}
	why = strings.TrimPrefix(why+fmt.Sprintf("; it goes on with step %d (%s)", e.Step+1, stepWords(e.Plan[e.Step : e.Step+1])[0]), "; ")
	if paused && e.PausedByPerson {
		// A person's pause keeps its reason, as setReason keeps it
		// (SkipStep, realign): the desk says who paused it.
		return true, nil
	}
	// Another pause's reason begins with what it waits for (an
	// out-of-office, a hold until a person looks), as setReason keeps
	// it, and why begins with e's reason.
	e.Reason = why
	return true, nil
}

// calIs is pastOlderMail's calendar when it is at hand.
func calIs(cal *CustomerCalendar) func() (*CustomerCalendar, error) {
	return func() (*CustomerCalendar, error) { return cal, nil }
}

// firstLook gives e, made before plans kept their delays (its plan is
// def's), def's delays, and moves its waiting step to where def's delay
// for it puts it, counted from the same clock, when that is later than
// the step waits: the file may have been edited while keepwarm was
// stopped for the upgrade that began keeping delays, and which delay its
// due time was counted with is not known, so a step may go later than
// the old delay had it, never earlier than the delay in force. A step done
// once already and put back to be done again (a person's Resume) is not
// moved. A step held for its salesperson's absence past that delay is
// moved to it too when it is still to come (after now), as retime moves
// one, its reason replaced (movedReason): kept, her return
// (ReleaseReturned) would make it due at once, before the delay in force;
// when it falls due, doStep holds it again if she is still away. moved
// reports whether its due time changed.
func (f *FollowUp) firstLook(ctx context.Context, e *keepwarm.Enrollment, def *Definition, cal *CustomerCalendar, now time.Time) (bool, error) {
	e.Delays = delaysOf(def)
	if e.Status != keepwarm.EnrollActive && e.Status != keepwarm.EnrollPaused || e.Step >= len(def.Steps) {
		return false, nil
	}
	st := def.Steps[e.Step]
	want := cal.After(e.ClockAt, st.After, st.Business)
	if !want.After(e.DueAt) && !(want.After(now) && heldForAbsence(*e)) {
		return false, nil
	}
	it, found, err := f.store.LastStepItem(ctx, e.ID, e.Step+1)
	if err != nil {
		return false, err
	}
	if found && it.Step != nil && *it.Step == e.Step {
		return false, nil
	}
	e.DueAt = want
	movedReason(e, cal, fmt.Sprintf("sequence %s's delay for it is %s", def.Name, e.Delays[e.Step]))
	return true, nil
}

// heldForAbsence reports whether e, active, waits for its salesperson's
// return: its reason is the hold ReleaseReturned frees
// (absences-release-enrollments).
func heldForAbsence(e keepwarm.Enrollment) bool {
	who := e.SignedBy()
	return e.Status == keepwarm.EnrollActive && who != "" && strings.HasPrefix(e.Reason, who+" is away (")
}

// seedDelays records at once (RecordPlanDelays: one transaction, nothing
// a person sees changes) the delays of the live enrollments made before
// plans kept them whose step stays where it is, and returns live with
// them recorded: the first tick after the upgrade does not write each
// one in a transaction of its own. Those whose step the delays move later
// (firstLook) are left to their look, which moves and stores them.
func (f *FollowUp) seedDelays(ctx context.Context, live []keepwarm.Enrollment, now time.Time) ([]keepwarm.Enrollment, error) {
	defs := f.defs()
	var ids []int64
	for _, e := range live {
		if def, ok := defs.Get(e.Sequence); ok && len(e.Delays) == 0 && slices.Equal(e.Plan, planOf(def)) {
			ids = append(ids, e.CustomerID)
		}
	}
	if len(ids) == 0 {
		return live, nil
	}
	custs, err := f.store.CustomersForSequence(ctx, ids)
	if err != nil {
		return live, err
	}
	seed := map[int64][]string{}
	out := slices.Clone(live)
	for i, e := range out {
		def, ok := defs.Get(e.Sequence)
		cust, found := custs[e.CustomerID]
		if !ok || !found || len(e.Delays) != 0 || !slices.Equal(e.Plan, planOf(def)) {
			continue
		}
		moved, err := f.firstLook(ctx, &e, def, f.calendar(cust, def), now)
		if err != nil {
			return live, err
		}
		if !moved {
			seed[e.ID], out[i].Delays = e.Delays, e.Delays
		}
	}
	if _, err := f.store.RecordPlanDelays(ctx, seed); err != nil {
		return live, err
	}
	return out, nil
}
