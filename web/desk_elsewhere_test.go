package web_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"keepwarm"
)

// Meier was handed to Tom, but Lily's follow-up to Meier still goes out in
// her name, its next step in 10 days. Meier's page is closed to her, so the
// desk lists that follow-up beyond the 7 days, without a link, with Pause
// and Stop, which work; Tom's desk does not list it.
func TestDeskListsALaterFollowUpInHerNameToAColleaguesCustomer(t *testing.T) {
	w := newWorld(t, "http://keepwarm.test")
	due := now0.Add(10 * 24 * time.Hour)
	if _, err := w.raw.Exec(`UPDATE customers SET owner = ? WHERE id = ?`, tom, w.meier); err != nil {
		t.Fatal(err)
	}
	if _, err := w.raw.Exec(`UPDATE enrollments SET due_at = ? WHERE id = ?`, due.Unix(), w.enrollment); err != nil {
		t.Fatal(err)
	}
	srv := w.serve()
	c := w.signIn(srv, lily)
	stop := path("/enrollments/%d/stop", w.enrollment)
	if code, _ := c.get(path("/customers/%d", w.meier)); code != http.StatusNotFound {
		t.Fatalf("Meier's page for Lily after the handover: %d", code)
	}
	_, desk := c.get("/")
	line := cut(t, desk, `id="elsewhere"`, "</div></li>")
	mustContain(t, "Lily's later follow-up to Meier", line, path(`id="enr-%d"`, w.enrollment), "<strong>Meier GmbH</strong>", "key-customer",
		`action="`+stop+`"`, path(`action="/enrollments/%d/pause"`, w.enrollment))
	mustLack(t, "Lily's later follow-up to Meier", line, path(`href="/customers/%d"`, w.meier))
	_, tomDesk := w.signIn(srv, tom).get("/")
	mustLack(t, "Tom's desk", tomDesk, `id="elsewhere"`)

	if code, loc := c.do("/", path("/enrollments/%d/pause", w.enrollment), url.Values{"back": {"/"}}); code != http.StatusSeeOther {
		t.Fatalf("Pause: %d %s", code, loc)
	}
	if code, loc := c.do("/", stop, url.Values{"back": {"/"}, "confirm": {"1"}}); code != http.StatusSeeOther {
		t.Fatalf("Stop: %d %s", code, loc)
	}
	if e, err := w.db.GetEnrollment(w.ctx, w.enrollment); err != nil || e.Status != keepwarm.EnrollStopped {
		t.Fatalf("after Stop: %s %v", e.Status, err)
	}
	_, desk = c.get("/")
	mustLack(t, "Lily's desk after Stop", desk, `id="elsewhere"`)
}
