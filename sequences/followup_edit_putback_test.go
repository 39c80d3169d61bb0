package sequences_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/templates"
)

// reloadKeyCustomer has w's job reload key-customer as body says, at at.
func (w *fuWorld) reloadKeyCustomer(body string, at time.Time) {
	w.t.Helper()
	dir := w.t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(body), 0o600); err != nil {
		w.t.Fatal(err)
	}
	defs, probs := sequences.LoadDefinitions(dir)
	if len(probs) > 0 {
		w.t.Fatal(probs)
	}
	set, _ := templates.Load(templates.Defaults())
	if _, err := w.job.Reload(context.Background(), defs, set, at); err != nil {
		w.t.Fatal(err)
	}
}

// withoutFirstStep is the sequence file body without its first step.
func withoutFirstStep(body string) string {
	first := strings.Index(body, "[[step]]")
	second := first + len("[[step]]") + strings.Index(body[first+len("[[step]]"):], "[[step]]")
	return body[:first] + body[second:]
}

// keyCustomerBody is the shipped key-customer with its second step's
// template replaced by template (so that it renders in the rig).
func keyCustomerBody(t *testing.T, template string) string {
	t.Helper()
	body, err := readDefault("key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Replace(body, `template = "product-intro"`, `template = "`+template+`"`, 1)
}

// newKeyCustomerWorld is Hans's world with key-customer as body says.
func newKeyCustomerWorld(t *testing.T, body string) *fuWorld {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return newFUWorldWith(t, "A", dir)
}

// queueSecondStep runs w until Hans's second step is queued: the resend
// sent on day 3, the step queued on day 7, which it returns.
func (w *fuWorld) queueSecondStep() time.Time {
	w.t.Helper()
	w.run(day0.Add(time.Minute))
	day3 := day0.AddDate(0, 0, 3)
	w.run(day3)
	w.sendAll(day3.Add(time.Minute))
	day7 := day0.AddDate(0, 0, 7)
	w.run(day7)
	return day7
}

// queuedItem is the (last) queued outbox item that matches, or the test
// stops, saying what was not queued and the outbox.
func (w *fuWorld) queuedItem(match func(keepwarm.OutboxItem) bool, what string) keepwarm.OutboxItem {
	w.t.Helper()
	var a keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Status == keepwarm.OutboxQueued && match(it) {
			a = it
		}
	}
	if a.ID == 0 {
		w.t.Fatalf("%s not queued: %+v %+v", what, w.outbox(), w.enrollment())
	}
	return a
}

// atStep1 matches an outbox item of step index 1 (the second step).
func atStep1(it keepwarm.OutboxItem) bool { return it.Step != nil && *it.Step == 1 }

// namedThanksgiving matches an outbox item of the step email:thanksgiving.
func namedThanksgiving(it keepwarm.OutboxItem) bool { return it.StepName == "email:thanksgiving" }

// lookRunLook has the send look, the job run and the send look again,
// a minute apart, on each of days+1 days from from.
func (w *fuWorld) lookRunLook(from time.Time, days int) {
	w.t.Helper()
	for d := 0; d <= days; d++ {
		at := from.AddDate(0, 0, d)
		w.look(at)
		w.run(at.Add(time.Minute))
		w.look(at.Add(2 * time.Minute))
	}
}

// oneMailThenCall checks that exactly one sent mail matches keep and that
// exactly one task was made, after it; else it logs the outbox and stops,
// saying when and what mail was wanted.
func (w *fuWorld) oneMailThenCall(keep func(keepwarm.OutboxItem) bool, when, what string) {
	w.t.Helper()
	var mails []keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Status == keepwarm.OutboxSent && keep(it) {
			mails = append(mails, it)
		}
	}
	tasks, err := w.db.ListTasks(context.Background(), true, "")
	if err != nil {
		w.t.Fatal(err)
	}
	if len(mails) != 1 || len(tasks) != 1 || !tasks[0].CreatedAt.After(mails[0].SentAt) {
		for _, it := range w.outbox() {
			w.t.Logf("outbox %d %s step %d %s %s %q", it.ID, it.Key, *it.Step, it.StepName, it.Status, it.LastError)
		}
		w.t.Fatalf("%s: %d %s sent, %d tasks (%+v); want %s once, then the call", when, len(mails), what, len(tasks), w.enrollment(), what)
	}
}

