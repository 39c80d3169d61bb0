package web_test

import (
	"strings"
	"testing"
	"time"
)

// A buyer's mail that came 40 days ago and was never answered is outside
// the replies report's 30 days, so none of its figures counts it; the page
// still names it under the breaches, with its wait and its links, to the
// manager and to its owner, and the period's table is what it was.
func TestRepliesReportNamesMailStillWaitingFromBeforeThePeriod(t *testing.T) {
	r, mgr, lilyC, tomC := newConsole(t)
	r.answeredAfter("recent@acme.com", now0.Add(-72*time.Hour), 65*time.Minute)
	r.clock.Set(now0)
	_, before := mgr.get("/reports/replies")
	mustLack(t, "the report before any old mail", before, `id="breaches-older"`)
	row := rowOf(t, before, "Lily Chen")

	r.answeredAfter("forgotten@acme.com", now0.Add(-40*24*time.Hour), 0)
	id := r.idOf("forgotten@acme.com")
	_, body := mgr.get("/reports/replies")
	mustContain(t, "manager's report", body, `id="breaches-older"`, "Still waiting from before this period: 1",
		path(`id="older-%d"`, id), path(`href="/messages/%d"`, id), "Question forgotten@acme.com", "late by 39d 23h")
	if got := rowOf(t, body, "Lily Chen"); got != row {
		t.Errorf("the period's row changed with mail from before it:\n%s\nwas\n%s", got, row)
	}
	i := strings.Index(body, `id="breaches-older"`)
	if i < 0 {
		t.Fatalf("no list of the mail still waiting from before the period:\n%s", body)
	}
	if strings.Contains(body[:i], "forgotten@acme.com") || !strings.Contains(body[i:], "forgotten@acme.com") {
		t.Errorf("the old mail is listed among the period's breaches:\n%s", body)
	}
	mustContain(t, "manager's report in Chinese", mgr.getZh(t, "/reports/replies"), "本期之前到达、至今仍未回复：1 封")

	_, body = lilyC.get("/reports/replies")
	mustContain(t, "Lily's report", body, "Still waiting from before this period: 1", path(`href="/messages/%d"`, id))
	_, body = tomC.get("/reports/replies")
	mustLack(t, "Tom's report", body, `id="breaches-older"`, "forgotten@acme.com")
}
