package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// A follow-up paused from the desk (no end date) sends nothing until
// someone resumes it: it is not listed among the 7 days' sends at its old
// due time, a date long gone, but under "Paused, no date" without a time,
// with Resume; resumed, it is back among the sends.
func TestPausedFollowUpIsListedWithoutASendTime(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	old := now0.Add(-20 * 24 * time.Hour)
	if _, err := w.raw.Exec(`UPDATE enrollments SET due_at = ? WHERE id = ?`, old.Unix(), w.enrollment); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	lilyC := w.signIn(srv, lily)
	if code, loc := lilyC.do("/", path("/enrollments/%d/pause", w.enrollment), nil); code != http.StatusSeeOther {
		t.Fatalf("pause: %d %s", code, loc)
	}
	for _, c := range []*client{lilyC, w.signIn(srv, mei)} {
		_, desk := c.get("/")
		up := cut(t, desk, `id="upcoming"`, `id="paused"`)
		mustLack(t, "the 7 days' sends", up, path(`id="enr-%d"`, w.enrollment), old.In(shanghai).Format("2006-01-02"))
		mustContain(t, "the 7 days' sends", up, `<span class="count">0</span>`)
		paused := cut(t, desk, `id="paused"`, "</section>")
		mustContain(t, "the paused list", paused, path(`id="enr-%d"`, w.enrollment), "Meier GmbH", "paused, no date",
			"key-customer · step 1", path(`action="/enrollments/%d/resume"`, w.enrollment))
		mustLack(t, "the paused list", paused, old.In(shanghai).Format("2006-01-02"), old.In(berlin).Format("01-02"))
		zh := cut(t, c.getZh(t, "/"), `id="paused"`, "</section>")
		mustContain(t, "the Chinese paused list", zh, "已暂停、未定日期", "已暂停，未定日期")
	}
	// The customer's page says the same, not "next" and the old time.
	_, page := lilyC.get(path("/customers/%d", w.meier))
	enr := cut(t, page, path(`<li id="enr-%d">`, w.enrollment), "</li>")
	mustContain(t, "Meier's follow-ups", enr, "paused, no date")
	mustLack(t, "Meier's follow-ups", enr, old.In(shanghai).Format("2006-01-02"))
	// Tom's desk does not list Lily's.
	_, desk := w.signIn(srv, tom).get("/")
	mustLack(t, "Tom's desk", desk, `id="paused"`)

	if code, loc := lilyC.do("/", path("/enrollments/%d/resume", w.enrollment), nil); code != http.StatusSeeOther {
		t.Fatalf("resume: %d %s", code, loc)
	}
	_, desk = lilyC.get("/")
	mustLack(t, "the desk after resume", desk, `id="paused"`)
	mustContain(t, "the 7 days' sends after resume", cut(t, desk, `id="upcoming"`, "</section>"), path(`id="enr-%d"`, w.enrollment))
}

// cut is the part of body from the first from to the first to after it.
func cut(t *testing.T, body, from, to string) string {
	t.Helper()
	i := strings.Index(body, from)
	if i < 0 {
		t.Fatalf("no %s in:\n%s", from, body)
	}
	body = body[i:]
	if j := strings.Index(body, to); j >= 0 {
		body = body[:j]
	}
	return body
}