// sentAfter matches an outbox item sent after at.
func sentAfter(at time.Time) func(keepwarm.OutboxItem) bool {
	return func(it keepwarm.OutboxItem) bool { return it.SentAt.After(at) }
}

// withWelcomeFirst is the sequence file body with a welcome call task a
// day in put before its first step.
func withWelcomeFirst(body string) string {
	first := strings.Index(body, "[[step]]")
	welcome := "[[step]]\nafter = \"1d\"\ndays = \"calendar\"\naction = \"task\"\ntask = \"Welcome call\"\n\n"
	return body[:first] + welcome + body[first:]
}

// lastLookSkips has the send's last look, at at, skip the queued mail id
// (the test stops if it would send it) and marks it skipped.
func (w *fuWorld) lastLookSkips(id int64, at time.Time) {
	w.t.Helper()
	ctx := context.Background()
	reason, err := w.job.Recheck(ctx, w.item(id), at)
	if err != nil || reason == "" {
		w.t.Fatalf("the last look: %q, %v; want the mail skipped", reason, err)
	}
	if err := w.db.MarkSkipped(ctx, id, reason); err != nil {
		w.t.Fatal(err)
	}
}

// queuedKeyCustomer is Hans's world under the shipped key-customer, its
// second step's template replaced by template, run until that step is
// queued on day 7: the world, the sequence file body, day 7 and the
// queued mail (the one that matches).
func queuedKeyCustomer(t *testing.T, template string, match func(keepwarm.OutboxItem) bool) (*fuWorld, string, time.Time, keepwarm.OutboxItem) {
	t.Helper()
	body := keyCustomerBody(t, template)
	w := newKeyCustomerWorld(t, body)
	day7 := w.queueSecondStep()
	return w, body, day7, w.queuedItem(match, "step 2")
}

// pauseAt has Lily pause follow-up id at at, with no end.
func (w *fuWorld) pauseAt(id int64, at time.Time) {
	w.t.Helper()
	if _, err := w.job.Pause(context.Background(), id, time.Time{}, at); err != nil {
		w.t.Fatal(err)
	}
}

// resumeAt has Lily resume follow-up id at at.
func (w *fuWorld) resumeAt(id int64, at time.Time) {
	w.t.Helper()
	if _, err := w.job.Resume(context.Background(), id, at); err != nil {
		w.t.Fatal(err)
	}
}

// Hans's second step (a mail) is queued and held: the manager changed
// key-customer's window to one that never opens for a German customer.
// The manager then removes the first step (the resend, sent): the
// follow-up, realigned by what it did, waits for the call at the step
// number the queued mail has. When the call falls due the follow-up fails
// for the window. The manager fixes the window, the send's last look
// skips the held mail and puts its step back, and Lily resumes: the mail's
// step is done once, before the call. The last look put the follow-up
// back onto the call (the step number the queued mail had), and the mail's
// step was never done; the desk meanwhile called the mail ended.
func TestAPutBackAfterAnEditDoesTheQueuedStep(t *testing.T) {
	// how: "look", the send's last look skips the mail; "lost", keepwarm
	// stops after its put-back, before the skip; "desk", Lily skips the
	// mail on the desk (its put-back written first).
	for _, how := range []string{"look", "lost", "desk"} {
		t.Run(how, func(t *testing.T) { editThenPutBack(t, how) })
	}
}

