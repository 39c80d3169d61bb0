package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// Each clock keeps the target of its day: after the manager changed the
// reply target, the replies page says which targets its mail was judged
// with under the head's targets of today.
func TestRepliesReportSaysTheTargetsChanged(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	meierQ := r.pastReplies()
	r.clock.Set(now0.Add(2 * time.Hour))
	// The rig measures every clock with 10m; grade A's target is 5m.
	if _, err := r.raw.Exec(`UPDATE reply_clocks SET target_seconds = 300 WHERE grade = 'A'`); err != nil {
		t.Fatal(err)
	}
	if _, body := mgr.get("/reports/replies"); !strings.Contains(body, `id="report-targets"`) || strings.Contains(body, `id="report-targets-judged"`) {
		t.Fatalf("targets unchanged: the page says otherwise:\n%s", body)
	}
	// Meier's question was judged when the target was 30 minutes.
	if _, err := r.raw.Exec(`UPDATE reply_clocks SET target_seconds = 1800 WHERE message_id = ?`, meierQ); err != nil {
		t.Fatal(err)
	}
	code, body := mgr.get("/reports/replies")
	if code != http.StatusOK {
		t.Fatalf("replies report: %d", code)
	}
	mustContain(t, "the targets judged with", body, `id="report-targets-judged"`,
		"The targets changed: this period&#39;s mail was judged with 10m, 30m (each message keeps the target of its day).")
}

// Meier (grade B) was judged with 5m, which is grade A's target today, not
// B's (the team's 10m): the page says the targets changed, comparing each
// grade's with its target of today, not the values as a set.
func TestRepliesReportComparesTheTargetsPerGrade(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	meierQ := r.pastReplies()
	r.clock.Set(now0.Add(2 * time.Hour))
	if _, err := r.raw.Exec(`UPDATE reply_clocks SET grade = 'B', target_seconds = 300 WHERE message_id = ?`, meierQ); err != nil {
		t.Fatal(err)
	}
	if _, err := r.raw.Exec(`UPDATE reply_clocks SET target_seconds = 300 WHERE grade = 'A'`); err != nil {
		t.Fatal(err)
	}
	_, body := mgr.get("/reports/replies")
	mustContain(t, "the targets judged with", body, `id="report-targets-judged"`,
		"The targets changed: this period&#39;s mail was judged with 5m, 10m (each message keeps the target of its day).")
}
