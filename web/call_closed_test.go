package web_test

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// Lily has the desk open and phones Bob about the sample. While she talks,
// his mail answer closes the call task. She picks "comparing suppliers",
// types what he said and presses Done: the page says the task was closed
// by his answer (not a bare "Not found."), her note is in the customer's
// notes all the same, and it says so. Pressed again, it keeps no second
// copy of nothing typed. In Chinese too.
func TestDoneOnATaskClosedMeanwhileKeepsTheNote(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	done := path("/tasks/%d/done", w.task)
	_, desk := c.get("/")
	if err := w.db.TaskAnswered(w.ctx, w.task, now0.Add(5*time.Minute), "no call needed: bob@acme.com answered on 2026-11-16 09:53", w.waitingMsg); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"csrf": {csrfOf(t, desk)}, "reason": {"comparing"}, "outcome": {"decides in March, wants samples"}}
	resp := c.post(done, form)
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("Done on a task closed meanwhile: %d %s", resp.StatusCode, body)
	}
	mustContain(t, "the answer", body, html.EscapeString("This call task was closed at 2026-11-16 10:05 CST: Bob Stone <bob@acme.com> answered by mail on 2026-11-16 09:53 CST, so no call was needed. Your note is kept in the customer's notes."))
	if n := w.count(`SELECT count(*) FROM customers WHERE id = ? AND notes LIKE '%2026-11-16 call: comparing suppliers: decides in March, wants samples%'`, w.acme); n != 1 {
		var notes string
		_ = w.raw.QueryRow(`SELECT notes FROM customers WHERE id = ?`, w.acme).Scan(&notes)
		t.Fatalf("the note was lost: %q", notes)
	}
	if n := w.count(`SELECT count(*) FROM tasks WHERE id = ? AND answered_by = ? AND reason = ''`, w.task, w.waitingMsg); n != 1 {
		t.Errorf("the answered task was changed")
	}

	// In Chinese, with nothing typed: nothing is kept, and it says so.
	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	resp = c.post(done, url.Values{"csrf": {csrfOf(t, desk)}})
	zh := readBody(t, resp)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("Chinese Done: %d %s", resp.StatusCode, zh)
	}
	mustContain(t, "the Chinese answer", zh, html.EscapeString("这个电话任务已在 2026-11-16 10:05 CST 关闭：Bob Stone <bob@acme.com> 于 2026-11-16 09:53 CST 回了邮件，不需要再打电话。"))
	mustLack(t, "the Chinese answer", zh, "This call task", "备注已保存")
}

// Tom, covering for Lily, closed her call already; Lily presses Done on
// the desk she opened before: her note is kept beside his, and the page
// says the task was closed by then.
func TestDoneOnATaskSomeoneClosedKeepsTheNote(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	_, desk := c.get("/")
	if err := w.db.DoneTask(w.ctx, w.task, now0.Add(2*time.Minute), "samples sent", ""); err != nil {
		t.Fatal(err)
	}
	resp := c.post(path("/tasks/%d/done", w.task), url.Values{"csrf": {csrfOf(t, desk)}, "outcome": {"wants the 40 mm valve"}})
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("Done on a task done already: %d %s", resp.StatusCode, body)
	}
	mustContain(t, "the answer", body, html.EscapeString("This call task was closed already, at 2026-11-16 10:02 CST, with a note of its own. Your note is kept in the customer's notes."))
	var notes string
	_ = w.raw.QueryRow(`SELECT notes FROM customers WHERE id = ?`, w.acme).Scan(&notes)
	mustContain(t, "the notes", notes, "2026-11-16 call: samples sent", "2026-11-16 call: wants the 40 mm valve")
	if n := w.count(`SELECT count(*) FROM tasks WHERE id = ? AND outcome = 'samples sent'`, w.task); n != 1 {
		t.Errorf("the first outcome was overwritten")
	}
	u, _ := url.Parse(srv.URL)
	c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
	zh := readBody(t, c.post(path("/tasks/%d/done", w.task), url.Values{"csrf": {csrfOf(t, desk)}, "outcome": {"三月决定"}}))
	mustContain(t, "the Chinese answer", zh, html.EscapeString("这个电话任务已在 2026-11-16 10:02 CST 关闭，并已有自己的记录。你的备注已保存到客户备注中。"))
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
