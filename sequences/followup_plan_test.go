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
)

// resendsOf counts the outbox items rendered from the resend template.
func resendsOf(items []keepwarm.OutboxItem) int {
	n := 0
	for _, it := range items {
		if strings.Contains(it.Text, "make sure my mail of") {
			n++
		}
	}
	return n
}

// withNewFirstStep is the built-in key-customer with a step put before
// the resend.
const newFirstStep = `[[step]]
after = "1d"
days = "calendar"
action = "email"
template = "new-year"
in_thread = false

[[step]]
after = "3d"`

// A step the manager puts before the resend while a follow-up runs that
// already sent the resend: the follow-up goes on with the product
// introduction, and the resend is never sent a second time.
func TestAStepAddedBeforeWhatAFollowUpDidIsNotDoneAndNothingTwice(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	if n := resendsOf(w.outbox()); n != 1 {
		t.Fatalf("day 3: %d resends", n)
	}
	defs, set := editedKeyCustomer(t, "[[step]]\nafter = \"3d\"", newFirstStep)
	if _, err := w.job.Reload(context.Background(), defs, set, day0.AddDate(0, 0, 4)); err != nil {
		t.Fatal(err)
	}
	for d := 4; d <= 14; d++ {
		w.run(day0.AddDate(0, 0, d))
		w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
	}
	items := w.outbox()
	if n := resendsOf(items); n != 1 {
		t.Fatalf("resend sent %d times: %+v", n, items)
	}
	for _, it := range items {
		if strings.Contains(it.Subject, "New Year") {
			t.Fatalf("the step put before what it did went out: %+v", it)
		}
	}
	// The product introduction (skipped: no catalog) on day 7, the task
	// on day 10, as before the edit.
	if len(items) != 2 || items[1].Status != keepwarm.OutboxSkipped || !items[1].DueAt.Equal(day0.AddDate(0, 0, 7)) {
		t.Fatalf("after the edit: %+v", items)
	}
	tasks, _ := w.db.ListTasks(context.Background(), false, "")
	if len(tasks) != 1 || !tasks[0].DueAt.Equal(day0.AddDate(0, 0, 10)) {
		t.Fatalf("tasks: %+v", tasks)
	}
}

// The same edit found by a daemon started again with the new files (no
// reload): the step index it stored is read against the steps it did.
func TestAStepAddedWhileTheDaemonWasDownIsPlacedByWhatWasDone(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	defs, set := editedKeyCustomer(t, "[[step]]\nafter = \"3d\"", newFirstStep)
	w.rejob(func(c *sequences.FollowUpConfig) { c.Definitions, c.Templates = defs, set })
	for d := 4; d <= 14; d++ {
		w.run(day0.AddDate(0, 0, d))
		w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
	}
	if n := resendsOf(w.outbox()); n != 1 {
		t.Fatalf("resend sent %d times: %+v", n, w.outbox())
	}
	tasks, _ := w.db.ListTasks(context.Background(), false, "")
	if e := w.enrollment(); e.Status != keepwarm.EnrollCompleted || len(tasks) != 1 || !tasks[0].DueAt.Equal(day0.AddDate(0, 0, 10)) {
		t.Fatalf("enrollment: %+v, tasks %+v", e, tasks)
	}
}

// A step removed ahead of a follow-up is not replaced by the step after
// what it did being done twice; one removed behind it changes nothing.
func TestAStepRemovedBehindAFollowUpDoesNotRepeatTheOneItDid(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	w.run(day0.AddDate(0, 0, 7)) // product introduction (skipped: no catalog)
	// The manager removes the resend: index 2 would now be past the end,
	// index 1 the task. The task is what is left.
	defs, set := editedKeyCustomer(t, "[[step]]\nafter = \"3d\"\ndays = \"calendar\"\naction = \"email\"\ntemplate = \"resend\"\nin_thread = true\n\n", "")
	if _, err := w.job.Reload(context.Background(), defs, set, day0.AddDate(0, 0, 8)); err != nil {
		t.Fatal(err)
	}
	for d := 8; d <= 14; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	tasks, _ := w.db.ListTasks(context.Background(), false, "")
	if n := len(w.outbox()); n != 2 || len(tasks) != 1 || !tasks[0].DueAt.Equal(day0.AddDate(0, 0, 10)) {
		t.Fatalf("outbox %d, tasks %+v", n, tasks)
	}
}

