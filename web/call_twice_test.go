package web_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/web"
)

// Lily presses Done, then again (a double click, or Back and send): the
// second answer says she closed it herself, not that someone closed it with
// a note of its own, and her note is in the customer's notes once. In
// Chinese too.
func TestDonePressedTwiceSaysYouClosedIt(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		t.Run(lang, func(t *testing.T) {
			w := newWorld(t, "http://keepwarm.test")
			srv := w.serve()
			c := w.signIn(srv, lily)
			if lang == "zh" {
				u, _ := url.Parse(srv.URL)
				c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "kw_lang", Value: "zh"}})
			}
			_, desk := c.get("/")
			form := url.Values{"csrf": {csrfOf(t, desk)}, "reason": {"comparing"}, "outcome": {"decides in March"}}
			done := path("/tasks/%d/done", w.task)
			if resp := c.post(done, form); resp.StatusCode >= 400 {
				t.Fatalf("Done: %d %s", resp.StatusCode, readBody(t, resp))
			}
			resp := c.post(done, form)
			body := readBody(t, resp)
			if resp.StatusCode != http.StatusConflict {
				t.Fatalf("Done again: %d %s", resp.StatusCode, body)
			}
			if lang == "en" {
				mustContain(t, "the answer", body, html.EscapeString("You closed this call task already, at 2026-11-16 10:00 CST. Your note is in the customer's notes."))
				mustLack(t, "the answer", body, "with a note of its own")
			} else {
				mustContain(t, "the answer", body, html.EscapeString("你已在 2026-11-16 10:00 CST 关闭了这个电话任务。你的备注已在客户备注中。"))
				mustLack(t, "the answer", body, "You closed", "并已有自己的记录")
			}
			var notes string
			_ = w.raw.QueryRow(`SELECT notes FROM customers WHERE id = ?`, w.acme).Scan(&notes)
			if n := strings.Count(notes, "call: comparing suppliers: decides in March"); n != 1 {
				t.Fatalf("the note is in the notes %d times: %q", n, notes)
			}
		})
	}
}

// Done with only spaces typed on a task a colleague closed keeps nothing,
// and does not say it kept a note (the backend, as any caller reaches it).
func TestDoneWithSpacesOnAClosedTaskKeepsNoNote(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	if err := w.db.DoneTask(w.ctx, w.task, now0.Add(2*time.Minute), "samples sent", ""); err != nil {
		t.Fatal(err)
	}
	_, err := w.be.DoneTask(w.ctx, web.Person{Email: lily, Name: "Lily Chen"}, w.task, "   ", "", now0.Add(10*time.Minute))
	if keepwarm.ErrorCode(err) != keepwarm.ECONFLICT || !strings.Contains(err.Error(), "This call task was closed already, at 2026-11-16 10:02 CST, with a note of its own.") {
		t.Fatalf("Done with spaces: %v", err)
	}
	if strings.Contains(err.Error(), "Your note is kept") {
		t.Fatalf("Done with spaces says a note is kept: %v", err)
	}
}

// Mei, the manager, closed Lily's call a moment before with the same
// words; Lily's Done is not told she closed it herself, and the note is in
// the customer's notes once.
func TestDoneAfterAColleagueSaysTheyClosedIt(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	_, desk := c.get("/")
	m := w.signIn(srv, mei)
	_, mdesk := m.get("/")
	done := path("/tasks/%d/done", w.task)
	if resp := m.post(done, url.Values{"csrf": {csrfOf(t, mdesk)}, "outcome": {"decides in March"}}); resp.StatusCode >= 400 {
		t.Fatalf("Mei's Done: %d %s", resp.StatusCode, readBody(t, resp))
	}
	resp := c.post(done, url.Values{"csrf": {csrfOf(t, desk)}, "outcome": {"decides in March"}})
	body := readBody(t, resp)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("Lily's Done: %d %s", resp.StatusCode, body)
	}
	mustContain(t, "the answer", body, html.EscapeString("This call task was closed already, at 2026-11-16 10:00 CST, with a note of its own. Your note is kept in the customer's notes."))
	mustLack(t, "the answer", body, "You closed")
	var notes string
	_ = w.raw.QueryRow(`SELECT notes FROM customers WHERE id = ?`, w.acme).Scan(&notes)
	if n := strings.Count(notes, "call: decides in March"); n != 1 {
		t.Fatalf("the note is in the notes %d times: %q", n, notes)
	}
}
