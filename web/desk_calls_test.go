package web_test

import (
	"html"
	"testing"
)

// "Calls due: Meier GmbH — Phone Hans about the quote": on her phone Lily
// sees whom to call, the number as a link that dials it (not the
// switchboard, when the contact has a number of their own), and a link to
// the conversation the call follows up. A call of no follow-up lists the
// customer's numbers.
func TestDeskCallSaysWhomToCallAndDials(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	if _, err := w.raw.Exec(`UPDATE tasks SET enrollment_id = ?, customer_id = ?, thread_id = (SELECT thread_id FROM enrollments WHERE id = ?),
		title = 'Phone Hans about the quote' WHERE id = ?`, w.enrollment, w.meier, w.enrollment, w.task); err != nil {
		t.Fatal(err)
	}
	for _, ph := range []struct {
		number, contact string
	}{{"+49 30 1234", "hans@buyer.de"}, {"+49 30 9000 ext. 12", ""}} {
		if _, err := w.raw.Exec(`INSERT INTO phones (customer_id, contact_id, number, created_at)
			VALUES (?, (SELECT id FROM contacts WHERE email = nullif(?, '')), ?, 0)`, w.meier, ph.contact, ph.number); err != nil {
			t.Fatal(err)
		}
	}
	var thread int64
	_ = w.raw.QueryRow(`SELECT thread_id FROM enrollments WHERE id = ?`, w.enrollment).Scan(&thread)
	srv := w.serve()
	c := w.signIn(srv, lily)

	_, desk := c.get("/")
	call := html.UnescapeString(cut(t, desk, path(`id="task-%d"`, w.task), "</li>"))
	mustContain(t, "the call on the desk", call, "Hans Meier", `href="tel:+49301234"`, ">+49 30 1234</a>",
		path(`href="/customers/%d#thread-%d"`, w.meier, thread), "the conversation")
	mustLack(t, "the call on the desk", call, "+49 30 9000")
	zh := cut(t, c.getZh(t, "/"), path(`id="task-%d"`, w.task), "</li>")
	mustContain(t, "the call on the Chinese desk", zh, "相关会话")

	// Without a follow-up: the customer's numbers, the extension dialled
	// once connected.
	if _, err := w.raw.Exec(`UPDATE tasks SET enrollment_id = NULL, thread_id = NULL WHERE id = ?`, w.task); err != nil {
		t.Fatal(err)
	}
	_, desk = c.get("/")
	call = html.UnescapeString(cut(t, desk, path(`id="task-%d"`, w.task), "</li>"))
	mustContain(t, "a call of no follow-up", call, `href="tel:+49301234"`, `href="tel:+49309000"`)
	mustLack(t, "a call of no follow-up", call, "Hans Meier", "#thread-")
}