func editThenPutBack(t *testing.T, how string) {
	ctx := context.Background()
	// Step 2 renders in the rig without a catalog, and does another
	// thing than step 1 (a step named twice: TestAPauseAfterAnEdit-
	// PutsBackTheFirstOfTwoSameSteps).
	w, body, day7, a := queuedKeyCustomer(t, "thanksgiving", atStep1)
	// The window never opens: the mail is held.
	never := strings.Replace(body, "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n", 1)
	w.reloadKeyCustomer(never, day7.Add(time.Minute))
	w.look(day7.Add(2 * time.Minute))
	if it := w.item(a.ID); it.Status != keepwarm.OutboxQueued || !it.NextAttemptAt.After(day7.Add(2*time.Minute)) {
		t.Fatalf("step 2's mail under a window that never opens: %s until %s", it.Status, it.NextAttemptAt)
	}
	// The first step removed.
	w.reloadKeyCustomer(withoutFirstStep(never), day7.Add(3*time.Minute))
	if e := w.enrollment(); e.Step != 1 || sequences.StepKey(e) == a.Key {
		t.Fatalf("the follow-up after the edit: step %d key %s; want it at the same step number under another key than %s", e.Step, sequences.StepKey(e), a.Key)
	}
	for d := 1; d <= 5; d++ {
		at := day7.AddDate(0, 0, d)
		w.run(at)
		w.look(at.Add(time.Minute))
	}
	e := w.failedFollowUp()
	if ended, held := sequences.QueuedStepHeld(e, w.item(a.ID), day7.AddDate(0, 0, 5)); ended || !held {
		t.Errorf("the desk on the held mail of the failed follow-up: ended %v, held %v; want held, its step put back when skipped", ended, held)
	}

	// The window fixed, still without the first step.
	fixAt := time.Date(2026, 11, 16, 10, 0, 0, 0, berlin) // a Monday, in the window
	w.reloadKeyCustomer(withoutFirstStep(body), fixAt)
	if how == "desk" {
		why, err := w.job.PutBackFailed(ctx, w.item(a.ID), "lily@seller.example", fixAt)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.db.SkipQueued(ctx, a.ID, why, fixAt); err != nil {
			t.Fatal(err)
		}
	} else {
		reason, err := w.job.Recheck(ctx, w.item(a.ID), fixAt)
		if err != nil || !strings.Contains(reason, "(step 1 is done again when the follow-up is resumed)") {
			t.Fatalf("the last look of the held mail: %q, %v; want it skipped and its step (now step 1) put back", reason, err)
		}
		if how == "look" {
			if err := w.db.MarkSkipped(ctx, a.ID, reason); err != nil {
				t.Fatal(err)
			}
		}
	}
	if e := w.enrollment(); e.Step != 0 || e.RedoOf != a.ID {
		t.Fatalf("the follow-up after the skip: step %d, put back for outbox %d; want its step 1 put back for outbox %d", e.Step, e.RedoOf, a.ID)
	}
	w.resumeAt(e.ID, fixAt.Add(5*time.Minute))
	w.lookRunLook(fixAt.Add(10*time.Minute), 14)
	w.oneMailThenCall(sentAfter(fixAt), "after the resume", "step 2's mail")
}

// Hans's second step (a mail) is queued when the manager puts a welcome
// call before the first step: the follow-up, realigned by what it did,
// waits for the call at step 4. Lily pauses it before the mail goes: the
// send's last look skips the mail and puts its step (now step 3) back, and
// when she resumes it the mail's step is done, once, before the call. The
// look found the follow-up at neither the mail's old step number nor the
// one after, skipped the mail, and Resume went on to the call.
func TestAPauseAfterAnEditPutsTheQueuedStepBack(t *testing.T) {
	w, body, day7, a := queuedKeyCustomer(t, "resend", atStep1)
	w.reloadKeyCustomer(withWelcomeFirst(body), day7.Add(time.Minute))
	e := w.enrollment()
	if e.Step != 3 {
		t.Fatalf("the follow-up after the edit: step %d (%s); want step 4, the call", e.Step+1, e.Reason)
	}
	w.pauseAt(e.ID, day7.Add(2*time.Minute))
	if ended, held := sequences.QueuedStepHeld(w.enrollment(), w.item(a.ID), day7.Add(3*time.Minute)); ended || !held {
		t.Errorf("the desk on the paused follow-up's mail: ended %v, held %v; want held", ended, held)
	}
	w.lastLookSkips(a.ID, day7.Add(3*time.Minute))
	if e := w.enrollment(); e.Step != 2 || e.RedoOf != a.ID {
		t.Fatalf("the paused follow-up after the look: step %d, put back for outbox %d; want its step 3 put back for outbox %d", e.Step+1, e.RedoOf, a.ID)
	}
	resumeAt := day7.AddDate(0, 0, 1).Add(time.Hour)
	w.resumeAt(e.ID, resumeAt)
	w.lookRunLook(resumeAt.Add(10*time.Minute), 10)
	w.oneMailThenCall(sentAfter(resumeAt), "after the resume", "step 3's mail")
}

