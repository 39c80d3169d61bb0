package sequences_test

import (
	"context"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
	"keepwarm/templates"
)

// stepsQueued counts the follow-up's mails in the outbox.
func (w *fuWorld) stepsQueued() int {
	w.t.Helper()
	n := 0
	for _, it := range w.outbox() {
		if it.Step != nil {
			n++
		}
	}
	return n
}

// The manager slows the resend (3 days -> 10) while a person's pause holds
// the follow-up until day 2: the reload moves its step to day 10 and
// leaves the pause as the person set it, and nothing goes on day 3, when
// the old delay had it.
func TestALongerDelayMovesAPausedFollowUpsStep(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start)
	e := w.enrollment()
	if !e.DueAt.Equal(day0.AddDate(0, 0, 3)) {
		t.Fatalf("due %s", e.DueAt)
	}
	until := day0.AddDate(0, 0, 2)
	if _, err := w.job.Pause(ctx, e.ID, until, start); err != nil {
		t.Fatal(err)
	}
	paused := w.enrollment()
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "10d"`)
	if _, err := w.job.Reload(ctx, defs, set, start.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	e = w.enrollment()
	if want := day0.AddDate(0, 0, 10); !e.DueAt.Equal(want) {
		t.Errorf("after the reload the step is due %s, want %s", e.DueAt, want)
	}
	if e.Status != keepwarm.EnrollPaused || !e.PausedByPerson || !e.PausedUntil.Equal(until) || e.Reason != paused.Reason {
		t.Errorf("the person's pause changed: %s by person %v until %s %q (was %q)", e.Status, e.PausedByPerson, e.PausedUntil, e.Reason, paused.Reason)
	}
	for _, at := range []time.Time{until.Add(time.Hour), day0.AddDate(0, 0, 3).Add(time.Hour), day0.AddDate(0, 0, 9)} {
		w.run(at)
		w.sendAll(at)
		if n := w.stepsQueued(); n != 0 {
			t.Fatalf("at %s %d step mails queued, want none before day 10", at, n)
		}
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive || !e.DueAt.Equal(day0.AddDate(0, 0, 10)) {
		t.Fatalf("after the pause: %s due %s", e.Status, e.DueAt)
	}
	w.run(day0.AddDate(0, 0, 10).Add(time.Minute))
	if n := w.stepsQueued(); n != 1 {
		t.Fatalf("on day 10 %d step mails queued, want the resend", n)
	}
}

// keepwarm is stopped, key-customer.toml edited by hand (resend 3 days ->
// 4), and keepwarm started: the running follow-up's resend waits the 4
// days, it does not go at the 3 the file said when it began.
func TestALongerDelayReachesAFollowUpAfterARestart(t *testing.T) {
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start)
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "4d"`)
	w.rejob(func(c *sequences.FollowUpConfig) { c.Definitions, c.Templates = defs, set })
	at := day0.AddDate(0, 0, 3).Add(time.Hour)
	w.run(at)
	if n := w.stepsQueued(); n != 0 {
		t.Fatalf("%d step mails queued on day 3, want none", n)
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive || !e.DueAt.Equal(day0.AddDate(0, 0, 4)) {
		t.Fatalf("%s due %s, want active due %s", e.Status, e.DueAt, day0.AddDate(0, 0, 4))
	}
	w.run(day0.AddDate(0, 0, 4).Add(time.Minute))
	if n := w.stepsQueued(); n != 1 {
		t.Fatalf("on day 4 %d step mails queued, want the resend", n)
	}
}

