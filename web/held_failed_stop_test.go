package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// Hans's resend is held by a send window that never opens, and its
// follow-up failed saying why. Stop names the step it gives up as held
// because the follow-up failed (in Chinese too): it said "held by the
// pause", and nothing is paused.
func TestStopOfAFailedFollowUpsHeldStepSaysItFailed(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	w.heldResendOfAFailedFollowUp()
	srv := w.serve()
	c := w.signIn(srv, lily)
	stop := path("/enrollments/%d/stop", w.enrollment)
	code, q := c.do("/", stop, url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Stop without the answer: %d %s", code, q)
	}
	what := cut(t, q, `id="confirm-what"`, "</p>")
	mustContain(t, "the question", what, "Meier GmbH · key-customer · step 1 (held: its follow-up failed)")
	mustLack(t, "the question", what, "held by the pause")
	c.setLang("zh")
	_, zh := c.do("/", stop, nil)
	what = cut(t, zh, `id="confirm-what"`, "</p>")
	mustContain(t, "the Chinese question", what, "Meier GmbH · key-customer · 第 1 步（因跟进失败而保留）")
	mustLack(t, "the Chinese question", what, "因暂停而保留")
}
