package sequences_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// tickMeanwhileStore is a tick writing the follow-up at the instant a
// Skip is pressed: once armed, the Skip's read of the customer (after it
// read the follow-up, before it writes) first holds the follow-up's step
// itself, as a tick does for a signer away, bumping its rev.
type tickMeanwhileStore struct {
	*store.DB
	armed bool
	hold  func(e keepwarm.Enrollment) keepwarm.Enrollment
	id    int64
}

func (s *tickMeanwhileStore) CustomerForSequence(ctx context.Context, id int64) (keepwarm.Customer, error) {
	if s.armed {
		s.armed = false
		e, err := s.DB.GetEnrollment(ctx, s.id)
		if err != nil {
			return keepwarm.Customer{}, err
		}
		if _, err := s.DB.UpdateEnrollment(ctx, s.hold(e)); err != nil {
			return keepwarm.Customer{}, err
		}
	}
	return s.DB.CustomerForSequence(ctx, id)
}

// newTickMeanwhileWorld is the key-customer world with the call in the
// middle, its store a tickMeanwhileStore (not yet armed).
func newTickMeanwhileWorld(t *testing.T) (*fuWorld, *tickMeanwhileStore) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(callInMiddle(t, true)), 0o600); err != nil {
		t.Fatal(err)
	}
	ts := &tickMeanwhileStore{}
	w := newFUWorldStore(t, "A", dir, func(db *store.DB) sequences.FollowUpStore { ts.DB = db; return ts })
	return w, ts
}

// atResend runs w's first tick and returns the follow-up, checked to be
// at the resend.
func atResend(t *testing.T, w *fuWorld) keepwarm.Enrollment {
	t.Helper()
	w.run(day0.Add(time.Minute))
	e := w.enrollment()
	if e.Step != 0 {
		t.Fatalf("the follow-up is at step %d (%q); want the resend", e.Step+1, e.Reason)
	}
	return e
}

// atCall runs w until the resend went on day 3 and returns the follow-up,
// checked to be at the call.
func atCall(t *testing.T, w *fuWorld) keepwarm.Enrollment {
	t.Helper()
	w.run(day0.Add(time.Minute))
	day3 := day0.AddDate(0, 0, 3)
	w.run(day3)
	w.sendAll(day3.Add(time.Minute))
	e := w.enrollment()
	if e.Step != 1 {
		t.Fatalf("after the resend the follow-up is at step %d (%q); want the call", e.Step+1, e.Reason)
	}
	return e
}

// skipFailingOnATick arms ts to hold e's step for the signer's absence
// (due 2h after due, written at due) when Lily's Skip of step at at reads
// the customer, and checks her Skip fails with ECONFLICT and the hold was
// written.
func skipFailingOnATick(t *testing.T, w *fuWorld, ts *tickMeanwhileStore, e keepwarm.Enrollment, step int, what string, due, at time.Time) {
	t.Helper()
	ts.id = e.ID
	ts.hold = func(e keepwarm.Enrollment) keepwarm.Enrollment {
		e.DueAt = due.Add(2 * time.Hour)
		e.Reason = e.SignedBy() + " is away (back " + e.DueAt.Format("2 Jan 15:04") + ")"
		e.UpdatedAt = due
		return e
	}
	ts.armed = true
	if _, err := w.job.SkipStep(context.Background(), e.ID, step, "lily@seller.example", at); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Fatalf("Skip of the %s while a tick held it: %v; want ECONFLICT", what, err)
	}
	if ts.armed {
		t.Fatal("the tick's hold was never written")
	}
}

// skipLeftBehind has Lily skip before's step at at, then writes before
// back over it as the tick had it (at the rev her Skip left), so only her
// skip's record stays. check, if not nil, sees what her Skip saved first.
func skipLeftBehind(t *testing.T, w *fuWorld, before keepwarm.Enrollment, step int, at time.Time, check func(saved keepwarm.Enrollment)) {
	t.Helper()
	ctx := context.Background()
	saved, err := w.job.SkipStep(ctx, before.ID, step, "lily@seller.example", at)
	if err != nil {
		t.Fatal(err)
	}
	if check != nil {
		check(saved)
	}
	before.Rev = saved.Rev
	if _, err := w.db.UpdateEnrollment(ctx, before); err != nil {
		t.Fatal(err)
	}
}