// A follow-up a person paused with no end stays paused when the daemon
// starts with a slower resend; once resumed, its resend waits for the new
// delay.
func TestAPausedFollowUpResumedAfterARestartKeepsTheNewDelay(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start)
	e := w.enrollment()
	if _, err := w.job.Pause(ctx, e.ID, time.Time{}, start); err != nil {
		t.Fatal(err)
	}
	paused := w.enrollment()
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "4d"`)
	w.rejob(func(c *sequences.FollowUpConfig) { c.Definitions, c.Templates = defs, set })
	w.run(start.Add(time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedByPerson || !e.PausedUntil.IsZero() || e.Reason != paused.Reason ||
		!e.DueAt.Equal(day0.AddDate(0, 0, 4)) {
		t.Fatalf("after the restart: %s by person %v until %s %q due %s", e.Status, e.PausedByPerson, e.PausedUntil, e.Reason, e.DueAt)
	}
	at := day0.AddDate(0, 0, 3).Add(time.Hour)
	if _, err := w.job.Resume(ctx, e.ID, at); err != nil {
		t.Fatal(err)
	}
	w.run(at)
	if n := w.stepsQueued(); n != 0 {
		t.Fatalf("%d step mails queued on day 3, want none", n)
	}
	w.run(day0.AddDate(0, 0, 4).Add(time.Minute))
	if n := w.stepsQueued(); n != 1 {
		t.Fatalf("on day 4 %d step mails queued, want the resend", n)
	}
}

// A paused follow-up made before plans kept their delays is moved by a
// reload too: it waited by the delays the job ran with until then.
func TestALongerDelayMovesAPausedFollowUpMadeBeforeDelaysWereKept(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start)
	e := w.enrollment()
	e.Delays = nil
	if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := w.job.Pause(ctx, e.ID, day0.AddDate(0, 0, 2), start); err != nil {
		t.Fatal(err)
	}
	if e := w.enrollment(); len(e.Delays) != 0 {
		t.Fatalf("delays %v, want none recorded", e.Delays)
	}
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "10d"`)
	if _, err := w.job.Reload(ctx, defs, set, start.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.DueAt.Equal(day0.AddDate(0, 0, 10)) {
		t.Fatalf("after the reload: %s due %s, want paused due %s", e.Status, e.DueAt, day0.AddDate(0, 0, 10))
	}
}

// The resend fails on day 3 (the relay refused it), the manager slows it
// to 5 days on day 4, and Lily resumes the follow-up that day: the resend
// is done again at once, as she asked, not moved to day 3 + 5 days.
func TestAResumedStepGoesAtOnceThoughItsDelayChanged(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	due := day0.AddDate(0, 0, 3).Add(time.Hour)
	w.run(due)
	items, err := w.db.ClaimDue(ctx, due.Add(time.Minute), 10)
	if err != nil || len(items) != 1 {
		t.Fatalf("claimed %d on day 3, want the resend: %v", len(items), err)
	}
	if err := w.db.MarkFailed(ctx, items[0].ID, "550 relay denied"); err != nil {
		t.Fatal(err)
	}
	if err := w.job.Settled(ctx, items[0], keepwarm.OutboxFailed, "550 relay denied", nil, due.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "5d"`)
	w.rejob(func(c *sequences.FollowUpConfig) { c.Definitions, c.Templates = defs, set })
	at := day0.AddDate(0, 0, 4).Add(time.Hour)
	if _, err := w.job.Resume(ctx, w.enrollment().ID, at); err != nil {
		t.Fatal(err)
	}
	w.run(at)
	if n := w.stepsQueued(); n != 2 {
		t.Fatalf("%d step mails after the resume, want the resend done again; enrollment due %s", n, w.enrollment().DueAt)
	}
}

// keepwarm is stopped for the upgrade that begins keeping delays, and
// key-customer.toml edited meanwhile (resend 3 days -> 4): the follow-up
// made before, with no delays recorded, waits the 4 days too.
func TestALongerDelayReachesAFollowUpMadeBeforeDelaysWereKept(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start)
	e := w.enrollment()
	e.Delays = nil
	if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "4d"`)
	w.rejob(func(c *sequences.FollowUpConfig) { c.Definitions, c.Templates = defs, set })
	w.run(start.Add(time.Hour))
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive || !e.DueAt.Equal(day0.AddDate(0, 0, 4)) || len(e.Delays) == 0 {
		t.Fatalf("after the upgrade: %s due %s delays %v, want active due %s", e.Status, e.DueAt, e.Delays, day0.AddDate(0, 0, 4))
	}
	w.run(day0.AddDate(0, 0, 3).Add(time.Hour))
	if n := w.stepsQueued(); n != 0 {
		t.Fatalf("%d step mails queued on day 3, want none", n)
	}
	w.run(day0.AddDate(0, 0, 4).Add(time.Minute))
	if n := w.stepsQueued(); n != 1 {
		t.Fatalf("on day 4 %d step mails queued, want the resend", n)
	}
}

// countingStore counts the writes of enrollments and the customers read.
type countingStore struct {
	*store.DB
	updates, customers int
}

func (s *countingStore) UpdateEnrollment(ctx context.Context, e keepwarm.Enrollment) (keepwarm.Enrollment, error) {
	s.updates++
	return s.DB.UpdateEnrollment(ctx, e)
}

func (s *countingStore) CustomerForSequence(ctx context.Context, id int64) (keepwarm.Customer, error) {
	s.customers++
	return s.DB.CustomerForSequence(ctx, id)
}

