package web_test

import (
	"html"
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/sequences"
)

// Lily's desk was open before the send's last look at step 1's queued
// mail; she paused the follow-up, and the look skipped the mail and put
// step 1 back, to be done again when the follow-up is resumed. Skip on
// the mail, pressed on the page still open, asks about the step (in
// English and in Chinese) and skips it: after Resume it does not go. It
// answered "was skipped already: it does not go", and the step went
// after Resume.
func TestSkipOnAMailItsLastLookPutBackSkipsTheStep(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	at := time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)
	item := queuedStep1(t, w, at)
	c := w.signIn(w.serve(), lily)
	if code, loc := c.do("/", path("/enrollments/%d/pause", w.enrollment), url.Values{"confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("pause: %d %s", code, loc)
	}
	lastLookSkips(t, w, item)

	body := skipQuestion(t, c, item)
	mustContain(t, "the question", body, "Meier GmbH · key-customer · step 1",
		"its follow-up is paused, so the last look before the send put step 1 back, to be written again and sent when the follow-up is resumed.",
		"Step 1 is not sent and does not come again")
	mustLack(t, "the question", body, "it does not go")
	c.setLang("zh")
	_, body = c.do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}})
	mustContain(t, "the Chinese question", body, "它的跟进已暂停，发送前的最后检查把第 1 步放回")
	mustLack(t, "the Chinese question", body, "the last look")
	c.setLang("en")

	if code, loc := c.do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}, "confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("Skip answered: %d %s", code, loc)
	}
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollPaused || e.Step != 1 {
		t.Fatalf("after the Skip: %+v, %v; want paused at step 2", e, err)
	}
	if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ? AND step = 0 AND status = 'skipped' AND last_error LIKE 'step 1 skipped by lily@%'`, w.enrollment); n != 1 {
		t.Fatalf("skipped records of step 1: %d", n)
	}
	// A second press: the step is skipped, nothing goes.
	if code, body := c.do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}, "confirm": {"1"}}); code != http.StatusConflict {
		t.Fatalf("second press: %d %s", code, body)
	} else {
		mustContain(t, "second press", body, path("outbox item %d was skipped already: it does not go", item))
	}
	if _, err := w.fu.Resume(w.ctx, w.enrollment, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.fu.Run(w.ctx, at.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if steps, _ := w.queuedSteps(w.enrollment); len(steps) != 0 {
		t.Fatalf("queued after the Skip and Resume: steps %v", steps)
	}
}

// The same with the follow-up paused until a day: the pause ends by
// itself, and the question says when, in English and in Chinese: at the
// send window's opening that day, as the desk lists it. It said "sent
// when the follow-up is resumed", read as never unless someone resumes
// it, then the pause's midnight.
func TestSkipOnAMailItsLastLookPutBackSaysWhenADatedPauseEnds(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	at := time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)
	item := queuedStep1(t, w, at)
	c := w.signIn(w.serve(), lily)
	if code, loc := c.do("/", path("/enrollments/%d/pause", w.enrollment), url.Values{"confirm": {"1"}, "until": {"2026-11-20"}}); code != http.StatusSeeOther {
		t.Fatalf("pause: %d %s", code, loc)
	}
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollPaused || e.PausedUntil.IsZero() {
		t.Fatalf("after Pause until the 20th: %+v, %v; want paused with an end", e, err)
	}
	lastLookSkips(t, w, item)
	body := skipQuestion(t, c, item)
	mustContain(t, "the question", body, "its follow-up is paused until Fri 11-20 00:00 Europe/Berlin, so the last look before the send put step 1 back, to be written again and sent when the pause is over, from Fri 11-20 09:00 Europe/Berlin.")
	mustLack(t, "the question", body, "when the follow-up is resumed")
	c.setLang("zh")
	_, body = c.do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}})
	mustContain(t, "the Chinese question", body, "它的跟进暂停到 周五 11-20 00:00 Europe/Berlin，发送前的最后检查把第 1 步放回，暂停结束后会从 周五 11-20 09:00 Europe/Berlin")
	mustLack(t, "the Chinese question", body, "the last look", "跟进恢复时")
}

// The last look put step 1 back because Hans's follow-up got a second
// recipient, and the step was written again at once for both; while that
// mail waited, the follow-up failed (its send window never opens). Skip
// on the first mail, pressed on the page still open, asks as Skip on the
// mail written again does: that mail never goes, and Resume writes step 1
// again (in Chinese too); answered, the step is put back, as it said. It
// said step 1 "is not sent and does not come again", and Resume sent it.
func TestSkipOnAMailItsLastLookPutBackOfAFailedFollowUpSaysResumeDoesTheStepAgain(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	at := time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)
	item := queuedStep1(t, w, at)
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil {
		t.Fatal(err)
	}
	e.To = append(e.To, keepwarm.Address{Name: "Anna Berg", Email: "anna@buyer.de"})
	if _, err := w.db.UpdateEnrollment(w.ctx, e); err != nil {
		t.Fatal(err)
	}
	x := lastLookSkips(t, w, item)
	if _, err := w.fu.Run(w.ctx, x.NextAttemptAt.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	var y int64
	if err := w.raw.QueryRow(`SELECT id FROM outbox WHERE enrollment_id = ? AND step = 0 AND status = 'queued' AND id <> ?`, w.enrollment, item).Scan(&y); err != nil {
		t.Fatalf("step 1 written again: %v", err)
	}
	// The follow-up fails while that mail waits.
	if e, err = w.db.GetEnrollment(w.ctx, w.enrollment); err != nil {
		t.Fatal(err)
	}
	e.Status, e.Reason = keepwarm.EnrollFailed, "the send window of key-customer never opens for this customer: its workdays and the customer's days off leave no day; fix the window, then resume"
	if _, err := w.db.UpdateEnrollment(w.ctx, e); err != nil {
		t.Fatal(err)
	}

	c := w.signIn(w.serve(), lily)
	skipX := path("/outbox/%d/skip", item)
	body := html.UnescapeString(skipQuestion(t, c, item))
	mustContain(t, "the question", body, "the last look before the send put step 1 back, and it was written again since. Its follow-up failed (the send window of key-customer never opens for this customer",
		"Skipped, this mail never goes, and when the follow-up is resumed step 1 is written again and sent then")
	mustLack(t, "the question", body, "does not come again", "queued for ")
	c.setLang("zh")
	_, body = c.do("/", skipX, url.Values{"back": {"/"}})
	mustContain(t, "the Chinese question", body, "发送前的最后检查把第 1 步放回，之后已重新撰写。", "它的跟进已失败", "跟进恢复时会重新撰写第 1 步")
	mustLack(t, "the Chinese question", body, "the last look", "Its follow-up failed")
	c.setLang("en")

	if code, loc := c.do("/", skipX, url.Values{"back": {"/"}, "confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("Skip answered: %d %s", code, loc)
	}
	if got, err := w.db.OutboxItem(w.ctx, y); err != nil || got.Status != keepwarm.OutboxSkipped || got.LastError != sequences.PutBackSkip(lily, 0) {
		t.Fatalf("the mail written again after Skip: %s %q (%v); want it skipped, its step done again", got.Status, got.LastError, err)
	}
	if got, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || got.Status != keepwarm.EnrollFailed || got.Step != 0 {
		t.Fatalf("the follow-up after Skip: %+v, %v; want it failed, step 1 to be done again on Resume", got, err)
	}
}

// queuedStep1 runs the follow-up job at at and gives the outbox item of
// step 1 it queued.
func queuedStep1(t *testing.T, w *world, at time.Time) int64 {
	t.Helper()
	if _, err := w.fu.Run(w.ctx, at); err != nil {
		t.Fatal(err)
	}
	var item int64
	if err := w.raw.QueryRow(`SELECT id FROM outbox WHERE enrollment_id = ? AND step = 0 AND status = 'queued'`, w.enrollment).Scan(&item); err != nil {
		t.Fatalf("the queued step 1: %v", err)
	}
	return item
}

// lastLookSkips is the send's last look at outbox item, at its attempt
// time, as the dispatcher takes it: it must skip the mail. It gives the
// item as it was before.
func lastLookSkips(t *testing.T, w *world, item int64) keepwarm.OutboxItem {
	t.Helper()
	x, err := w.db.OutboxItem(w.ctx, item)
	if err != nil {
		t.Fatal(err)
	}
	reason, err := w.fu.Recheck(w.ctx, x, x.NextAttemptAt)
	if err != nil || reason == "" {
		t.Fatalf("the last look: %q, %v; want the mail skipped", reason, err)
	}
	if err := w.db.MarkSkipped(w.ctx, item, reason); err != nil {
		t.Fatal(err)
	}
	return x
}

// skipQuestion presses Skip on outbox item and gives the question asked.
func skipQuestion(t *testing.T, c *client, item int64) string {
	t.Helper()
	code, body := c.do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Skip on the mail put back: %d %s; want the question", code, body)
	}
	return body
}
