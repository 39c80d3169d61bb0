package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// The replies report states the targets and the period under its title,
// and its rows add up: mail = within target + breaches + still waiting
// within its target (a column of its own, in the CSV too).
func TestRepliesReportNamesTargetsAndAddsUp(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	r.pastReplies()
	at := now0.Add(2*time.Hour - 3*time.Minute)
	r.save("lily", "INBOX", msg("new-1@acme.com", keepwarm.KindInbound, "Price again", "bob@acme.com", "Bob Stone", at))
	if _, err := r.db.MeasureReplies(r.ctx, now0.Add(2*time.Hour), "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(now0.Add(2 * time.Hour))

	code, body := mgr.get("/reports/replies")
	if code != http.StatusOK {
		t.Fatalf("replies report: %d", code)
	}
	mustContain(t, "replies report", body, `id="report-targets"`, "Reply target: 10m; grade A: 5m", "<th>waiting, not yet late</th>")
	m := regexp.MustCompile(`<tr><td>Lily Chen</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no row for Lily:\n%s", body)
	}
	n := make([]int, 4)
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	if n[3] < 1 || n[0] != n[1]+n[2]+n[3] {
		t.Errorf("Lily's row: mail %d, within %d, breaches %d, waiting %d: want the new mail waiting and the row adding up", n[0], n[1], n[2], n[3])
	}
	_, csvBody := mgr.get("/reports/replies?format=csv")
	if !strings.HasPrefix(csvBody, "\uFEFFsalesperson,mail,within target,breaches,\"waiting, not yet late\",share within (%),") {
		t.Errorf("CSV header: %s", strings.SplitN(csvBody, "\n", 2)[0])
	}
	mustContain(t, "replies report in Chinese", mgr.getZh(t, "/reports/replies"), "回复时限", "尚在等待、未超时")
}
