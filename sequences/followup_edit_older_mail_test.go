package sequences_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// withoutCall is the sequence file body without its last step (the call).
func withoutCall(body string) string {
	return body[:strings.LastIndex(body, "[[step]]")]
}

// Hans's key-customer ends with thanksgiving (no call): it is queued on
// day 7, its follow-up done but for that mail. A reply comes through the
// customer's list and pauses the follow-up for Lily (as ingest does).
// The manager renames thanksgiving's template and a tick runs, then
// renames it back and a tick runs. The pause and its note stay, and the
// mail's last look skips it: it does not go after the possible answer.
// The undone edit completed the follow-up, "every step done", and the
// mail went.
func TestAnUndoneEditKeepsAListAnswersPauseOverTheLastStepsMail(t *testing.T) {
	ctx := context.Background()
	body := withoutCall(keyCustomerBody(t, "thanksgiving"))
	w := newKeyCustomerWorld(t, body)
	day7 := w.queueSecondStep()
	a := w.queuedItem(namedThanksgiving, "thanksgiving")
	e := w.enrollment()
	if e.Status != keepwarm.EnrollCompleted {
		t.Fatalf("the follow-up with thanksgiving queued: %s (%s); want completed", e.Status, e.Reason)
	}
	note := keepwarm.ListAnswerHold + "purchasing@buyer.de from hans@buyer.de: check whether it answers you"
	e.Status, e.PausedByPerson, e.PausedUntil, e.Reason, e.UpdatedAt = keepwarm.EnrollPaused, true, time.Time{}, note, day7.Add(time.Hour)
	if _, err := w.db.UpdateEnrollment(ctx, e); err != nil {
		t.Fatal(err)
	}
	w.reloadKeyCustomer(strings.Replace(body, `template = "thanksgiving"`, `template = "christmas"`, 1), day7.Add(2*time.Hour))
	w.run(day7.Add(2*time.Hour + time.Minute))
	w.reloadKeyCustomer(body, day7.Add(3*time.Hour))
	w.run(day7.Add(3*time.Hour + time.Minute))
	w.lookRunLook(day7.AddDate(0, 0, 1), 0)
	if it := w.item(a.ID); it.Status == keepwarm.OutboxSent || it.Status == keepwarm.OutboxQueued && it.NextAttemptAt.Before(day7.AddDate(0, 0, 2)) {
		t.Errorf("thanksgiving after the list's reply: %s %q; want it not sent", it.Status, it.LastError)
	}
	if e := w.enrollment(); e.Status != keepwarm.EnrollPaused || !e.PausedByPerson || !strings.HasPrefix(e.Reason, note) {
		t.Errorf("the follow-up: %s (%q); want paused for Lily with the list's note", e.Status, e.Reason)
	}
}