// The first tick after the upgrade records the delays of the follow-ups
// made before at once, without a transaction for each nor a new
// updated_at (the desk's paused list keeps its order); a reload that
// changes only a template reads no customer of a paused follow-up.
func TestDelaysOfOldFollowUpsAreRecordedAtOnce(t *testing.T) {
	ctx := context.Background()
	cs := &countingStore{}
	w := newFUWorldStore(t, "A", "", func(db *store.DB) sequences.FollowUpStore { cs.DB = db; return cs })
	start := day0.Add(time.Minute)
	w.run(start)
	e := w.enrollment()
	if _, err := w.job.Pause(ctx, e.ID, time.Time{}, start); err != nil {
		t.Fatal(err)
	}
	e = w.enrollment()
	e.Delays = nil
	if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	was := w.enrollment()
	cs.updates = 0
	w.run(start.Add(time.Hour))
	e = w.enrollment()
	if len(e.Delays) == 0 || cs.updates != 0 || !e.UpdatedAt.Equal(was.UpdatedAt) {
		t.Fatalf("delays %v, %d enrollment writes, updated %s (was %s): want recorded at once", e.Delays, cs.updates, e.UpdatedAt, was.UpdatedAt)
	}
	defs, set := editedKeyCustomer(t) // the same steps and delays
	cs.customers = 0
	if _, err := w.job.Reload(ctx, defs, set, start.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if cs.customers != 0 {
		t.Fatalf("a template-only reload read %d customers", cs.customers)
	}
}

// The resend is queued on day 3; before it goes the manager makes
// key-customer file drafts and slows the resend to 5 days: the last look
// puts the step back to be filed as a draft, and it is filed at once, not
// moved to day 3 + 5 days by its changed delay.
func TestAStepTheLastLookPutsBackGoesAtOnceThoughItsDelayChanged(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	due := day0.AddDate(0, 0, 3).Add(time.Hour)
	w.run(due)
	items := w.outbox()
	if len(items) != 1 {
		t.Fatalf("%d items on day 3, want the resend", len(items))
	}
	defs, set := editedKeyCustomer(t, `mode = "send"`, `mode = "draft"`, `after = "3d"`, `after = "5d"`)
	w.rejob(func(c *sequences.FollowUpConfig) { c.Definitions, c.Templates = defs, set })
	at := due.Add(time.Minute)
	if reason, err := w.job.Recheck(ctx, items[0], at); reason == "" || err != nil {
		t.Fatalf("last look: %q %v, want the step done again as a draft", reason, err)
	} else if err := w.db.MarkSkipped(ctx, items[0].ID, reason); err != nil { // as the dispatcher does
		t.Fatal(err)
	}
	w.run(at.Add(time.Minute))
	if n := w.stepsQueued(); n != 2 {
		e := w.enrollment()
		t.Fatalf("%d step mails after the last look, want the resend done again: %s step %d due %s %q", n, e.Status, e.Step+1, e.DueAt, e.Reason)
	}
}

// A forecast read after the files changed (the web's /forecast) plans the
// step at its new delay but writes nothing; the same job's next tick then
// moves the waiting follow-up (its look places it), though its files look
// unchanged by then.
func TestAForecastLeavesMovingTheFollowUpToTheTick(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	start := day0.Add(time.Minute)
	w.run(start)
	defs, set := editedKeyCustomer(t, `after = "3d"`, `after = "10d"`)
	taken := false
	w.rejob(func(c *sequences.FollowUpConfig) {
		c.Refresh = func(context.Context) (*sequences.Definitions, *templates.Set, bool, error) {
			if taken {
				return nil, nil, false, nil
			}
			taken = true
			return defs, set, true, nil
		}
	})
	before := w.enrollment()
	plan, err := w.job.Forecast(ctx, start.Add(time.Minute), day0.AddDate(0, 0, 20))
	if err != nil {
		t.Fatal(err)
	}
	want := day0.AddDate(0, 0, 10)
	if len(plan) == 0 || plan[0].At.Before(want) {
		t.Errorf("the forecast after the edit: %+v, want the resend on day 10 or later", plan)
	}
	if e := w.enrollment(); e.Rev != before.Rev || !e.DueAt.Equal(before.DueAt) {
		t.Fatalf("the forecast wrote the follow-up: rev %d → %d, due %s → %s", before.Rev, e.Rev, before.DueAt, e.DueAt)
	}
	w.run(start.Add(2 * time.Minute))
	if e := w.enrollment(); !e.DueAt.Equal(want) {
		t.Errorf("after the tick the resend is due %s, want %s", e.DueAt, want)
	}
}