// Lily presses Skip on the call at the instant a tick holds it for her
// absence: her Skip fails (ECONFLICT, the desk still lists the call),
// and nothing of it stays behind. When the tick reaches the call it asks
// for it. The skip's record was kept: the tick found the step's key
// taken, asked for no call and moved on to the last mail, though nobody
// skipped the call and the desk never said so.
func TestAFailedSkipOfACallLeavesNoRecordBehind(t *testing.T) {
	ctx := context.Background()
	w, ts := newTickMeanwhileWorld(t)
	e := atCall(t, w)
	day6 := e.DueAt
	skipFailingOnATick(t, w, ts, e, 1, "call", day6, day6)
	for d := 0; d <= 6; d++ {
		w.run(day6.Add(3*time.Hour).AddDate(0, 0, d))
	}
	tasks, err := w.db.EnrollmentTasks(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	asked := 0
	for _, tk := range tasks {
		if strings.HasPrefix(tk.Outcome, "skipped by ") {
			t.Errorf("task %+v: a skip's record, though her Skip failed", tk)
		}
		if tk.Title == "Phone the customer" && tk.DoneAt.IsZero() {
			asked++
		}
	}
	if asked != 1 {
		t.Errorf("open call tasks: %d (%+v), follow-up %q; want the call asked for once", asked, tasks, w.enrollment().Reason)
	}
}

// A follow-up left at its call with Lily's skip record under the call's
// key, by a Skip that failed before the record and the follow-up were
// written together (the record stayed, the follow-up was written back as
// the tick had it). When the tick reaches the call it asks for none, as
// before, but the follow-up says the step was skipped and by whom. It
// moved on in silence: nothing on the desk said the call was skipped.
func TestACallSkipRecordLeftBehindIsShownWhenTheTickReachesIt(t *testing.T) {
	ctx := context.Background()
	w := newKeyCustomerWorld(t, callInMiddle(t, true))
	before := atCall(t, w)
	day6 := before.DueAt
	skipLeftBehind(t, w, before, 1, day6.Add(-time.Hour), nil)
	w.run(day6.Add(time.Minute))
	e := w.enrollment()
	if e.Step != 2 || !strings.Contains(e.Reason, "step 2 skipped by lily@seller.example") {
		t.Errorf("after the tick at the call: step %d, %q; want at the last mail, saying Lily skipped step 2", e.Step+1, e.Reason)
	}
	tasks, err := w.db.EnrollmentTasks(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || tasks[0].DoneAt.IsZero() {
		t.Errorf("tasks %+v; want only Lily's closed skip record", tasks)
	}
}

// The mail twin: Lily presses Skip on the resend at the instant a tick
// holds it for her absence. Her Skip fails (ECONFLICT, the desk still
// lists the resend as coming), and nothing of it stays behind: on its
// day the resend goes, as the desk said. The skip's record was kept: the
// tick found the step's key taken, sent nothing and moved on, and nothing
// on the desk said why.
func TestAFailedSkipOfAMailLeavesNoRecordBehind(t *testing.T) {
	ctx := context.Background()
	w, ts := newTickMeanwhileWorld(t)
	e := atResend(t, w)
	key := sequences.StepKey(e)
	day3 := e.DueAt
	skipFailingOnATick(t, w, ts, e, 0, "resend", day3, day3.Add(-time.Hour))
	for d := 0; d <= 2; d++ {
		at := day3.Add(3*time.Hour).AddDate(0, 0, d)
		w.run(at)
		w.sendAll(at.Add(time.Minute))
	}
	it, found, err := w.db.OutboxByKey(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if !found || it.Status != keepwarm.OutboxSent {
		t.Errorf("the resend under %s: found %v, %s %q; follow-up at step %d, %q; want it sent, her Skip having failed",
			key, found, it.Status, it.LastError, w.enrollment().Step+1, w.enrollment().Reason)
	}
}

// A follow-up left at its resend with Lily's skipped record under the
// step's key, by a Skip that failed before the record and the follow-up
// were written together. When the tick reaches the resend it sends none,
// as before, but the follow-up says the step was skipped and by whom. It
// moved on in silence: nothing on the desk said why the mail never went.
func TestAMailSkipRecordLeftBehindIsShownWhenTheTickReachesIt(t *testing.T) {
	w := newKeyCustomerWorld(t, callInMiddle(t, true))
	before := atResend(t, w)
	day3 := before.DueAt
	skipLeftBehind(t, w, before, 0, day3.Add(-time.Hour), nil)
	w.run(day3.Add(time.Minute))
	e := w.enrollment()
	if e.Step != 1 || !strings.Contains(e.Reason, "step 1 skipped by lily@seller.example") {
		t.Errorf("after the tick at the resend: step %d, %q; want at the call, saying Lily skipped step 1", e.Step+1, e.Reason)
	}
	for _, it := range w.outbox() {
		if it.Status != keepwarm.OutboxSkipped {
			t.Errorf("outbox item %s %s: want only Lily's skipped record", it.Key, it.Status)
		}
	}
}

// The same left-behind record on a follow-up's last step, its closing
// call: the follow-up completes saying the step was skipped and nothing
// was left, as her Skip would have. It read "every step done; step 2
// skipped by …", though the call was never made.
func TestACallSkipRecordLeftBehindOnTheLastStepSaysNoStepLeft(t *testing.T) {
	body := callInMiddle(t, true)
	body = body[:strings.LastIndex(body, "[[step]]")]
	w := newKeyCustomerWorld(t, body)
	before := atCall(t, w)
	day6 := before.DueAt
	skipLeftBehind(t, w, before, 1, day6.Add(-time.Hour), func(saved keepwarm.Enrollment) {
		if saved.Status != keepwarm.EnrollCompleted {
			t.Fatalf("Skip of the last step: %s %q; want completed", saved.Status, saved.Reason)
		}
	})
	w.run(day6.Add(time.Minute))
	e := w.enrollment()
	if e.Status != keepwarm.EnrollCompleted || !strings.HasPrefix(e.Reason, "step 2 skipped by lily@seller.example; no step left") {
		t.Errorf("after the tick at the last call: %s, %q; want completed, saying Lily skipped step 2 and no step was left", e.Status, e.Reason)
	}
}

// A record a failed Skip left under the call's key counts for the call
// she skipped, not for whatever call stands at that index later: the
// manager inserts another call before it, the follow-up stays at the same
// index (and key), and when the tick reaches the new call it asks for it.
// It took the record for the new call: "step 2 skipped by lily@…", a call
// she never saw, and the call she did skip was asked for after it.
func TestACallSkipRecordLeftBehindCountsOnlyForItsOwnCall(t *testing.T) {
	ctx := context.Background()
	body := callInMiddle(t, true)
	w := newKeyCustomerWorld(t, body)
	before := atCall(t, w)
	day6 := before.DueAt
	skipLeftBehind(t, w, before, 1, day6.Add(-time.Hour), nil)
	call := "[[step]]\nafter = \"3d\"\ndays = \"calendar\"\naction = \"task\"\ntask = \"Phone the customer\"\n\n"
	confirm := strings.Replace(call, "Phone the customer", "Confirm the samples arrived", 1)
	if !strings.Contains(body, call) {
		t.Fatal("no call in the sequence")
	}
	w.reloadKeyCustomer(strings.Replace(body, call, confirm+call, 1), day6.Add(-30*time.Minute))
	if e := w.enrollment(); e.Step != 1 || sequences.StepKey(e) != sequences.StepKey(before) {
		t.Fatalf("after the edit the follow-up is at step %d under %s (%q); want the new call under the skipped call's key %s",
			e.Step+1, sequences.StepKey(e), e.Reason, sequences.StepKey(before))
	}
	for d := 0; d <= 4; d++ {
		w.run(day6.Add(time.Minute).AddDate(0, 0, d))
	}
	e := w.enrollment()
	if strings.Contains(e.Reason, "step 2 skipped by") {
		t.Errorf("the follow-up says %q: Lily never saw the new step 2", e.Reason)
	}
	tasks, err := w.db.EnrollmentTasks(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	confirmAsked, phoneAsked := 0, 0
	for _, tk := range tasks {
		switch {
		case tk.Title == "Confirm the samples arrived" && tk.DoneAt.IsZero():
			confirmAsked++
		case tk.Title == "Phone the customer" && tk.DoneAt.IsZero():
			phoneAsked++
		}
	}
	if confirmAsked != 1 || phoneAsked != 0 {
		t.Errorf("open calls: %d to confirm the samples, %d to phone the customer (%+v), follow-up at step %d %q; want the new call asked for, the skipped one not",
			confirmAsked, phoneAsked, tasks, e.Step+1, e.Reason)
	}
}
