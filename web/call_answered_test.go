package web_test

import (
	"html"
	"net/http"
	"net/url"
	"testing"
)

// Lily phones Hans about the quotation his follow-up asked her to call
// about; he says "got it, the PO comes Monday". None of the reasons for
// going quiet fits a customer who is not quiet, so "Why quiet?" offers
// "they answered on the call": she picks it, types what he said, and the
// follow-up ends as answered by phone, so no step after the call asks him
// whether he received her mail. The line under the task says what no
// choice does; in Chinese too.
func TestDoneWithTheyAnsweredEndsTheFollowUp(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	// The call task is a step of Meier's follow-up.
	if _, err := w.raw.Exec(`UPDATE tasks SET enrollment_id = ?, customer_id = ?, title = 'Phone Hans about the quote' WHERE id = ?`,
		w.enrollment, w.meier, w.task); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	c := w.signIn(srv, lily)

	_, desk := c.get("/")
	task := cut(t, desk, path(`id="task-%d"`, w.task), "</li>")
	mustContain(t, "the call on the desk", task, `<option value="reached">they answered on the call</option>`,
		html.EscapeString("No choice or “mail not received”: the follow-up goes on. Any other choice ends it: the call reached them."))
	zh := cut(t, c.getZh(t, "/"), path(`id="task-%d"`, w.task), "</li>")
	mustContain(t, "the call on the Chinese desk", zh, `<option value="reached">电话里客户已答复</option>`,
		html.EscapeString("不选或选“没收到邮件”：跟进继续。选其他任何一项都会结束该跟进：电话已联系到客户。"))

	code, loc := c.do("/", path("/tasks/%d/done", w.task), url.Values{"reason": {"reached"}, "outcome": {"PO Monday"}})
	if code != http.StatusSeeOther {
		t.Fatalf("Done: %d %s", code, loc)
	}
	if n := w.count(`SELECT count(*) FROM tasks WHERE id = ? AND reason = 'reached' AND outcome = 'PO Monday' AND done_at IS NOT NULL`, w.task); n != 1 {
		t.Fatalf("the task was not closed as answered")
	}
	// The follow-up job runs on past the next step's day: nothing goes out.
	for d := 1; d <= 10; d++ {
		if _, err := w.fu.Run(w.ctx, now0.AddDate(0, 0, d)); err != nil {
			t.Fatal(err)
		}
	}
	if n := w.count(`SELECT count(*) FROM enrollments WHERE id = ? AND status = 'replied' AND reason LIKE 'answered by phone: they answered on the call: PO Monday%'`, w.enrollment); n != 1 {
		var st, reason string
		_ = w.raw.QueryRow(`SELECT status, reason FROM enrollments WHERE id = ?`, w.enrollment).Scan(&st, &reason)
		t.Errorf("the follow-up goes on: %s %q", st, reason)
	}
	if n := w.count(`SELECT count(*) FROM outbox WHERE enrollment_id = ?`, w.enrollment); n != 0 {
		t.Errorf("%d steps queued after the call reached him", n)
	}
	_, page := c.get(path("/customers/%d", w.meier))
	mustContain(t, "Meier's notes", page, "call: they answered on the call: PO Monday")
}