// A customer regraded after its resend, to a sequence that has the resend
// later: the follow-up never takes the resend up again.
func TestARegradeNeverRepeatsAStepTheFollowUpDid(t *testing.T) {
	dir := t.TempDir()
	body := `name = "secondary"
grades = ["C", "D"]
mode = "send"

[[step]]
after = "15d"
action = "email"
template = "product-intro"

[[step]]
after = "15d"
action = "email"
template = "resend"
in_thread = true

[[step]]
after = "15d"
action = "task"
task = "Phone the customer"
`
	if err := os.WriteFile(filepath.Join(dir, "secondary.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	w := newFUWorldWith(t, "A", dir)
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	w.regrade("C", day0.AddDate(0, 0, 4))
	for d := 4; d <= 70; d++ {
		w.run(day0.AddDate(0, 0, d))
		w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
	}
	if n := resendsOf(w.outbox()); n != 1 {
		t.Fatalf("resend sent %d times after the regrade: %+v", n, w.enrollment())
	}
}

// The reason of a follow-up moved by an edit names what it passed over.
func TestAFollowUpMovedByAnEditSaysWhatItPassedOver(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	defs, set := editedKeyCustomer(t, "[[step]]\nafter = \"3d\"", newFirstStep)
	if _, err := w.job.Reload(context.Background(), defs, set, day0.AddDate(0, 0, 4)); err != nil {
		t.Fatal(err)
	}
	e := w.enrollment()
	want := "sequence key-customer changed under this follow-up after it did resend; step 1 (new-year) comes before what it did and is not done; it goes on with step 3 (product-intro)"
	if e.Step != 2 || e.Reason != want || !e.DueAt.Equal(day0.AddDate(0, 0, 7)) {
		t.Fatalf("step %d due %s: %q", e.Step, e.DueAt, e.Reason)
	}
}

// A follow-up made before follow-ups kept their steps, running when the
// manager adds a first step: the reload places it by the steps it ran
// with until then.
func TestAnOlderFollowUpIsPlacedByTheStepsItRanWith(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	e := w.enrollment()
	e.Plan = nil // as stored before plans
	if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	if w.enrollment().Plan != nil {
		t.Fatal("plan kept")
	}
	defs, set := editedKeyCustomer(t, "[[step]]\nafter = \"3d\"", newFirstStep)
	if _, err := w.job.Reload(ctx, defs, set, day0.AddDate(0, 0, 4)); err != nil {
		t.Fatal(err)
	}
	for d := 4; d <= 14; d++ {
		w.run(day0.AddDate(0, 0, d))
		w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
	}
	if n := resendsOf(w.outbox()); n != 1 {
		t.Fatalf("resend sent %d times", n)
	}
}

// The manager gives the first step another template while a follow-up
// that did it runs: it goes on with the introduction, not with the new
// resend. When nothing it did or was to do is left, a person decides.
func TestAStepGivenAnotherTemplateIsNotDoneAgain(t *testing.T) {
	ctx := context.Background()
	t.Run("the step it did", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		w.run(day0.AddDate(0, 0, 3))
		w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
		defs, set := editedKeyCustomer(t, `template = "resend"`, `template = "new-year"`)
		if _, err := w.job.Reload(ctx, defs, set, day0.AddDate(0, 0, 4)); err != nil {
			t.Fatal(err)
		}
		for d := 4; d <= 8; d++ {
			w.run(day0.AddDate(0, 0, d))
			w.sendAll(day0.AddDate(0, 0, d).Add(time.Minute))
		}
		items := w.outbox()
		if len(items) != 2 || strings.Contains(items[1].Subject, "New Year") || items[1].Status != keepwarm.OutboxSkipped {
			t.Fatalf("items: %+v", items)
		}
	})
	t.Run("nothing left", func(t *testing.T) {
		w := newFUWorld(t, "A")
		w.run(day0.Add(time.Minute))
		w.run(day0.AddDate(0, 0, 3))
		w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
		defs, set := editedKeyCustomer(t, `template = "resend"`, `template = "new-year"`, `template = "product-intro"`, `template = "christmas"`)
		if _, err := w.job.Reload(ctx, defs, set, day0.AddDate(0, 0, 4)); err != nil {
			t.Fatal(err)
		}
		for d := 4; d <= 14; d++ {
			w.run(day0.AddDate(0, 0, d))
		}
		e := w.enrollment()
		if n := len(w.outbox()); n != 1 || e.Status != keepwarm.EnrollPaused || !e.PausedUntil.IsZero() ||
			!strings.Contains(e.Reason, "resume to go on with step 2 (christmas), or stop it") {
			t.Fatalf("%d items, %s: %q", n, e.Status, e.Reason)
		}
	})
}

// A regrade to a sequence with templates of its own after the resend: it
// goes on at the same step number (its introduction), not at its resend.
func TestARegradeToOtherTemplatesKeepsTheStepNumber(t *testing.T) {
	dir := t.TempDir()
	body := `name = "secondary"
grades = ["C", "D"]

[[step]]
after = "15d"
action = "email"
template = "new-year"

[[step]]
after = "30d"
action = "email"
template = "christmas"

[[step]]
after = "15d"
action = "task"
task = "Phone the customer"
`
	if err := os.WriteFile(filepath.Join(dir, "secondary.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	w := newFUWorldWith(t, "A", dir)
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	w.regrade("C", day0.AddDate(0, 0, 4))
	w.run(day0.AddDate(0, 0, 4).Add(time.Hour))
	if e := w.enrollment(); e.Sequence != "secondary" || e.Step != 1 || e.Status != keepwarm.EnrollActive {
		t.Fatalf("%s step %d %s: %q", e.Sequence, e.Step, e.Status, e.Reason)
	}
}

// The manager removes the resend after a follow-up sent it: the follow-up
// goes on with the product introduction, now step 1, and does it (here:
// records it skipped, as the rig has no catalog). The resend's mail, under
// step 1's old key, is not taken as the product introduction done.
func TestAStepMovedDownByAnEditIsDoneNotTakenAsDoneByTheMailBefore(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 3))
	w.sendAll(day0.AddDate(0, 0, 3).Add(time.Minute))
	defs, set := editedKeyCustomer(t, "[[step]]\nafter = \"3d\"\ndays = \"calendar\"\naction = \"email\"\ntemplate = \"resend\"\nin_thread = true\n\n", "")
	if _, err := w.job.Reload(context.Background(), defs, set, day0.AddDate(0, 0, 4)); err != nil {
		t.Fatal(err)
	}
	if e := w.enrollment(); e.Step != 0 {
		t.Fatalf("after the edit: step %d, want 0 (the product introduction)", e.Step)
	}
	for d := 4; d <= 14; d++ {
		w.run(day0.AddDate(0, 0, d))
	}
	items := w.outbox()
	if len(items) != 2 || items[1].Sequence != "key-customer" || items[1].Key == items[0].Key {
		t.Fatalf("outbox: %d items, want the resend and the product introduction: %+v", len(items), items)
	}
}
