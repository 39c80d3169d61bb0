package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
)

// stepOneFailedMayBeFiled queues step 1 of Meier's follow-up as a draft,
// has its filing lose the server's answer (it may be in Drafts), and then
// gives it up as failed, as the dispatcher does after its attempts ran
// out: the follow-up stops, failed, with a draft that may be in Drafts.
func stepOneFailedMayBeFiled(t *testing.T, w *world) keepwarm.OutboxItem {
	t.Helper()
	attempt := now0.Add(8 * time.Hour)
	w.clock.Set(attempt)
	if _, err := w.fu.Run(w.ctx, attempt); err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.ExecContext(w.ctx, `UPDATE outbox SET mode = 'draft' WHERE enrollment_id = ?`, w.enrollment); err != nil {
		t.Fatal(err)
	}
	claimed, err := w.db.ClaimDue(w.ctx, attempt, 10)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %+v %v", claimed, err)
	}
	it := claimed[0]
	if err := w.db.MarkRetryAppendLost(w.ctx, it.ID, attempt.Add(time.Minute), "mailsync: imap lily: append to Drafts: EOF"); err != nil {
		t.Fatal(err)
	}
	if claimed, err = w.db.ClaimDue(w.ctx, attempt.Add(time.Hour), 10); err != nil || len(claimed) != 1 {
		t.Fatalf("claim again: %+v %v", claimed, err)
	}
	why := "gave up after 10 attempts: dial tcp: connection refused"
	if err := w.db.MarkFailed(w.ctx, it.ID, why); err != nil {
		t.Fatal(err)
	}
	if it, err = w.db.OutboxItem(w.ctx, it.ID); err != nil || it.Status != keepwarm.OutboxFailed || !it.AppendLost || it.Mode != keepwarm.ModeDraft {
		t.Fatalf("step 1's item: %+v %v; want a failed draft whose filing lost its answer", it, err)
	}
	if err := w.fu.Settled(w.ctx, it, keepwarm.OutboxFailed, why, nil, attempt.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollFailed || e.Step != 1 {
		t.Fatalf("after step 1 failed: %s step %d (%s) %v", e.Status, e.Step+1, e.Reason, err)
	}
	return it
}

// A draft step given up as failed after a filing of it lost the server's
// answer may be in Drafts, as an uncertain one may, and the desk offers
// the same buttons for it: "It is not there: file it again" asks first,
// saying a second copy goes into Drafts, and files nothing until answered.
// It filed the second copy at once, as for a step that failed for sure.
// Stop names the step as one that may be in Drafts, not "its mail failed".
func TestFileItAgainOfAFailedDraftThatMayBeInDraftsAsksFirst(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	stepOneFailedMayBeFiled(t, w)
	srv := w.serve()
	c := w.signIn(srv, lily)
	code, q := c.do(path("/customers/%d", w.meier), path("/enrollments/%d/resend", w.enrollment), url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Errorf("file it again without the answer: %d %s; want the question", code, q)
	} else {
		mustContain(t, "the question", q, "File this draft again?", "Meier GmbH · key-customer · step 1", `id="confirm-yes">File it again</button>`)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollFailed {
		t.Errorf("after the question the follow-up is %s (%v); want failed still", e.Status, err)
	}
	if _, err := w.fu.Run(w.ctx, w.clock.Now().AddDate(0, 0, 2)); err != nil {
		t.Fatal(err)
	}
	if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ?`, w.enrollment); n != 1 {
		t.Errorf("after the question: %d outbox items, want no second copy", n)
	}

	code, q = c.do("/", path("/enrollments/%d/stop", w.enrollment), url.Values{"back": {"/"}})
	if code != http.StatusOK {
		t.Fatalf("Stop without the answer: %d %s", code, q)
	}
	mustContain(t, "Stop's question", cut(t, q, `id="confirm-what"`, "</p>"), "Meier GmbH · key-customer · step 1 (it may be in your Drafts)")
	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	_, zh := c.do("/", path("/enrollments/%d/stop", w.enrollment), nil)
	mustContain(t, "Stop's Chinese question", cut(t, zh, `id="confirm-what"`, "</p>"), "Meier GmbH · key-customer · 第 1 步（可能已在你的草稿箱里）")
}
