package sequences_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
	"keepwarm/store"
)

// skipHeld checks, after a person's Skip while the follow-up waited at
// thanksgiving for its older mail a: a stays skipped with the person's
// reason, no thanksgiving is queued or sent, nothing reads "someone
// wrote", and the call is made once.
func (w *fuWorld) skipHeld(a keepwarm.OutboxItem, how string) {
	w.t.Helper()
	bad := w.thanksgivingNotSentCallOnce(how)
	for _, it := range w.outbox() {
		if strings.Contains(it.LastError, "someone wrote") {
			w.t.Errorf("%s: outbox %d reads %q; want the person's skip", how, it.ID, it.LastError)
			bad = true
		}
	}
	if it := w.item(a.ID); it.Status != keepwarm.OutboxSkipped || !strings.HasPrefix(it.LastError, "skipped by lily@seller.example") {
		w.t.Errorf("%s: the older thanksgiving is %s (%q); want skipped by Lily", how, it.Status, it.LastError)
		bad = true
	}
	if bad {
		w.logOutbox()
	}
}

// thanksgivingNotSentCallOnce checks that no thanksgiving is queued or
// sent and the call is made once; false when it is so.
func (w *fuWorld) thanksgivingNotSentCallOnce(how string) (bad bool) {
	w.t.Helper()
	for _, it := range w.outbox() {
		if it.StepName == "email:thanksgiving" && (it.Status == keepwarm.OutboxSent || it.Status == keepwarm.OutboxQueued || it.Status == keepwarm.OutboxSending) {
			w.t.Errorf("%s: thanksgiving %s (outbox %d, %s); want it neither sent nor queued", how, it.Status, it.ID, it.Key)
			bad = true
		}
	}
	tasks, err := w.db.ListTasks(context.Background(), true, "")
	if err != nil {
		w.t.Fatal(err)
	}
	if len(tasks) != 1 {
		w.t.Errorf("%s: %d tasks; want the call once (%+v)", how, len(tasks), w.enrollment())
		bad = true
	}
	return bad
}

// logOutbox logs every outbox item, for a failure.
func (w *fuWorld) logOutbox() {
	w.t.Helper()
	for _, it := range w.outbox() {
		w.t.Logf("outbox %d %s step %d %s %s %q", it.ID, it.Key, *it.Step, it.StepName, it.Status, it.LastError)
	}
}

// atThanksgivingOnDay5 is the key-customer follow-up whose first mail
// went on day 3: on day 5 it stands at thanksgiving (step 2).
func atThanksgivingOnDay5(t *testing.T) (w *fuWorld, body string, e keepwarm.Enrollment, day5 time.Time) {
	t.Helper()
	body = keyCustomerBody(t, "thanksgiving")
	w = newKeyCustomerWorld(t, body)
	w.run(day0.Add(time.Minute))
	day3 := day0.AddDate(0, 0, 3)
	w.run(day3)
	w.sendAll(day3.Add(time.Minute))
	day5 = day0.AddDate(0, 0, 5)
	e = w.enrollment()
	if e.Step != 1 {
		t.Fatalf("on day 5 the follow-up is at step %d (%q); want thanksgiving", e.Step+1, e.Reason)
	}
	return w, body, e, day5
}

// skipThanksgiving is Lily's "Skip this step" on thanksgiving (step 2)
// at the given time: the follow-up goes on at the call, due after
// thanksgiving was.
func (w *fuWorld) skipThanksgiving(e keepwarm.Enrollment, at time.Time) keepwarm.Enrollment {
	w.t.Helper()
	skipped, err := w.job.SkipStep(context.Background(), e.ID, 1, "lily@seller.example", at)
	if err != nil {
		w.t.Fatal(err)
	}
	if skipped.Step != 2 || !skipped.DueAt.After(e.DueAt) {
		w.t.Fatalf("after the skip: step %d due %s (%q); want the call, after thanksgiving's %s", skipped.Step+1, skipped.DueAt, skipped.Reason, e.DueAt)
	}
	return skipped
}