// key-customer welcomes first and resends twice: [welcome call, resend,
// resend, call]. The welcome task is done and the first resend queued when
// the manager removes the welcome task: the follow-up, realigned by what
// it did, is at the second resend, under a fresh key. Lily pauses it
// before the first resend goes: the last look puts back the resend it
// was, the first, and when she resumes both resends go, then the call.
// The look put it back onto the second resend, the step the follow-up was
// at, and the customer got one resend.
func TestAPauseAfterAnEditPutsBackTheFirstOfTwoSameSteps(t *testing.T) {
	ctx := context.Background()
	body := withWelcomeFirst(keyCustomerBody(t, "resend"))
	w := newKeyCustomerWorld(t, body)
	w.run(day0.Add(time.Minute))
	w.run(day0.AddDate(0, 0, 1))
	day4 := day0.AddDate(0, 0, 4)
	w.run(day4)
	a := w.queuedItem(atStep1, "the first resend")
	w.reloadKeyCustomer(withoutFirstStep(body), day4.Add(time.Minute))
	e := w.enrollment()
	if e.Step != 1 || sequences.StepKey(e) == a.Key {
		t.Fatalf("the follow-up after the edit: step %d key %s (%s); want step 2, the second resend, under a fresh key", e.Step+1, sequences.StepKey(e), e.Reason)
	}
	w.pauseAt(e.ID, day4.Add(2*time.Minute))
	w.lastLookSkips(a.ID, day4.Add(3*time.Minute))
	if e := w.enrollment(); e.Step != 0 || e.RedoOf != a.ID {
		t.Errorf("the paused follow-up after the look: step %d, put back for outbox %d; want its step 1, the first resend, put back for outbox %d", e.Step+1, e.RedoOf, a.ID)
	}
	resumeAt := day4.AddDate(0, 0, 1).Add(time.Hour)
	w.resumeAt(e.ID, resumeAt)
	w.lookRunLook(resumeAt.Add(10*time.Minute), 14)
	var mails []keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if it.Status == keepwarm.OutboxSent {
			mails = append(mails, it)
		}
	}
	tasks, err := w.db.ListTasks(ctx, true, "")
	if err != nil {
		t.Fatal(err)
	}
	var call keepwarm.Task
	for _, tk := range tasks {
		if strings.HasPrefix(tk.Title, "Phone") {
			call = tk
		}
	}
	if len(mails) != 2 || call.ID == 0 || !call.CreatedAt.After(mails[1].SentAt) {
		for _, it := range w.outbox() {
			t.Logf("outbox %d %s step %d %s#%d %s %q", it.ID, it.Key, *it.Step, it.StepName, it.StepNth, it.Status, it.LastError)
		}
		t.Fatalf("after the resume: %d resends sent, call task %+v (%+v); want both resends, then the call", len(mails), call, w.enrollment())
	}
}

// Hans's second step (a greeting template here, so that it renders in the
// rig) is queued and held by the window until the next morning when the
// manager gives that step another template. The follow-up, realigned by
// what it did, stands at the step again, under a fresh key: the last look
// does not send the old version, and the new one goes once, before the
// call. Both went: the customer got the step twice.
func TestARunningFollowUpsQueuedStepReplacedByAnEditGoesOnce(t *testing.T) {
	w, body, day7, a := queuedKeyCustomer(t, "thanksgiving", atStep1)
	w.reloadKeyCustomer(strings.Replace(body, `template = "thanksgiving"`, `template = "christmas"`, 1), day7.Add(time.Minute))
	if e := w.enrollment(); e.Step != 1 || e.Status != keepwarm.EnrollActive {
		t.Fatalf("the follow-up after the edit: %s at step %d (%s); want active at step 2", e.Status, e.Step+1, e.Reason)
	}
	w.lookRunLook(day7.Add(time.Hour), 7)
	w.oneMailThenCall(atStep1, "after the edit", "mail of step 2")
	if it := w.item(a.ID); it.Status != keepwarm.OutboxSkipped || !strings.Contains(it.LastError, "it goes on with step 2 (christmas) in its place") {
		t.Errorf("the old version: %s %q; want skipped, saying the edit replaced it", it.Status, it.LastError)
	}
}

