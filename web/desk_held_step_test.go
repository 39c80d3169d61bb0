package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// A follow-up paused or stopped after its step was queued: the send's last
// look holds or drops that step, and the desk says so as the digest does.
// It is not listed among the sends in the person's name; paused, the
// follow-up is listed with the step it does again when resumed; the
// question before Skip says what is true of it, never "its last step".
func TestAQueuedStepOfAPausedOrStoppedFollowUpIsNotListedAsGoing(t *testing.T) {
	for _, op := range []string{"pause", "stop"} {
		t.Run(op, func(t *testing.T) {
			w := newWorld(t, "http://keepwarm.test")
			item := queuedStep1(t, w, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin))
			srv := w.serve()
			c := w.signIn(srv, lily)
			_, desk := c.get("/")
			mustContain(t, "the desk before", cut(t, desk, `id="upcoming"`, "</section>"), path(`id="out-%d"`, item))

			if code, loc := c.do("/", path("/enrollments/%d/%s", w.enrollment, op), url.Values{"confirm": {"1"}}); code != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", op, code, loc)
			}
			_, desk = c.get("/")
			mustLack(t, "the 7 days' sends after "+op, cut(t, desk, `id="upcoming"`, "</section>"), path(`id="out-%d"`, item))
			if op == "pause" {
				paused := cut(t, desk, `id="paused"`, "</section>")
				mustContain(t, "the paused list", paused, path(`id="enr-%d"`, w.enrollment), "key-customer · step 1")
				mustLack(t, "the paused list", paused, "step 2")
			}
			code, body := c.do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}})
			if code != http.StatusOK {
				t.Fatalf("the question before Skip: %d %s", code, body)
			}
			mustLack(t, "the question before Skip", body, "last step")
			if op == "pause" {
				mustContain(t, "the question before Skip", body, "Its follow-up is paused")
			} else {
				mustContain(t, "the question before Skip", body, "Its follow-up was stopped")
			}
		})
	}
}

// A follow-up that ended because the customer answered after its step was
// queued: the question before Skip says it ended with the answer, in
// English and in Chinese, and does not say a person stopped it.
func TestTheSkipQuestionOfAnAnsweredFollowUpSaysItWasAnswered(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	item := queuedStep1(t, w, time.Date(2026, 11, 16, 11, 0, 0, 0, berlin))
	if _, err := w.raw.Exec(`UPDATE enrollments SET status = 'replied', reason = 'answered by hans@buyer.de' WHERE id = ?`, w.enrollment); err != nil {
		t.Fatal(err)
	}
	c := w.signIn(w.serve(), lily)
	code, body := c.do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("the question before Skip: %d %s", code, body)
	}
	mustContain(t, "the question before Skip", body, "Its follow-up ended since the step was queued (answered by hans@buyer.de)")
	mustLack(t, "the question before Skip", body, "was stopped")
	c.setLang("zh")
	_, body = c.do("/", path("/outbox/%d/skip", item), url.Values{"back": {"/"}})
	mustContain(t, "the Chinese question before Skip", body, "它的跟进已经结束（hans@buyer.de 已回复）")
	mustLack(t, "the Chinese question before Skip", body, "停止")
}