// renameThanksgivingAndBack is the manager's edit undone: body's
// thanksgiving step renamed to christmas an hour after from, and back an
// hour later (the time it returns), which places the follow-up back.
func (w *fuWorld) renameThanksgivingAndBack(body string, from time.Time) (undone time.Time) {
	w.t.Helper()
	w.reloadKeyCustomer(strings.Replace(body, `template = "thanksgiving"`, `template = "christmas"`, 1), from.Add(time.Hour))
	w.run(from.Add(time.Hour + time.Minute))
	undone = from.Add(2 * time.Hour)
	w.reloadKeyCustomer(body, undone)
	return undone
}

// skipRecord is the skip's record of thanksgiving ("step 2 skipped by").
func (w *fuWorld) skipRecord() keepwarm.OutboxItem {
	var record keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if strings.HasPrefix(it.LastError, "step 2 skipped by ") {
			record = it
		}
	}
	return record
}

// skippedBefore is how a follow-up's reason ends when Lily skipped
// thanksgiving before (the skip's outbox item id).
func skippedBefore(id int64) string {
	return fmt.Sprintf("step 2 (thanksgiving) was skipped by lily@seller.example before (outbox %d); it goes on with step 3 (the task)", id)
}

// notForecastAfterUndo checks that the forecast just after the edit
// undone does not list thanksgiving again.
func (w *fuWorld) notForecastAfterUndo(undone time.Time) {
	w.t.Helper()
	if f := w.forecastsThanksgiving(undone.Add(time.Minute)); f != "" {
		w.t.Errorf("after the edit undone the forecast lists thanksgiving (%s); want it not listed: Lily skipped it", f)
	}
}

// secondSkipRefused checks that a second "Skip this step" on thanksgiving,
// an hour after the edit undone, is refused as skipped already.
func (w *fuWorld) secondSkipRefused(id int64, undone time.Time) {
	w.t.Helper()
	_, err := w.job.SkipStep(context.Background(), id, 1, "lily@seller.example", undone.Add(time.Hour))
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "skipped already") {
		w.t.Errorf("a second Skip of thanksgiving after the edit undone: %v; want it refused as skipped already", err)
	}
}

