package web_test

import (
	"html"
	"strings"
	"testing"
	"time"

	"keepwarm"
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

// The morning desk names the day's calls the digest names: a call due at
// the customer's morning, 16:00 in Shanghai, is on Lily's desk at 10:00,
// after the overdue one and marked with when it falls due; tomorrow's is
// not yet.
func TestDeskListsTheCallsDueLaterToday(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	for _, c := range []struct {
		key, title string
		due        time.Time
	}{{"test:later", "Phone Bob at his morning", now0.Add(6 * time.Hour)}, {"test:tomorrow", "Phone Bob tomorrow", now0.Add(23 * time.Hour)}} {
		if _, err := w.db.AddTask(w.ctx, keepwarm.Task{Key: c.key, CustomerID: w.acme, Owner: lily, Title: c.title,
			DueAt: c.due, CreatedAt: now0}); err != nil {
			t.Fatal(err)
		}
	}
	var later, tomorrow int64
	tasks, err := w.db.ListTasks(w.ctx, false, lily)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range tasks {
		switch k.Key {
		case "test:later":
			later = k.ID
		case "test:tomorrow":
			tomorrow = k.ID
		}
	}
	srv := w.serve()
	c := w.signIn(srv, lily)
	_, desk := c.get("/")
	calls := cut(t, desk, `id="calls"`, "</section>")
	mustContain(t, "Lily's calls at 10:00", calls, path(`id="task-%d"`, w.task), path(`id="task-%d"`, later),
		"Phone Bob at his morning", "later today, from 2026-11-16 16:00")
	mustLack(t, "Lily's calls at 10:00", calls, path(`id="task-%d"`, tomorrow), "No calls due")
	if strings.Index(calls, path(`id="task-%d"`, w.task)) > strings.Index(calls, path(`id="task-%d"`, later)) {
		t.Errorf("the call due later today is listed before the overdue one")
	}
	overdue := cut(t, calls, path(`id="task-%d"`, w.task), "</li>")
	mustLack(t, "the overdue call", overdue, "later today")
	zh := cut(t, c.getZh(t, "/"), path(`id="task-%d"`, later), "</li>")
	mustContain(t, "the later call on the Chinese desk", zh, "今天稍后，2026-11-16 16:00 起")
}
