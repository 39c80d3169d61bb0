package sequences_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/zhtext"
)

// A sequence whose window's workdays are all on the customer's weekend
// (Saturday and Sunday, for a German customer) never opens: the step is
// not sent at whatever hour the run happens, and the follow-up says why
// where the salesperson looks.
func TestAWindowThatNeverOpensSendsNothingAndSaysWhy(t *testing.T) {
	dir := t.TempDir()
	body, err := os.ReadFile("defaults/key-customer.toml")
	if err != nil {
		t.Fatal(err)
	}
	body = []byte(strings.Replace(string(body), "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n", 1))
	if err := os.WriteFile(filepath.Join(dir, "key-customer.toml"), body, 0o600); err != nil {
		t.Fatal(err)
	}
	w := newFUWorldWith(t, "A", dir)
	w.run(day0.Add(time.Minute))
	for _, at := range []time.Time{day0.AddDate(0, 0, 3), day0.AddDate(0, 0, 3).Add(15 * time.Hour)} {
		w.run(at)
	}
	if n := w.stepsQueued(); n != 0 {
		t.Fatalf("%d steps queued by a window that never opens", n)
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "has no working day for a customer in DE") {
		t.Fatalf("the follow-up: %s, %q; want it ended with why", e.Status, e.Reason)
	}
}

// A follow-up enrolled under a window that opens, whose window is then
// changed to one that never opens for the customer: the forecast lists
// none of its steps (not one at the year 1, nor one after another).
func TestTheForecastListsNothingOfAWindowThatNeverOpens(t *testing.T) {
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	defs, set := editedKeyCustomer(t, "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n")
	if _, err := w.job.Reload(context.Background(), defs, set, day0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	plan, err := w.job.Forecast(context.Background(), day0.Add(3*time.Minute), day0.AddDate(0, 0, 30))
	if err != nil || len(plan) != 0 {
		t.Fatalf("forecast: %+v, %v; want nothing", plan, err)
	}
}

// Lily is away while Hans's resend is queued, and its window is changed to
// one that never opens: the hold for her absence ends when she is back,
// not at the year 1 (a hold already over, which made the dispatcher look
// at the item again and again and send nothing else from the mailbox).
func TestAStepHeldForAnAbsenceUnderAWindowThatNeverOpensIsHeldUntilSheIsBack(t *testing.T) {
	w := newFUWorld(t, "A")
	due, item := w.resendQueued()
	now := due.Add(time.Hour)
	back := now.Add(48 * time.Hour)
	w.lilyAway(now.Add(-time.Hour), back)
	defs, set := editedKeyCustomer(t, "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n")
	if _, err := w.job.Reload(context.Background(), defs, set, now); err != nil {
		t.Fatal(err)
	}
	h, err := w.job.Hold(context.Background(), item, now)
	if err != nil || h == nil || !h.Until.After(now) || !strings.Contains(h.Reason, "is away") {
		t.Fatalf("hold: %+v, %v; want one for her absence, ending after %s", h, err, now)
	}
}

// The window of a follow-up whose resend is queued (held by the cap or
// the window) is changed to one that never opens: the follow-up fails
// with the reason, where the desk and the digest show it, rather than
// staying active and "waiting for step 1's mail" for good.
func TestAQueuedStepWhoseWindowNeverOpensFailsTheFollowUp(t *testing.T) {
	w := newFUWorld(t, "A")
	due, _ := w.resendQueued()
	defs, set := editedKeyCustomer(t, "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n")
	if _, err := w.job.Reload(context.Background(), defs, set, due.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for d := 0; d <= 6; d++ {
		w.run(due.Add(2*time.Hour).AddDate(0, 0, d))
	}
	e := w.enrollment()
	if e.Status != keepwarm.EnrollFailed || !strings.Contains(e.Reason, "has no working day for a customer in DE") ||
		!strings.Contains(e.Reason, "the manager changes the sequence's workdays") {
		t.Fatalf("the follow-up: %s, %q; want it failed with why", e.Status, e.Reason)
	}
	if items := w.outbox(); len(items) != 1 || items[0].Status != keepwarm.OutboxQueued {
		t.Fatalf("the resend: %+v; want it still queued (held)", items)
	}
	if zh := zhtext.Err(e.Reason); !strings.Contains(zh, "由经理修改该序列的工作日") {
		t.Fatalf("in Chinese: %q", zh)
	}
}

// A follow-up paused until a day after its step's time, whose window is
// changed to one that never opens: it has no time to go (the desk does not
// list it at the year 1), and a reload that also changes the step's delay
// writes no "moved to" the year 1; the enrollment's due time is never the
// zero time.
func TestAPausedFollowUpUnderAWindowThatNeverOpensHasNoYearOneTime(t *testing.T) {
	ctx := context.Background()
	w := newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	e := w.enrollment()
	if _, err := w.job.Pause(ctx, e.ID, day0.AddDate(0, 0, 5), day0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	defs, set := editedKeyCustomer(t, "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n")
	if _, err := w.job.Reload(ctx, defs, set, day0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	e = w.enrollment()
	if at, ok, err := w.job.NextStepAt(ctx, e); err != nil || ok && at.Year() < 2000 {
		t.Fatalf("next step at %s, %v, %v", at, ok, err)
	}
	if e.DueAt.Year() < 2000 {
		t.Fatalf("due at %s", e.DueAt)
	}

	w = newFUWorld(t, "A")
	w.run(day0.Add(time.Minute))
	defs, set = editedKeyCustomer(t, "[window]\n", "[window]\nworkdays = [\"sat\", \"sun\"]\n", `after = "3d"`, `after = "5d"`)
	if _, err := w.job.Reload(ctx, defs, set, day0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if e := w.enrollment(); e.DueAt.Year() < 2000 || strings.Contains(e.Reason, "0001") {
		t.Fatalf("after the reload: due %s, %q", e.DueAt, e.Reason)
	}
}
