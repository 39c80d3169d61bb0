package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"keepwarm"
)

// A team whose customers write at night against a wall-clock target has
// thousands of breaches in 30 days: the replies page lists the 50 most
// recent (oldest first, with their links) and says how many more the CSV
// holds; the CSV has them all.
func TestRepliesPageListsTheMostRecentBreaches(t *testing.T) {
	r, mgr, _, _ := newConsole(t)
	first := now0.AddDate(0, 0, -20)
	const n = 70
	for i := range n {
		r.save("lily", "INBOX", msg(fmt.Sprintf("late-%02d@acme.com", i), keepwarm.KindInbound, fmt.Sprintf("Night order %02d", i),
			"bob@acme.com", "Bob Stone", first.Add(time.Duration(i)*time.Hour)))
	}
	if _, err := r.db.MeasureReplies(r.ctx, now0.Add(2*time.Hour), "test", func(c *keepwarm.ReplyClock) {
		c.Target, c.Owner = 10*time.Minute, c.CustomerOwner
	}); err != nil {
		t.Fatal(err)
	}
	r.clock.Set(now0.Add(2 * time.Hour))

	code, csvBody := mgr.get("/reports/replies?format=csv&table=breaches")
	rows := strings.Count(strings.TrimSpace(csvBody), "\n")
	if code != http.StatusOK || rows < n || !strings.Contains(csvBody, "Night order 00") || !strings.Contains(csvBody, "Night order 69") {
		t.Fatalf("breaches CSV (%d rows): %d\n%s", rows, code, csvBody)
	}
	code, body := mgr.get("/reports/replies")
	if code != http.StatusOK {
		t.Fatalf("replies report: %d\n%s", code, body)
	}
	if got := strings.Count(body, `<li id="breach-`); got != 50 {
		t.Fatalf("the page lists %d breaches, want the 50 most recent", got)
	}
	mustContain(t, "the breaches shown", body, `id="breaches-more"`,
		fmt.Sprintf("The 50 most recent are listed, oldest first; %d more are in the CSV.", rows-50),
		fmt.Sprintf(`<span class="count">%d</span>`, rows),
		"Night order 69", path(`href="/messages/%d"`, r.idOf("late-69@acme.com")))
	mustLack(t, "the breaches shown", body, "Night order 00", "Night order 19")
}
