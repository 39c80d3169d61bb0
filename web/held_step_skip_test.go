package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"keepwarm"
)

// A follow-up paused until a day after its step was queued holds that
// step and lists it as the one it does again: its "Skip this step", on
// the desk and on the customer's page, skips that queued step (asking
// first, as a queued send's Skip does), not a step the row does not show
// and not with a refusal that points to a list the step is not in.
func TestSkipThisStepOfAPausedFollowUpSkipsItsHeldStep(t *testing.T) {
	for _, from := range []string{"desk", "customer"} {
		t.Run(from, func(t *testing.T) {
			w := newWorld(t, "http://keepwarm.test")
			item := queuedStep1(t, w, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin))
			srv := w.serve()
			c := w.signIn(srv, lily)
			pauseUntilThe20th(t, w, c)
			page := "/"
			if from == "customer" {
				page = path("/customers/%d", w.meier)
			}
			_, body := c.get(page)
			row := cut(t, body, path(`id="enr-%d"`, w.enrollment), "</li>")
			mustContain(t, "the paused follow-up's row", row, "step 1")
			m := regexp.MustCompile(`action="([^"]+)"[^<]*(?:<input[^>]*>)*<button class="skip"`).FindStringSubmatch(row)
			if m == nil {
				t.Fatalf("no Skip this step in the row:\n%s", row)
			}
			form := formOf(t, row, m[1])
			code, q := c.do(page, m[1], form)
			if code != http.StatusOK {
				t.Fatalf("the question before Skip: %d %s", code, q)
			}
			mustContain(t, "the question before Skip", q, "Its follow-up is paused", "step 1")
			form.Set("confirm", "1")
			if code, loc := c.do(page, m[1], form); code != http.StatusSeeOther || loc != page {
				t.Fatalf("Skip this step, confirmed: %d %s", code, loc)
			}
			var status string
			if err := w.raw.QueryRow(`SELECT status FROM outbox WHERE id = ?`, item).Scan(&status); err != nil || status != "skipped" {
				t.Fatalf("the held step 1: %s %v", status, err)
			}
			e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
			if err != nil || e.Step != 1 || e.Status != keepwarm.EnrollPaused {
				t.Fatalf("the follow-up after the skip: step %d (from 0) %s %v", e.Step, e.Status, err)
			}
			if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ? AND step = 1`, w.enrollment); n != 0 {
				t.Fatalf("step 2 was skipped or queued too: %d items", n)
			}
		})
	}
}

// Skip's question on a queued mail held by a pause until a day says the
// pause ends by itself then, in English and in Chinese. It said the step
// "goes when the follow-up is resumed" and "after Resume", read as never
// unless someone resumes it, when it goes on the day by itself.
func TestSkipOnAMailHeldByADatedPauseSaysWhenThePauseEnds(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	item := queuedStep1(t, w, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin))
	c := w.signIn(w.serve(), lily)
	pauseUntilThe20th(t, w, c)
	code, q := c.do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Skip on the held mail: %d %s; want the question", code, q)
	}
	mustContain(t, "the question", q, "Its follow-up is paused until Fri 11-20 00:00 Europe/Berlin: the step is held, and goes by itself when the pause is over.", "step 2")
	mustLack(t, "the question", q, "when the follow-up is resumed", "after Resume")
	c.setLang("zh")
	_, q = c.do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}})
	mustContain(t, "the Chinese question", q, "它的跟进暂停到 周五 11-20 00:00 Europe/Berlin：这一步被暂缓，暂停结束后会自动发出。")
	mustLack(t, "the Chinese question", q, "跟进恢复后才会发出", "恢复后跟进")
	var status string
	if err := w.raw.QueryRow(`SELECT status FROM outbox WHERE id = ?`, item).Scan(&status); err != nil || status != "queued" {
		t.Fatalf("the held mail after the question: %s %v; want still queued", status, err)
	}
}

// pauseUntilThe20th is Lily's Pause of the follow-up until 2026-11-20,
// from the desk.
func pauseUntilThe20th(t *testing.T, w *world, c *client) {
	t.Helper()
	if code, loc := c.do("/", path("/enrollments/%d/pause", w.enrollment), url.Values{"until": {"2026-11-20"}, "back": {"/"}}); code != http.StatusSeeOther {
		t.Fatalf("pause until the 20th: %d %s", code, loc)
	}
}
