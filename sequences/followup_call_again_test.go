package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// callInMiddle is key-customer as a manager may write it: the resend at
// +3d, the call at +3d, a last mail (thanksgiving, which renders in the
// rig) at +4d; without the call when withCall is false.
func callInMiddle(t *testing.T, withCall bool) string {
	t.Helper()
	body := keyCustomerBody(t, "thanksgiving")
	i := strings.Index(body, "[[step]]")
	resend := body[i : i+strings.Index(body[i+1:], "[[step]]")+1]
	call := "[[step]]\nafter = \"3d\"\ndays = \"calendar\"\naction = \"task\"\ntask = \"Phone the customer\"\n\n"
	last := "[[step]]\nafter = \"4d\"\ndays = \"calendar\"\naction = \"email\"\ntemplate = \"thanksgiving\"\nin_thread = false\n"
	if !withCall {
		call = ""
	}
	return body[:i] + resend + call + last
}

// callAgain runs Hans's follow-up on callInMiddle to the call (day 6),
// has do do it (skip it, or make and close its task), then the manager
// removes the call step and puts it back. It returns the world, the last
// mail's due time as the call left it, and the day of the edit.
func callAgain(t *testing.T, do func(w *fuWorld, e keepwarm.Enrollment, at time.Time)) (*fuWorld, time.Time, time.Time) {
	t.Helper()
	w := newKeyCustomerWorld(t, callInMiddle(t, true))
	w.run(day0.Add(time.Minute))
	day3 := day0.AddDate(0, 0, 3)
	w.run(day3)
	w.sendAll(day3.Add(time.Minute))
	e := w.enrollment()
	if e.Step != 1 {
		t.Fatalf("after the resend the follow-up is at step %d (%q); want the call", e.Step+1, e.Reason)
	}
	day6 := e.DueAt
	do(w, e, day6)
	e = w.enrollment()
	if e.Status != keepwarm.EnrollActive || e.Step != 2 {
		t.Fatalf("after the call the follow-up is %s at step %d (%q); want active at the last mail", e.Status, e.Step+1, e.Reason)
	}
	due := e.DueAt
	w.reloadKeyCustomer(callInMiddle(t, false), day6.Add(time.Hour))
	w.reloadKeyCustomer(callInMiddle(t, true), day6.Add(2*time.Hour))
	return w, due, day6
}

// checkPastCall checks that w's follow-up, after the edit undone, stands
// at the last mail due at due, runs it to the last mail, and checks that
// it asked for calls tasks times in all (want), none of them open.
func checkPastCall(t *testing.T, w *fuWorld, due, day6 time.Time, want int) {
	t.Helper()
	ctx := context.Background()
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive || e.Step != 2 || !e.DueAt.Equal(due) {
		t.Errorf("after the edit undone the follow-up is %s at step %d due %s (%q); want active at the last mail (3) due %s",
			e.Status, e.Step+1, e.DueAt, e.Reason, due)
	}
	for d := 1; d <= 6; d++ {
		w.run(day6.AddDate(0, 0, d))
	}
	tasks, err := w.db.EnrollmentTasks(ctx, w.enrollment().ID)
	if err != nil {
		t.Fatal(err)
	}
	open := 0
	for _, tk := range tasks {
		if tk.DoneAt.IsZero() {
			open++
		}
	}
	if len(tasks) != want || open != 0 {
		t.Errorf("%d tasks, %d open (%+v); want %d, none open: no second call", len(tasks), open, tasks, want)
	}
	last := 0
	for _, it := range w.outbox() {
		if it.StepName == "email:thanksgiving" {
			last++
			if it.CreatedAt.Before(due) || it.CreatedAt.After(due.Add(time.Hour)) {
				t.Errorf("the last mail was queued at %s; want when it was due, %s", it.CreatedAt, due)
			}
		}
	}
	if last != 1 {
		t.Errorf("the last mail queued %d times; want once", last)
	}
}

