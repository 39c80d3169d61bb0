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

// olderMailEnds is the world of TestAnEditUndoneAfterAStepBeforeItWas
// RemovedSendsTheStepOnce: new-year removed and thanksgiving renamed,
// then renamed back, on day 10, while thanksgiving, queued as step 3
// before the edit, waits. A tick runs first when tickFirst. Then the
// dispatcher ends that mail as status says. It returns the world, the
// mail and when it ended.
func olderMailEnds(t *testing.T, status keepwarm.OutboxStatus, tickFirst bool) (*fuWorld, keepwarm.OutboxItem, time.Time) {
	t.Helper()
	ctx := context.Background()
	w, a, day10 := olderMailWaits(t, tickFirst)
	at := day10.Add(4 * time.Minute)
	claimed, ok, err := w.db.Claim(ctx, a.ID, at)
	if err != nil || !ok {
		t.Fatalf("claim thanksgiving: %v %v", ok, err)
	}
	why := "554 5.7.1 message rejected by policy"
	if status == keepwarm.OutboxUncertain {
		why = "connection lost after DATA"
		err = w.db.MarkUncertain(ctx, a.ID, why)
	} else {
		err = w.db.MarkFailed(ctx, a.ID, why)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := w.job.Settled(ctx, claimed, status, why, nil, at); err != nil {
		t.Fatal(err)
	}
	return w, a, at
}

// tidiedKeyCustomer is the key-customer sequence of olderMailWaits' edit:
// thanksgiving renamed christmas, the step added after the first removed.
func tidiedKeyCustomer(t *testing.T) string {
	t.Helper()
	return strings.Replace(withStepAfterFirst(keyCustomerBody(t, "christmas"), "new-year"), "[[step]]\nafter = \"1d\"\ndays = \"calendar\"\naction = \"email\"\ntemplate = \"new-year\"\nin_thread = false\n\n", "", 1)
}

// olderMailWaits is olderMailEnds' world before the mail ends: the
// follow-up placed back at thanksgiving (step 2) under a fresh key by the
// undone edit, while thanksgiving's mail, queued as step 3 before it,
// still waits. It returns the world, the mail and day 10 (the edit's day).
func olderMailWaits(t *testing.T, tickFirst bool) (*fuWorld, keepwarm.OutboxItem, time.Time) {
	t.Helper()
	body := withStepAfterFirst(keyCustomerBody(t, "thanksgiving"), "new-year")
	w := newKeyCustomerWorld(t, body)
	w.run(day0.Add(time.Minute))
	for _, d := range []int{3, 4} {
		at := day0.AddDate(0, 0, d)
		w.run(at)
		w.sendAll(at.Add(time.Minute))
	}
	w.run(day0.AddDate(0, 0, 8))
	day10 := day0.AddDate(0, 0, 10).Add(time.Hour)
	w.run(day10)
	a := w.queuedItem(namedThanksgiving, "thanksgiving")
	w.reloadKeyCustomer(tidiedKeyCustomer(t), day10.Add(time.Minute))
	w.reloadKeyCustomer(keyCustomerBody(t, "thanksgiving"), day10.Add(2*time.Minute))
	if tickFirst {
		w.run(day10.Add(3 * time.Minute))
	}
	return w, a, day10
}

// As TestAnEditUndoneAfterAStepBeforeItWasRemovedSendsTheStepOnce, but
// thanksgiving's old mail, queued as step 3 before the edit, fails (a
// policy rejection), before or after the follow-up's tick: the
// follow-up's reason names thanksgiving's step (2), and Lily's Resume
// sends thanksgiving once, then the call. The reason named step 3 (the
// call), and Resume went on with the call: thanksgiving never went.
func TestAnUndoneEditsOlderMailThatFailsIsSentOnResume(t *testing.T) {
	for _, tickFirst := range []bool{false, true} {
		name := "failed before the tick"
		if tickFirst {
			name = "failed after the tick"
		}
		t.Run(name, func(t *testing.T) {
			w, a, at := olderMailEnds(t, keepwarm.OutboxFailed, tickFirst)
			e := w.enrollment()
			if e.Status != keepwarm.EnrollFailed || !strings.HasPrefix(e.Reason, "step 2 could not be sent: 554") {
				t.Errorf("the follow-up after thanksgiving failed: %s (%q); want failed, naming step 2", e.Status, e.Reason)
			}
			w.resumeAt(e.ID, at.Add(time.Hour))
			w.lookRunLook(at.Add(2*time.Hour), 8)
			w.oneMailThenCall(namedThanksgiving, "after the older mail failed and Lily resumed", "thanksgiving mail")
			if it := w.item(a.ID); it.SettledAt.IsZero() {
				t.Errorf("the failed thanksgiving still needs someone: %+v", it)
			}
		})
	}
}

// As above, but thanksgiving's old mail may have gone out (uncertain):
// the follow-up asks about step 2, and offers It arrived and Send again;
// Lily learns it did not arrive and sends it again: it goes once, then
// the call. Nothing found the step's mail: neither button was offered,
// and Send again, as Resume, went on with the call.
func TestAnUndoneEditsOlderMailThatMayHaveGoneIsSentAgainOnce(t *testing.T) {
	ctx := context.Background()
	for _, tickFirst := range []bool{false, true} {
		name := "uncertain before the tick"
		if tickFirst {
			name = "uncertain after the tick"
		}
		t.Run(name, func(t *testing.T) {
			w, a, at := olderMailEnds(t, keepwarm.OutboxUncertain, tickFirst)
			e := w.enrollment()
			if e.Status != keepwarm.EnrollFailed || !strings.HasPrefix(e.Reason, "step 2 may not have gone out") {
				t.Errorf("the follow-up after thanksgiving ended uncertain: %s (%q); want failed, asking about step 2", e.Status, e.Reason)
			}
			if it, ok, err := w.job.UncertainStep(ctx, e); err != nil || !ok || it.ID != a.ID || *it.Step != 1 {
				t.Fatalf("UncertainStep: %+v %v %v; want thanksgiving (outbox %d) as step 2", it, ok, err, a.ID)
			}
			if _, err := w.job.Resume(ctx, e.ID, at.Add(time.Hour)); keepwarm.ErrorCode(err) != keepwarm.ECONFLICT {
				t.Errorf("Resume of a step that may have gone out: %v; want ECONFLICT", err)
			}
			if _, err := w.job.SendAgain(ctx, e.ID, at.Add(time.Hour)); err != nil {
				t.Fatal(err)
			}
			w.lookRunLook(at.Add(2*time.Hour), 8)
			w.oneMailThenCall(namedThanksgiving, "after the older mail may have gone and Lily sent it again", "thanksgiving mail")
		})
	}
}

// As TestAnEditUndoneAfterAStepBeforeItWasRemovedSendsTheStepOnce, with
// christmas (a mail, 4 days on) after thanksgiving in place of the call,
// and Lily away for two weeks from an hour after thanksgiving was queued
// as step 3: thanksgiving waits for her, and christmas waits for
// thanksgiving (found by its name, not as the latest mail queued before
// christmas's step number, new-year's, sent): thanksgiving goes on her
// return, christmas 4 days later, and neither is skipped as "someone
// wrote in the thread meanwhile" or "no longer in sequence".
func TestAnUndoneEditsNextStepWaitsForTheOlderMail(t *testing.T) {
	christmas := func(body string) string {
		return withoutCall(body) + "[[step]]\nafter = \"4d\"\ndays = \"calendar\"\naction = \"email\"\ntemplate = \"christmas\"\nin_thread = false\n"
	}
	body := christmas(withStepAfterFirst(keyCustomerBody(t, "thanksgiving"), "new-year"))
	w := newKeyCustomerWorld(t, body)
	w.run(day0.Add(time.Minute))
	for _, d := range []int{3, 4} {
		at := day0.AddDate(0, 0, d)
		w.run(at)
		w.sendAll(at.Add(time.Minute))
	}
	w.run(day0.AddDate(0, 0, 8))
	day10 := day0.AddDate(0, 0, 10).Add(time.Hour)
	w.run(day10)
	a := w.queuedItem(namedThanksgiving, "thanksgiving")
	if *a.Step != 2 {
		t.Fatalf("thanksgiving queued as step %d; want step 3", *a.Step+1)
	}
	w.lilyAway(day10.Add(time.Hour), day10.Add(time.Hour).AddDate(0, 0, 14))
	newYear := "[[step]]\nafter = \"1d\"\ndays = \"calendar\"\naction = \"email\"\ntemplate = \"new-year\"\nin_thread = false\n\n"
	tidied := strings.Replace(strings.Replace(body, newYear, "", 1), `template = "thanksgiving"`, `template = "welcome"`, 1)
	w.reloadKeyCustomer(tidied, day10.Add(2*time.Hour))
	w.reloadKeyCustomer(strings.Replace(body, newYear, "", 1), day10.Add(2*time.Hour+time.Minute))
	w.lookRunLook(day10.Add(3*time.Hour), 22)
	var thanks, xmas []keepwarm.OutboxItem
	for _, it := range w.outbox() {
		if strings.Contains(it.LastError, "someone wrote") || strings.Contains(it.LastError, "no longer in sequence") {
			t.Errorf("outbox %d (%s) %s: %q", it.ID, it.StepName, it.Status, it.LastError)
		}
		if it.Status != keepwarm.OutboxSent {
			continue
		}
		switch it.StepName {
		case "email:thanksgiving":
			thanks = append(thanks, it)
		case "email:christmas":
			xmas = append(xmas, it)
		}
	}
	if len(thanks) != 1 || len(xmas) != 1 || xmas[0].SentAt.Sub(thanks[0].SentAt) < 4*24*time.Hour-time.Hour {
		for _, it := range w.outbox() {
			t.Logf("outbox %d %s step %d %s %s sent %s %q", it.ID, it.Key, *it.Step, it.StepName, it.Status, it.SentAt, it.LastError)
		}
		t.Fatalf("%d thanksgiving, %d christmas sent (%+v); want thanksgiving once, then christmas 4 days later", len(thanks), len(xmas), w.enrollment())
	}
}
