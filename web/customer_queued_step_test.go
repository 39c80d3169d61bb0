package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
)

// Step 1 of Meier's follow-up is queued and held until the customer's send
// window opens tomorrow; the follow-up already points at step 2. The
// customer page names step 1, queued, with the time it goes, in English and
// in Chinese, and its "Skip this step" skips that queued mail, not step 2,
// which still goes as planned.
func TestTheCustomerPageShowsAQueuedStepAndSkipsIt(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	at := time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)
	if _, err := w.fu.Run(w.ctx, at); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(at)
	var item int64
	if err := w.raw.QueryRow(`SELECT id FROM outbox WHERE enrollment_id = ? AND step = 0 AND status = 'queued'`, w.enrollment).Scan(&item); err != nil {
		t.Fatalf("the queued step 1: %v", err)
	}
	// The dispatcher's hold: outside the window, it goes tomorrow 09:00.
	goes := time.Date(2026, 11, 17, 9, 0, 0, 0, berlin)
	hold := "held: outside the customer's send window (09:00-17:00 Europe/Berlin): it goes Tue 17 Nov 09:00 their time"
	if _, err := w.raw.Exec(`UPDATE outbox SET next_attempt_at = ?, last_error = ? WHERE id = ?`, goes.Unix(), hold, item); err != nil {
		t.Fatal(err)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollActive || e.Step != 1 {
		t.Fatalf("the follow-up after queuing step 1: %s at step index %d %v", e.Status, e.Step, err)
	}

	c := w.signIn(w.serve(), lily)
	page := path("/customers/%d", w.meier)
	line := cut(t, mustGet(t, c, page), path(`id="enr-%d"`, w.enrollment), "</li>")
	mustContain(t, "the follow-up's line", line, "step 1 ·", "queued, goes Tue 11-17 09:00 Europe/Berlin", "send window (09:00-17:00 Europe/Berlin)",
		path(`action="/outbox/%d/skip"`, item))
	mustLack(t, "the follow-up's line", line, "step 2", path("/enrollments/%d/skip", w.enrollment))
	zh := cut(t, c.getZh(t, page), path(`id="enr-%d"`, w.enrollment), "</li>")
	mustContain(t, "the follow-up's line in Chinese", zh, "步骤 1 ·", "已排队，发送时间")
	mustLack(t, "the follow-up's line in Chinese", zh, "步骤 2", "queued, goes", "outside the customer's send window")

	// Skip asks first, naming step 1, and skips that mail.
	code, body := c.do(page, path("/outbox/%d/skip", item), url.Values{"back": {page}})
	if code != http.StatusOK {
		t.Fatalf("the question before Skip: %d %s", code, body)
	}
	mustContain(t, "the question before Skip", body, "key-customer · step 1", "goes on with step 2")
	if code, loc := c.do(page, path("/outbox/%d/skip", item), url.Values{"back": {page}, "confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("Skip it: %d %s", code, loc)
	}
	if n := w.count(`SELECT count(*) FROM outbox WHERE id = ? AND status = 'skipped'`, item); n != 1 {
		t.Fatal("the queued step 1 was not skipped")
	}
	if e, _ := w.db.GetEnrollment(w.ctx, w.enrollment); e.Step != 1 || e.Status != keepwarm.EnrollActive {
		t.Fatalf("after skipping step 1: %s at step index %d, want step 2 still to come", e.Status, e.Step)
	}
	if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ? AND step = 1`, w.enrollment); n != 0 {
		t.Fatalf("step 2 has %d outbox records: it was skipped or sent in step 1's place", n)
	}
	line = cut(t, mustGet(t, c, page), path(`id="enr-%d"`, w.enrollment), "</li>")
	mustContain(t, "the follow-up's line after the skip", line, "step 2 ·", path("/enrollments/%d/skip", w.enrollment))
	mustLack(t, "the follow-up's line after the skip", line, "queued, goes")
}

// The customer page was drawn with step 1 next; the tick queued it before
// Lily pressed "Skip this step": nothing is skipped, and she is told to
// reload the page, where the step is listed as queued with its own Skip,
// in English and in Chinese.
func TestSkipOfAStepQueuedSinceThePageWasDrawnSaysToReload(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	c := w.signIn(w.serve(), lily)
	page := path("/customers/%d", w.meier)
	mustContain(t, "the follow-up's line", cut(t, mustGet(t, c, page), path(`id="enr-%d"`, w.enrollment), "</li>"), `name="step" value="1"`)
	if _, err := w.fu.Run(w.ctx, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin)); err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct{ code, want string }{
		{"en", "was queued meanwhile: reload the page, where it is listed as queued with its own Skip"},
		{"zh", "刚刚已进入发送队列：请刷新页面"},
	} {
		c.setLang(l.code)
		code, body := c.do(page, path("/enrollments/%d/skip", w.enrollment), url.Values{"step": {"1"}, "back": {page}})
		if code != http.StatusConflict {
			t.Fatalf("%s: skip of a step queued meanwhile: %d %s", l.code, code, body)
		}
		mustContain(t, l.code+": the refusal", body, l.want)
	}
	if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ? AND status = 'skipped'`, w.enrollment); n != 0 {
		t.Fatalf("skipped records: %d", n)
	}
}