// Lily skips the call ("Skip this step": no call task is made), then the
// manager removes the call step and puts it back. The follow-up stays at
// the last mail, due as her Skip had it; no call task is made, the call
// is not offered to be skipped a second time, and her skip is counted as
// no call made. The edit undone placed it back at the call: a "Phone the
// customer" task was made three days later, and the last mail went late.
func TestACallSkippedIsNotAskedForAgainAfterAnEditUndone(t *testing.T) {
	ctx := context.Background()
	w, due, day6 := callAgain(t, func(w *fuWorld, e keepwarm.Enrollment, at time.Time) {
		if _, err := w.job.SkipStep(ctx, e.ID, 1, "lily@seller.example", at); err != nil {
			t.Fatal(err)
		}
	})
	if e := w.enrollment(); !strings.Contains(e.Reason, "step 2 (the task) was skipped by lily@seller.example before (task ") {
		t.Errorf("reason %q; want it to say Lily skipped the call before", e.Reason)
	}
	if _, err := w.job.SkipStep(ctx, w.enrollment().ID, 1, "lily@seller.example", day6.Add(3*time.Hour)); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
		t.Errorf("a second Skip of the call: %v; want ECONFLICT", err)
	}
	checkPastCall(t, w, due, day6, 1)
	done, err := w.db.DoneTasks(ctx, day0, day6.AddDate(0, 0, 30))
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 0 {
		t.Errorf("calls done: %+v; want none: the call she skipped was not made", done)
	}
}

// As above, but Lily made the call: its task, made on day 6, is closed.
// The edit undone does not ask for the call a second time. It did, on
// day 9, and she might have phoned Hans twice about the same mail.
func TestACallMadeIsNotAskedForAgainAfterAnEditUndone(t *testing.T) {
	ctx := context.Background()
	w, due, day6 := callAgain(t, func(w *fuWorld, e keepwarm.Enrollment, at time.Time) {
		w.run(at)
		tasks, err := w.db.EnrollmentTasks(ctx, e.ID)
		if err != nil || len(tasks) != 1 {
			t.Fatalf("the call's task: %+v %v", tasks, err)
		}
		if err := w.db.DoneTask(ctx, tasks[0].ID, at.Add(10*time.Minute), "busy till March", ""); err != nil {
			t.Fatal(err)
		}
	})
	if e := w.enrollment(); !strings.Contains(e.Reason, "step 2 (the task) is done by its call task made before (task ") {
		t.Errorf("reason %q; want it to say the call was made before", e.Reason)
	}
	checkPastCall(t, w, due, day6, 1)
}

// olderMailWaits' follow-up, placed back at thanksgiving while its older
// mail waits, carries its signer's absence hold ("lily@… is away (…"):
// no ordinary path leads there (doStep looks for the older mail before it
// holds a step for her absence), so the test writes it. When the older
// mail goes, the follow-up moves on to the call without that hold: kept
// at the head of its reason, her return would make the call due at once.
func TestAStepDoneByItsOlderMailDropsItsAbsenceHold(t *testing.T) {
	ctx := context.Background()
	w, a, day10 := olderMailWaits(t, false)
	e := w.enrollment()
	if e.Status != keepwarm.EnrollActive || e.Step != 1 {
		t.Fatalf("the follow-up after the undone edit: %s at step %d (%q); want active at thanksgiving", e.Status, e.Step+1, e.Reason)
	}
	e.Reason = "lily@seller.example is away (holiday) until 2026-11-20: the mail waits until they are back"
	e.UpdatedAt = day10.Add(3 * time.Minute)
	if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	w.sendAll(day10.Add(4 * time.Minute))
	if it := w.item(a.ID); it.Status != keepwarm.OutboxSent {
		t.Fatalf("the older thanksgiving is %s; want sent", it.Status)
	}
	w.run(day10.Add(5 * time.Minute))
	e = w.enrollment()
	if e.Step != 2 || !strings.Contains(e.Reason, "is done by its mail queued before") {
		t.Fatalf("after the older mail went the follow-up is at step %d (%q); want the call, moved on past thanksgiving", e.Step+1, e.Reason)
	}
	if strings.Contains(e.Reason, "is away (") {
		t.Errorf("reason %q; want the absence hold of thanksgiving dropped", e.Reason)
	}
}