// As above, but the manager undoes the edit (puts thanksgiving back)
// before the held mail's last look: the follow-up, realigned again, stands
// at the step under the fresh key, and the old mail, of that very step,
// goes at its look. The follow-up then takes that mail as its step done
// and goes on with the call: the step is sent once. It was composed and
// sent again when it fell due: the customer got it twice, four days apart.
func TestAnEditUndoneBeforeTheHeldMailsLookSendsTheStepOnce(t *testing.T) {
	body := keyCustomerBody(t, "thanksgiving")
	w := newKeyCustomerWorld(t, body)
	day7 := w.queueSecondStep()
	w.reloadKeyCustomer(strings.Replace(body, `template = "thanksgiving"`, `template = "christmas"`, 1), day7.Add(time.Minute))
	w.reloadKeyCustomer(body, day7.Add(2*time.Minute))
	w.lookRunLook(day7.Add(time.Hour), 4)
	// The call counts from the mail (due on day 10), not from when the
	// follow-up would have done the step again under the fresh key (day
	// 11: then due on day 14).
	callBy := day0.AddDate(0, 0, 10).Add(2 * time.Hour)
	tasks, err := w.db.ListTasks(context.Background(), true, "")
	if err != nil {
		t.Fatal(err)
	}
	e := w.enrollment()
	if due, made := e.Step == 2 && !e.DueAt.After(callBy), len(tasks) == 1 && !tasks[0].CreatedAt.After(callBy); !due && !made {
		t.Errorf("the follow-up on day 11: at step %d due %s, %d tasks; want the call due or made on day 10, 3 days after thanksgiving", e.Step+1, e.DueAt, len(tasks))
	}
	w.lookRunLook(day7.Add(time.Hour).AddDate(0, 0, 5), 3)
	w.oneMailThenCall(namedThanksgiving, "after the edit and its undoing", "thanksgiving mail")
}

// As above: once thanksgiving went (the morning after the edit and its
// undoing), the follow-up, as stored, as placed for the desk and the
// customer page, and as the forecast sees it, waits for the call, three
// days after the mail went, not for thanksgiving again. They announced
// thanksgiving four days later, which the tick would never do: Lily,
// fearing it goes twice, would stop the follow-up and lose the call.
func TestAnEditUndoneDoesNotAnnounceTheStepAgain(t *testing.T) {
	ctx := context.Background()
	body := keyCustomerBody(t, "thanksgiving")
	w := newKeyCustomerWorld(t, body)
	day7 := w.queueSecondStep()
	a := w.queuedItem(namedThanksgiving, "thanksgiving")
	w.reloadKeyCustomer(strings.Replace(body, `template = "thanksgiving"`, `template = "christmas"`, 1), day7.Add(time.Minute))
	w.reloadKeyCustomer(body, day7.Add(2*time.Minute))
	day8 := day7.AddDate(0, 0, 1)
	w.lookRunLook(day8, 0)
	if it := w.item(a.ID); it.Status != keepwarm.OutboxSent {
		t.Fatalf("thanksgiving: %s %q; want sent", it.Status, it.LastError)
	}
	now := day8.Add(5 * time.Minute)
	e := w.enrollment()
	placed, err := w.job.Placed(ctx, e, now)
	if err != nil {
		t.Fatal(err)
	}
	// Three days after the mail went (it went a day after it was
	// queued): the follow-up goes on past the step once the mail went,
	// not while it waits and may yet fail.
	callDue := w.item(a.ID).SentAt.AddDate(0, 0, 3)
	for what, e := range map[string]keepwarm.Enrollment{"stored": e, "placed": placed} {
		if e.Step != 2 || e.Status != keepwarm.EnrollActive || e.DueAt.After(callDue) ||
			!strings.Contains(e.Reason, fmt.Sprintf("step 2 (thanksgiving) is done by its mail queued before (outbox %d); it goes on with step 3 (the task)", a.ID)) {
			t.Errorf("the follow-up %s: %s at step %d due %s (%q); want the call due by %s", what, e.Status, e.Step+1, e.DueAt, e.Reason, callDue)
		}
	}
	plan, err := w.job.Forecast(ctx, now, day7.AddDate(0, 0, 6))
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	for _, p := range plan {
		if p.Action == "email" {
			t.Errorf("the forecast has %s (step %d) on %s; want no mail, thanksgiving went", p.Template, p.Step+1, p.At)
		} else {
			calls++
		}
	}
	if calls != 1 {
		t.Errorf("the forecast has %d calls; want the call (%+v)", calls, plan)
	}
}

