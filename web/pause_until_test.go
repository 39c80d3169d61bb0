package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// "I'm at the Canton Fair until the 20th": Pause on the desk takes a day,
// the start of it in the customer's zone. The follow-up is then listed
// among the sends at the send window's opening that day, where the job
// resumes it, marked "paused until", not under
// "Paused, no date"; a day gone is refused with why, in English and in
// Chinese, and changes nothing. The customer's page and the list of later
// follow-ups to a colleague's customer offer the same day.
func TestPauseUntilADayFromTheDesk(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	srv := w.serve()
	c := w.signIn(srv, lily)
	pause := path("/enrollments/%d/pause", w.enrollment)

	_, desk := c.get("/")
	mustContain(t, "the desk's Pause", cut(t, desk, path(`action="%s"`, pause), "</form>"), `type="date" name="until"`)
	_, page := c.get(path("/customers/%d", w.meier))
	mustContain(t, "the customer page's Pause", cut(t, page, path(`action="%s"`, pause), "</form>"), `type="date" name="until"`)

	// A day gone: refused, in both languages, and nothing changes.
	code, body := c.do("/", pause, url.Values{"until": {"2025-11-20"}})
	if code != http.StatusBadRequest {
		t.Fatalf("pause until last year: %d %s", code, body)
	}
	mustContain(t, "the refusal", body, "pause until 2025-11-20 is in the past")
	c.setLang("zh")
	code, body = c.do("/", pause, url.Values{"until": {"2025-11-20"}})
	if code != http.StatusBadRequest {
		t.Fatalf("pause until last year, in Chinese: %d %s", code, body)
	}
	mustContain(t, "the Chinese refusal", body, "暂停到 2025-11-20：这个日期已经过去")
	if code, body = c.do("/", pause, url.Values{"until": {"the 20th"}}); code != http.StatusBadRequest || !strings.Contains(body, "请填写日期") {
		t.Fatalf("pause until a word, in Chinese: %d %s", code, body)
	}
	c.setLang("en")
	if e, _ := w.db.GetEnrollment(w.ctx, w.enrollment); e.Status != keepwarm.EnrollActive {
		t.Fatalf("after the refusals: %s", e.Status)
	}

	if code, loc := c.do("/", pause, url.Values{"until": {"2026-11-20"}, "back": {"/"}}); code != http.StatusSeeOther {
		t.Fatalf("pause until the 20th: %d %s", code, loc)
	}
	end := time.Date(2026, 11, 20, 0, 0, 0, 0, berlin) // Meier's day
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil || e.Status != keepwarm.EnrollPaused || !e.PausedUntil.Equal(end) {
		t.Fatalf("after pause until the 20th: %s until %s (want %s) %v", e.Status, e.PausedUntil, end, err)
	}
	_, desk = c.get("/")
	up := cut(t, desk, `id="upcoming"`, "</section>")
	line := cut(t, up, path(`id="enr-%d"`, w.enrollment), "</li>")
	// It goes when the look that resumes it moves it: at the send
	// window's opening that day, not at the pause's end at midnight.
	mustContain(t, "the paused follow-up among the sends", line, "Fri 11-20 09:00 Europe/Berlin (customer&#39;s time)",
		"paused until Fri 11-20 00:00 Europe/Berlin", path(`action="/enrollments/%d/resume"`, w.enrollment))
	mustLack(t, "the paused follow-up among the sends", line, "00:00 Europe/Berlin (customer&#39;s time)")
	mustLack(t, "the desk", desk, `id="paused"`)
	_, page = c.get(path("/customers/%d", w.meier))
	mustContain(t, "Meier's follow-ups", cut(t, page, path(`<li id="enr-%d">`, w.enrollment), "</li>"), "paused until Fri 11-20 00:00 Europe/Berlin",
		"next Fri 11-20 09:00 Europe/Berlin (customer&#39;s time) · 2026-11-20 16:00")
	if n := w.count(`SELECT count(*) FROM web_audit WHERE action = 'enrollment.pause' AND after = 'paused until 2026-11-20'`); n != 1 {
		t.Fatalf("%d audit rows of the pause until the 20th", n)
	}
	// The follow-up job's look after the pause puts the step where the
	// desk said it goes.
	if _, err := w.fu.Run(w.ctx, time.Date(2026, 11, 20, 0, 30, 0, 0, berlin)); err != nil {
		t.Fatal(err)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollActive ||
		!e.DueAt.Equal(time.Date(2026, 11, 20, 9, 0, 0, 0, berlin)) {
		t.Fatalf("after the pause: %s due %s %v, want active and due at 09:00 Berlin", e.Status, e.DueAt, err)
	}

	// Handed to Tom, with its next step beyond the 7 days: the desk's
	// later list offers the same day.
	if _, err := w.raw.Exec(`UPDATE customers SET owner = ? WHERE id = ?`, tom, w.meier); err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.Exec(`UPDATE enrollments SET status = 'active', paused_until = NULL, due_at = ? WHERE id = ?`,
		now0.Add(10*24*time.Hour).Unix(), w.enrollment); err != nil {
		t.Fatal(err)
	}
	_, desk = c.get("/")
	mustContain(t, "the later list's Pause", cut(t, cut(t, desk, `id="elsewhere"`, "</section>"), path(`action="%s"`, pause), "</form>"),
		`type="date" name="until"`)
}