// The world of olderMailWaits: thanksgiving's mail, queued before an
// edit undone, waits while the follow-up stands at thanksgiving again.
// Lily skips that mail on the desk (she wished Hans on the phone). The
// skip holds: thanksgiving is not composed again, and the follow-up goes
// on with the call. It was composed again and sent when it fell due.
func TestASkippedOlderMailOfAStepPlacedBackIsNotComposedAgain(t *testing.T) {
	ctx := context.Background()
	w, a, day10 := olderMailWaits(t, false)
	if e := w.enrollment(); e.Status != keepwarm.EnrollActive || e.Step != 1 {
		t.Fatalf("the follow-up after the undone edit: %s at step %d (%q); want active at thanksgiving", e.Status, e.Step+1, e.Reason)
	}
	if err := w.db.SkipQueued(ctx, a.ID, "skipped by lily@seller.example", day10.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	w.lookRunLook(day10.Add(10*time.Minute), 25)
	w.skipHeld(a, "after Lily skipped the older mail")
}

// As above, but Lily skips the step on the follow-up's view (next:
// thanksgiving). The older mail is skipped with it, and thanksgiving is
// not composed again. The mail's last look skipped it as "someone wrote
// in the thread meanwhile" and put the step back: thanksgiving was
// composed again and sent, and the call came later.
func TestASkippedStepWhoseOlderMailWaitsIsNotComposedAgain(t *testing.T) {
	ctx := context.Background()
	w, a, day10 := olderMailWaits(t, false)
	e := w.enrollment()
	got, err := w.job.SkipStep(ctx, e.ID, 1, "lily@seller.example", day10.Add(5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if got.Step != 2 {
		t.Errorf("after the skip the follow-up is at step %d (%q); want the call", got.Step+1, got.Reason)
	}
	w.lookRunLook(day10.Add(10*time.Minute), 25)
	w.skipHeld(a, "after Lily skipped the step")
}

// As above, but after the skip the same edit is made and undone again:
// the follow-up is placed back at thanksgiving once more. The step's own
// skip record ("step 2 skipped by") is its newest item: it is her skip,
// not the step composed again, and counts as the step done. It counted
// as a newer item, so the older mail she skipped with it no longer did,
// and thanksgiving was composed again and sent.
func TestASkippedStepWhoseOlderMailWaitsStaysSkippedAfterTheEditIsUndoneAgain(t *testing.T) {
	ctx := context.Background()
	w, a, day10 := olderMailWaits(t, false)
	e := w.enrollment()
	if _, err := w.job.SkipStep(ctx, e.ID, 1, "lily@seller.example", day10.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	w.reloadKeyCustomer(tidiedKeyCustomer(t), day10.Add(6*time.Minute))
	w.reloadKeyCustomer(keyCustomerBody(t, "thanksgiving"), day10.Add(7*time.Minute))
	w.lookRunLook(day10.Add(10*time.Minute), 25)
	w.skipHeld(a, "after Lily skipped the step and the edit was undone again")
}

// As the first, but the follow-up stands paused (Lily's pause) at the
// step: she skips the older mail, then resumes. Thanksgiving is not
// composed again.
func TestASkippedOlderMailOfAPausedStepIsNotComposedAgainOnResume(t *testing.T) {
	ctx := context.Background()
	w, a, day10 := olderMailWaits(t, false)
	e := w.enrollment()
	e.Status, e.PausedByPerson, e.PausedUntil, e.Reason, e.UpdatedAt = keepwarm.EnrollPaused, true, time.Time{}, "paused by lily@seller.example", day10.Add(3*time.Minute)
	if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	if err := w.db.SkipQueued(ctx, a.ID, "skipped by lily@seller.example", day10.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	w.resumeAt(e.ID, day10.Add(6*time.Minute))
	w.lookRunLook(day10.Add(10*time.Minute), 25)
	w.skipHeld(a, "after Lily skipped the older mail and resumed")
}

// namedLookStore counts the look for a step's mail by its name
// (StepItemsNamed).
type namedLookStore struct {
	*store.DB
	named int
}

func (s *namedLookStore) StepItemsNamed(ctx context.Context, enrollmentID int64, name string) ([]keepwarm.OutboxItem, error) {
	s.named++
	return s.DB.StepItemsNamed(ctx, enrollmentID, name)
}

// A follow-up never placed back at a step (no edit undone, no put-back:
// Redo 0) has no mail of its step under an older key: its ticks, while
// it waits and when its first step falls due, do not look for one. Each
// active follow-up cost one such query on every tick. (Once a step went,
// the due step's look for that mail, StepMail, is by name still.)
func TestAnOrdinaryFollowUpsTickDoesNotLookForAnOlderMail(t *testing.T) {
	ns := &namedLookStore{}
	w := newFUWorldStore(t, "A", "", func(db *store.DB) sequences.FollowUpStore { ns.DB = db; return ns })
	w.run(day0.Add(time.Minute))
	for h := 1; h <= 3*24+1; h += 6 {
		w.run(day0.Add(time.Duration(h) * time.Hour))
	}
	e := w.enrollment()
	if e.Step != 1 || e.Redo != 0 || len(w.outbox()) != 1 {
		t.Fatalf("after day 3: at step %d, redo %d, %d mails (%+v); want the first step queued, never put back", e.Step+1, e.Redo, len(w.outbox()), e)
	}
	if ns.named != 0 {
		t.Errorf("the ticks looked for a step's older mail %d times; want none for a follow-up never placed back", ns.named)
	}
}

// The world of olderMailEnds with thanksgiving's older mail uncertain,
// before the follow-up's tick or after it: Lily learns it arrived. The
// call is then due its own delay (3 days, in the customer's window)
// after that mail, the same either way. The follow-up kept
// thanksgiving's due time, which its own delay counted from another
// clock.
func TestItArrivedCountsTheNextStepFromAnUndoneEditsOlderMail(t *testing.T) {
	ctx := context.Background()
	for _, tickFirst := range []bool{false, true} {
		w, a, at := olderMailEnds(t, keepwarm.OutboxUncertain, tickFirst)
		e := w.enrollment()
		waited := e.DueAt
		got, err := w.job.Arrived(ctx, e.ID, "lily@seller.example", at.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != keepwarm.EnrollActive || got.Step != 2 {
			t.Fatalf("tick first %v: after It arrived %s at step %d (%q); want active at the call", tickFirst, got.Status, got.Step+1, got.Reason)
		}
		// Three days after the mail fall on a Sunday: the window's next
		// opening, Monday 9:00 Berlin.
		if want := time.Date(2026, 11, 16, 8, 0, 0, 0, time.UTC); !a.CreatedAt.Equal(time.Date(2026, 11, 12, 9, 6, 0, 0, time.UTC)) || !got.DueAt.Equal(want) {
			t.Errorf("tick first %v: the call is due %s (thanksgiving was due %s, its mail queued %s); want %s, three days after the mail", tickFirst, got.DueAt, waited, a.CreatedAt, want)
		}
	}
}

// The world of olderMailWaits: thanksgiving's mail, queued before an
// edit undone, is being sent while the follow-up stands at thanksgiving
// again when Lily pauses the follow-up; the mail goes. She then skips the
// step on the follow-up's view. The skip is refused, saying the step's
// mail went: nothing reads "step 2 skipped by lily" over the mail Hans
// got. Resumed, the follow-up goes on from the send with the call. The
// step was recorded as skipped by her over the mail that went, and the
// call counted from her skip.
func TestSkipOfAStepWhoseOlderMailWentIsRefused(t *testing.T) {
	ctx := context.Background()
	w, a, day10 := olderMailWaits(t, false)
	sentAt := day10.Add(4 * time.Minute)
	if _, ok, err := w.db.Claim(ctx, a.ID, sentAt); err != nil || !ok {
		t.Fatalf("claim thanksgiving: %v %v", ok, err)
	}
	e := w.enrollment()
	if _, err := w.job.Pause(ctx, e.ID, time.Time{}, sentAt); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkSent(ctx, a.ID, sentAt); err != nil {
		t.Fatal(err)
	}
	e = w.enrollment()
	_, err := w.job.SkipStep(ctx, e.ID, 1, "lily@seller.example", day10.Add(5*time.Minute))
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), fmt.Sprintf("its mail queued before (outbox %d) is sent", a.ID)) {
		t.Fatalf("Skip of the step whose older mail went: %v; want it refused, saying the step's mail went", err)
	}
	for _, it := range w.outbox() {
		if strings.Contains(it.LastError, "skipped by lily") {
			t.Errorf("outbox %d %s reads %q; want no skip recorded", it.ID, it.StepName, it.LastError)
		}
	}
	if got := w.enrollment(); got.Rev != e.Rev {
		t.Errorf("the follow-up after the refused skip: %s at step %d (%q); want it unchanged", got.Status, got.Step+1, got.Reason)
	}
	w.resumeAt(e.ID, day10.Add(6*time.Minute))
	w.lookRunLook(day10.Add(10*time.Minute), 25)
	w.oneMailThenCall(namedThanksgiving, "after the refused skip and the resume", "thanksgiving mail")
}

// As TestSkipOfAStepWhoseOlderMailWentIsRefused, but the follow-up's mode
// is draft: thanksgiving's mail is filed in Lily's Drafts while she
// pauses. The step's Skip is refused, and says the mail waits in Drafts:
// delete the draft if it should not go. It said only that the mail was
// drafted, and the draft she did not want to go stayed, nothing telling
// her to delete it.
func TestSkipOfAStepWhoseOlderMailIsDraftedSaysToDeleteTheDraft(t *testing.T) {
	ctx := context.Background()
	w, a, day10 := olderMailWaits(t, false)
	at := day10.Add(4 * time.Minute)
	if _, ok, err := w.db.Claim(ctx, a.ID, at); err != nil || !ok {
		t.Fatalf("claim thanksgiving: %v %v", ok, err)
	}
	e := w.enrollment()
	if _, err := w.job.Pause(ctx, e.ID, time.Time{}, at); err != nil {
		t.Fatal(err)
	}
	if err := w.db.MarkDrafted(ctx, a.ID, at); err != nil {
		t.Fatal(err)
	}
	e = w.enrollment()
	_, err := w.job.SkipStep(ctx, e.ID, 1, "lily@seller.example", day10.Add(5*time.Minute))
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), fmt.Sprintf("its mail queued before (outbox %d) is drafted", a.ID)) ||
		!strings.Contains(err.Error(), "in Drafts: delete the draft if it should not go") {
		t.Fatalf("Skip of the step whose older mail is drafted: %v; want it refused, saying to delete the draft if it should not go", err)
	}
	if got := w.enrollment(); got.Rev != e.Rev {
		t.Errorf("the follow-up after the refused skip: %s at step %d (%q); want it unchanged", got.Status, got.Step+1, got.Reason)
	}
}

// Lily presses "Skip this step" at thanksgiving before its mail was ever
// queued: the step's only item is the skip's record ("step 2 skipped
// by"). The manager then renames thanksgiving's template and renames it
// back, which places the follow-up back at thanksgiving under a fresh
// key. Her skip holds: thanksgiving is neither queued nor sent, and the
// call is made once. The record never counted as the step done, and
// thanksgiving was composed again and sent.
func TestASkippedStepWithNoMailStaysSkippedAfterAnEditUndone(t *testing.T) {
	w, body, e, day5 := atThanksgivingOnDay5(t)
	w.skipThanksgiving(e, day5)
	w.renameThanksgivingAndBack(body, day5)
	w.lookRunLook(day5.Add(3*time.Hour), 15)
	if w.thanksgivingNotSentCallOnce("after Lily skipped the step and the edit was undone") {
		w.logOutbox()
	}
}

// forecastsThanksgiving reports the forecast's thanksgiving steps of the
// two weeks from at, for a failure's message ("" when there is none).
func (w *fuWorld) forecastsThanksgiving(at time.Time) string {
	w.t.Helper()
	plan, err := w.job.Forecast(context.Background(), at, at.AddDate(0, 0, 14))
	if err != nil {
		w.t.Fatal(err)
	}
	var got []string
	for _, p := range plan {
		if p.Template == "thanksgiving" {
			got = append(got, fmt.Sprintf("step %d %s", p.Step+1, p.At.Format(time.RFC3339)))
		}
	}
	return strings.Join(got, ", ")
}

// As TestASkippedStepWithNoMailStaysSkippedAfterAnEditUndone, looked at
// right after the undo: the follow-up is at the call at once, due when
// Lily's skip made it due (three days after thanksgiving was due, day
// 10), its reason saying she skipped thanksgiving, and the forecast (the
// desk's "next 7 days", the customer page, the digest) does not list
// thanksgiving again. A second "Skip this step" on thanksgiving is
// refused and moves nothing. The follow-up stood at thanksgiving, due
// day 11, listed with "Skip this step" for six days; the call came on
// day 11, or day 14 after a second skip.
func TestASkippedStepIsNotListedAgainAfterAnEditUndone(t *testing.T) {
	ctx := context.Background()
	w, body, e, day5 := atThanksgivingOnDay5(t)
	skipped := w.skipThanksgiving(e, day5)
	record := w.skipRecord()
	undone := w.renameThanksgivingAndBack(body, day5)
	got := w.enrollment()
	if got.Status != keepwarm.EnrollActive || got.Step != 2 || !got.DueAt.Equal(skipped.DueAt) {
		t.Errorf("after the edit undone: %s at step %d due %s (%q); want active at the call, due %s as the skip made it", got.Status, got.Step+1, got.DueAt, got.Reason, skipped.DueAt)
	}
	if want := skippedBefore(record.ID); record.ID == 0 || !strings.HasSuffix(got.Reason, want) {
		t.Errorf("after the edit undone the reason is %q; want it to end %q", got.Reason, want)
	}
	if p, err := w.job.Placed(ctx, got, undone.Add(time.Minute)); err != nil || p.Step != 2 || !p.DueAt.Equal(skipped.DueAt) {
		t.Errorf("placed after the edit undone: step %d due %s (%v); want the call due %s", p.Step+1, p.DueAt, err, skipped.DueAt)
	}
	w.notForecastAfterUndo(undone)
	w.secondSkipRefused(got.ID, undone)
	if again := w.enrollment(); again.Step != 2 || !again.DueAt.Equal(skipped.DueAt) {
		t.Errorf("after the second Skip: step %d due %s (%q); want the call still due %s", again.Step+1, again.DueAt, again.Reason, skipped.DueAt)
	}
}

// The world of olderMailWaits: Lily skips thanksgiving's older mail on
// the desk. The follow-up's next look (the tick, the desk's forecast)
// puts it at the call at once, saying she skipped thanksgiving, rather
// than listing thanksgiving for days as still to go.
func TestASkippedOlderMailMovesTheFollowUpOnAtOnce(t *testing.T) {
	ctx := context.Background()
	w, a, day10 := olderMailWaits(t, false)
	if err := w.db.SkipQueued(ctx, a.ID, "skipped by lily@seller.example", day10.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	at := day10.Add(6 * time.Minute)
	if f := w.forecastsThanksgiving(at); f != "" {
		t.Errorf("after Lily skipped the older mail the forecast lists thanksgiving (%s); want it not listed", f)
	}
	w.run(at)
	got := w.enrollment()
	if want := skippedBefore(a.ID); got.Status != keepwarm.EnrollActive || got.Step != 2 || !strings.HasSuffix(got.Reason, want) {
		t.Errorf("after Lily skipped the older mail and a tick: %s at step %d (%q); want active at the call, the reason ending %q", got.Status, got.Step+1, got.Reason, want)
	}
}

// As TestASkippedStepIsNotListedAgainAfterAnEditUndone, but Lily pauses
// the follow-up until day 9 right after her skip (an away week, an
// out-of-office, her own Pause). The edit undone puts it at the call
// all the same, still paused until day 9 with her pause's reason, the
// call due when the skip made it due; the forecast does not list
// thanksgiving, and a second "Skip this step" on it is refused as
// skipped already. The paused follow-up stood at thanksgiving, listed
// on day 9 with "Skip this step", and a second Skip moved the call from
// day 10 to day 14.
func TestASkippedStepOfAPausedFollowUpIsNotListedAgainAfterAnEditUndone(t *testing.T) {
	ctx := context.Background()
	w, body, e, day5 := atThanksgivingOnDay5(t)
	skipped := w.skipThanksgiving(e, day5)
	day9 := day0.AddDate(0, 0, 9)
	paused, err := w.job.Pause(ctx, e.ID, day9, day5.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	undone := w.renameThanksgivingAndBack(body, day5)
	got, err := w.job.Placed(ctx, w.enrollment(), undone.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != keepwarm.EnrollPaused || !got.PausedByPerson || !got.PausedUntil.Equal(day9) || got.Reason != paused.Reason ||
		got.Step != 2 || !got.DueAt.Equal(skipped.DueAt) {
		t.Errorf("after the edit undone: %s until %s (by a person %v) at step %d due %s (%q); want paused until %s by Lily (%q) at the call, due %s as the skip made it",
			got.Status, got.PausedUntil, got.PausedByPerson, got.Step+1, got.DueAt, got.Reason, day9, paused.Reason, skipped.DueAt)
	}
	w.run(undone.Add(time.Minute))
	if stored := w.enrollment(); stored.Status != keepwarm.EnrollPaused || !stored.PausedUntil.Equal(day9) || stored.Reason != paused.Reason ||
		stored.Step != 2 || !stored.DueAt.Equal(skipped.DueAt) {
		t.Errorf("after the edit undone and a tick: %s until %s at step %d due %s (%q); want paused until %s (%q) at the call, due %s",
			stored.Status, stored.PausedUntil, stored.Step+1, stored.DueAt, stored.Reason, day9, paused.Reason, skipped.DueAt)
	}
	w.notForecastAfterUndo(undone)
	w.secondSkipRefused(got.ID, undone)
	if again := w.enrollment(); again.Status != keepwarm.EnrollPaused || again.Step != 2 || !again.DueAt.Equal(skipped.DueAt) {
		t.Errorf("after the second Skip: %s at step %d due %s (%q); want paused at the call, still due %s", again.Status, again.Step+1, again.DueAt, again.Reason, skipped.DueAt)
	}
}

// As above, but the manager's edit also removes the call, and its undo
// keeps it removed: thanksgiving, which Lily skipped, is the last step
// again. The paused follow-up completes, its pause over, as her Skip of
// a last step completes it; thanksgiving is neither queued nor listed.
// It stood paused at thanksgiving, listed on day 9 with "Skip this step".
func TestAPausedFollowUpWhoseSkippedStepIsLastAgainCompletes(t *testing.T) {
	ctx := context.Background()
	w, body, e, day5 := atThanksgivingOnDay5(t)
	w.skipThanksgiving(e, day5)
	if _, err := w.job.Pause(ctx, e.ID, day0.AddDate(0, 0, 9), day5.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	noCall := body[:strings.LastIndex(body, "[[step]]")]
	undone := w.renameThanksgivingAndBack(noCall, day5)
	w.run(undone.Add(time.Minute))
	got := w.enrollment()
	if got.Status != keepwarm.EnrollCompleted || !got.PausedUntil.IsZero() || got.PausedByPerson {
		t.Errorf("after the edit undone: %s at step %d, paused until %s by a person %v (%q); want completed, its pause over", got.Status, got.Step+1, got.PausedUntil, got.PausedByPerson, got.Reason)
	}
	w.notForecastAfterUndo(undone)
	for _, it := range w.outbox() {
		if it.StepName == "email:thanksgiving" && it.Status != keepwarm.OutboxSkipped {
			t.Errorf("thanksgiving %s (outbox %d, %s); want only Lily's skip", it.Status, it.ID, it.Key)
		}
	}
}

// As TestASkippedStepOfAPausedFollowUpIsNotListedAgainAfterAnEditUndone,
// but the pause is Hans's out-of-office until day 9: the follow-up goes
// on at the call, still paused until then, its reason still saying
// whose absence it waits for, then that Lily skipped thanksgiving.
func TestASkippedStepOfAFollowUpPausedForAnAbsenceStaysSkippedAfterAnEditUndone(t *testing.T) {
	ctx := context.Background()
	w, body, e, day5 := atThanksgivingOnDay5(t)
	skipped := w.skipThanksgiving(e, day5)
	record := w.skipRecord()
	day9 := day0.AddDate(0, 0, 9)
	away := "out of office: " + skipped.To[0].Email
	skipped.Status, skipped.PausedUntil, skipped.PausedByPerson, skipped.Reason, skipped.UpdatedAt = keepwarm.EnrollPaused, day9, false, away, day5.Add(time.Minute)
	skipped, err := w.db.UpdateEnrollment(ctx, skipped)
	if err != nil {
		t.Fatal(err)
	}
	undone := w.renameThanksgivingAndBack(body, day5)
	w.run(undone.Add(time.Minute))
	got := w.enrollment()
	want := skippedBefore(record.ID)
	if got.Status != keepwarm.EnrollPaused || got.PausedByPerson || !got.PausedUntil.Equal(day9) || got.Step != 2 || !got.DueAt.Equal(skipped.DueAt) ||
		record.ID == 0 || !strings.HasPrefix(got.Reason, away+"; ") || !strings.HasSuffix(got.Reason, want) {
		t.Errorf("after the edit undone: %s until %s at step %d due %s (%q); want paused until %s at the call, due %s, the reason %q then ending %q",
			got.Status, got.PausedUntil, got.Step+1, got.DueAt, got.Reason, day9, skipped.DueAt, away, want)
	}
	w.notForecastAfterUndo(undone)
}