// As above, but Lily goes away for two weeks an hour after thanksgiving
// was queued: the mail waits for her return. The follow-up, at the step
// again under the fresh key when the step falls due, takes the waiting
// mail as the step done and counts the call from it; the mail goes when
// Lily is back, then the call. It counted the call from the fresh key's
// due time, which the mail's last look read as "someone wrote in the
// thread meanwhile": the mail was skipped, and thanksgiving composed again.
func TestAnEditUndoneWhileTheStepsMailWaitsForLilySendsThatMail(t *testing.T) {
	body := keyCustomerBody(t, "thanksgiving")
	w := newKeyCustomerWorld(t, body)
	day7 := w.queueSecondStep()
	a := w.queuedItem(namedThanksgiving, "thanksgiving")
	w.lilyAway(day7.Add(time.Hour), day7.AddDate(0, 0, 14))
	w.reloadKeyCustomer(strings.Replace(body, `template = "thanksgiving"`, `template = "christmas"`, 1), day7.Add(time.Minute))
	w.reloadKeyCustomer(body, day7.Add(2*time.Minute))
	w.lookRunLook(day7.Add(time.Hour), 17)
	for _, it := range w.outbox() {
		if strings.Contains(it.LastError, "someone wrote") {
			t.Errorf("outbox %d (%s) %s: %q; nobody wrote in the thread", it.ID, it.StepName, it.Status, it.LastError)
		}
	}
	if it := w.item(a.ID); it.Status != keepwarm.OutboxSent {
		t.Errorf("the thanksgiving mail that waited for Lily: %s %q; want sent", it.Status, it.LastError)
	}
	w.oneMailThenCall(namedThanksgiving, "after the edit, its undoing and Lily's leave", "thanksgiving mail")
}

// Hans's second step (product-intro, a greeting template here so that it
// renders) is queued when the manager moves the call before it: the
// follow-up, realigned by what it did (the resend and the queued step),
// has nothing left after it and completes. The queued mail is still the
// step it did: its last look sends it. It was skipped as "completed", its
// reason saying the step was done: the customer got neither it nor the
// call.
func TestAQueuedStepLeftLastByAnEditStillGoes(t *testing.T) {
	w, body, day7, a := queuedKeyCustomer(t, "thanksgiving", namedThanksgiving)
	parts := strings.Split(body, "[[step]]")
	if len(parts) != 4 {
		t.Fatalf("key-customer has %d steps; want 3", len(parts)-1)
	}
	w.reloadKeyCustomer(parts[0]+"[[step]]"+parts[1]+"[[step]]"+strings.TrimRight(parts[3], "\n")+"\n\n[[step]]"+parts[2], day7.Add(time.Minute))
	if e := w.enrollment(); e.Status != keepwarm.EnrollCompleted {
		t.Fatalf("the follow-up after the edit: %s at step %d (%s); want completed", e.Status, e.Step+1, e.Reason)
	}
	w.lookRunLook(day7.Add(time.Hour), 2)
	if it := w.item(a.ID); it.Status != keepwarm.OutboxSent {
		t.Fatalf("the queued step after the call was moved before it: %s %q; want sent", it.Status, it.LastError)
	}
}

