package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
	"keepwarm/app"
)

// Meier is in Tokyo, an hour east of the team's Shanghai. Paused "until
// 2026-12-20" from the customer's page, the follow-up reads paused until
// the 20th, in Tokyo's time named, never the 19th, the day before the one
// typed, as the team's clock has it; its next step reads in the customer's
// time and the team's, as on the desk.
func TestCustomerPageGivesFollowUpTimesInTheCustomersZone(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	w.deps.CustomerLocation = func(keepwarm.Customer) *time.Location { return tokyo }
	w.be = app.NewWebBackend(w.deps)
	srv := w.serve()
	w.rebase(srv.URL)
	c := w.signIn(srv, lily)
	page := path("/customers/%d", w.meier)

	_, body := c.get(page)
	line := cut(t, body, path(`<li id="enr-%d">`, w.enrollment), "</li>")
	e, err := w.db.GetEnrollment(w.ctx, w.enrollment)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, "Meier's running follow-up", line, "next "+e.DueAt.In(tokyo).Format("Mon 01-02 15:04")+" Asia/Tokyo (customer&#39;s time) · "+
		e.DueAt.In(shanghai).Format("2006-01-02 15:04"))

	if code, loc := c.do(page, path("/enrollments/%d/pause", w.enrollment), url.Values{"until": {"2026-12-20"}, "back": {page}}); code != http.StatusSeeOther {
		t.Fatalf("pause until the 20th: %d %s", code, loc)
	}
	if e, err = w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || !e.PausedUntil.Equal(time.Date(2026, 12, 20, 0, 0, 0, 0, tokyo)) {
		t.Fatalf("paused until %s %v, want the 20th in Tokyo", e.PausedUntil, err)
	}
	_, body = c.get(page)
	line = cut(t, body, path(`<li id="enr-%d">`, w.enrollment), "</li>")
	until := cut(t, line, `class="paused-until"`, "</span>")
	mustContain(t, "Meier's pause", until, "paused until Sun 12-20 00:00 Asia/Tokyo")
	mustLack(t, "Meier's pause", until, "12-19")
	mustContain(t, "Meier's paused follow-up", line, "(customer&#39;s time)")
	zh := cut(t, c.getZh(t, page), path(`<li id="enr-%d">`, w.enrollment), "</li>")
	mustContain(t, "Meier's pause in Chinese", cut(t, zh, `class="paused-until"`, "</span>"), "周日 12-20 00:00 Asia/Tokyo")
	mustLack(t, "Meier's pause in Chinese", cut(t, zh, `class="paused-until"`, "</span>"), "12-19")
	mustContain(t, "Meier's paused follow-up in Chinese", zh, "客户当地时间")
}