// Hans's second step (thanksgiving here) is queued, and its last look
// comes late (the send held it: here, the dispatcher does not look until
// the task falls due). The manager replaces that step with a task (samples
// by courier). The follow-up, realigned, stands at the task under a fresh
// key; the job's tick makes the task (tasks do not wait for a queued mail)
// and goes on before the held mail's last look: that look does not send the
// old step, which the task replaced, and says an edit replaced it. It was
// skipped as "someone wrote in the thread meanwhile": nobody had (the task
// moved the clock on).
func TestAQueuedStepReplacedByATaskDoesNotGoAfterIt(t *testing.T) {
	ctx := context.Background()
	w, body, day7, a := queuedKeyCustomer(t, "thanksgiving", namedThanksgiving)
	task := "action = \"task\"\ntask = \"Send samples by courier\""
	w.reloadKeyCustomer(strings.Replace(body, "action = \"email\"\ntemplate = \"thanksgiving\"", task, 1), day7.Add(2*time.Hour))
	if e := w.enrollment(); e.Step != 1 || e.Status != keepwarm.EnrollActive {
		t.Fatalf("the follow-up after the edit: %s at step %d (%s); want active at step 2", e.Status, e.Step+1, e.Reason)
	}
	due := day7.AddDate(0, 0, 4).Add(time.Hour)
	w.run(due)
	if e := w.enrollment(); e.Step != 2 {
		t.Fatalf("the follow-up after the task fell due: %s at step %d (%s); want at step 3", e.Status, e.Step+1, e.Reason)
	}
	w.look(due.Add(time.Minute))
	tasks, err := w.db.ListTasks(ctx, true, "")
	if err != nil {
		t.Fatal(err)
	}
	if it := w.item(a.ID); it.Status != keepwarm.OutboxSkipped || len(tasks) == 0 ||
		!strings.Contains(it.LastError, "an edit replaced or removed it") || strings.Contains(it.LastError, "someone wrote") {
		t.Fatalf("the replaced step after the task: %s %q, %d tasks (%+v); want skipped, the task made", it.Status, it.LastError, len(tasks), w.enrollment())
	}
}

// withStepAfterFirst is the sequence file body with an email step of
// template, a day after the one before it, put after its first step.
func withStepAfterFirst(body, template string) string {
	first := strings.Index(body, "[[step]]")
	second := first + len("[[step]]") + strings.Index(body[first+len("[[step]]"):], "[[step]]")
	step := "[[step]]\nafter = \"1d\"\ndays = \"calendar\"\naction = \"email\"\ntemplate = \"" + template + "\"\nin_thread = false\n\n"
	return body[:second] + step + body[second:]
}

// As above, with a step (new-year) between the resend and thanksgiving:
// the manager removes it and gives thanksgiving another template in one
// save, then puts thanksgiving back. The follow-up stands at thanksgiving
// (now step 2) again under a fresh key while the old mail, queued as step
// 3, goes at its look: when the step falls due the follow-up finds that
// mail by the step's name and count and goes on with the call. It looked
// only at the latest mail queued before its own step number (new-year's),
// and thanksgiving was composed and sent a second time.
func TestAnEditUndoneAfterAStepBeforeItWasRemovedSendsTheStepOnce(t *testing.T) {
	body := withStepAfterFirst(keyCustomerBody(t, "thanksgiving"), "new-year")
	w := newKeyCustomerWorld(t, body)
	w.run(day0.Add(time.Minute))
	for _, d := range []int{3, 4} {
		at := day0.AddDate(0, 0, d)
		w.run(at)
		w.sendAll(at.Add(time.Minute))
	}
	// Due on day 8, thanksgiving waits for the weekly cap (the resend
	// and new-year went): queued on day 10.
	w.run(day0.AddDate(0, 0, 8))
	day10 := day0.AddDate(0, 0, 10).Add(time.Hour)
	w.run(day10)
	a := w.queuedItem(namedThanksgiving, "thanksgiving")
	if *a.Step != 2 {
		t.Fatalf("thanksgiving queued as step %d; want step 3", *a.Step+1)
	}
	tidied := strings.Replace(withStepAfterFirst(keyCustomerBody(t, "christmas"), "new-year"), "[[step]]\nafter = \"1d\"\ndays = \"calendar\"\naction = \"email\"\ntemplate = \"new-year\"\nin_thread = false\n\n", "", 1)
	w.reloadKeyCustomer(tidied, day10.Add(time.Minute))
	w.reloadKeyCustomer(keyCustomerBody(t, "thanksgiving"), day10.Add(2*time.Minute))
	w.lookRunLook(day10.Add(time.Hour), 10)
	w.oneMailThenCall(namedThanksgiving, "after new-year was removed and thanksgiving's edit undone", "thanksgiving mail")
}
